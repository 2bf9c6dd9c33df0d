"""Every route of a municipality, called with hostile query parameters, answers without a server error.

Independent testing found 500s from a NUL character reaching PostgreSQL and from numbers beyond 64
bits overflowing SQLite. The APIs now refuse both with a structured error (uebergang/api/tests/
test_bad_input.py); this walk proves the HTML pages, exports and feeds cope too — for a coordinator
and for anonymous visitors, on whichever database the suite runs (`--postgres`).
"""

from __future__ import annotations

from django.test import Client

from tests.urlwalk import fill, tenant_routes

HUGE = "99999999999999999999"
TEXTS = ("q", "suche", "search", "plz", "status", "sort", "format", "dimensions", "tab")
NUMBERS = ("page", "seite", "jahr", "year", "schule", "school", "region", "regions", "alter", "umkreis")
HOSTILE = [
    dict.fromkeys(TEXTS, "Aus\x00bildung"),
    dict.fromkeys(NUMBERS, HUGE),
    dict.fromkeys(NUMBERS, "-" + HUGE),
]


def test_no_route_of_a_municipality_fails_on_hostile_parameters(cast):
    client = Client(raise_request_exception=False)
    failures = []
    for route in tenant_routes():
        url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
        for user in (cast.coordinator, None):
            client.logout()
            if user is not None:
                client.force_login(user)
            for params in HOSTILE:
                status = client.get(url, params).status_code
                if status >= 500:
                    failures.append(f"{user or 'anonymous'}: GET {url} {sorted(params)[0]}=… → {status}")
    assert failures == []
