"""The isolation walk: nothing of municipality B reaches anybody of municipality A, on every route.

The walk covers every URL pattern that takes a `<tenant>`, including the ones later issues add:
- the staff workspace of B (`/<b>/intern/…`) refuses every role of A, the association and outsiders
  (403 or 404), and sends anonymous visitors to the login;
- every route filled with A's slug and B's object ids answers 404 for A's coordinator, whose role
  could see the objects of A;
- no refused answer shows any of B's non-public texts;
- every page of A that answers 200 — to any role of A, the association or anonymous visitors, HTML,
  JSON, exports (CSV, XLSX, PDF) and feeds alike — is read and shows none of B's private texts as a
  whole word (`Cast.private_texts_of`: contacts, minutes, task and decision titles, proposed versions,
  drafts, case data…), and each of A's own private texts is seen somewhere, so the texts are real.
"""

from __future__ import annotations

import pytest

from tests.urlwalk import Route, fill, readable, tenant_routes
from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import PERMISSIONS
from uebergang.test import mentions

Role = Membership.Role

ROUTES = tenant_routes()
REFUSED = {403, 404}


def workspace(route: Route) -> bool:
    """Staff pages and the tenant's staff API: nothing there is public."""
    return "/intern/" in route.template or (api(route) and not public_api(route))


def api(route: Route) -> bool:
    return route.template.startswith("/api/")


# The published catalogue is open data: the HSDS API and the offerings API answer everyone.
PUBLIC_API = ("/api/hsds/<tenant:tenant>/", "/api/v1/<tenant:tenant>/offerings/")


def public_api(route: Route) -> bool:
    return route.template.startswith(PUBLIC_API)


def with_objects(route: Route) -> bool:
    return route.parameters != ["tenant"]


def visitors(cast):
    return {
        **{f"{role} of A": user for role, user in cast.members_a.items()},
        "association": cast.association,
        "outsider": cast.outsider,
    }


def test_the_walk_sees_the_workspace():
    assert any(workspace(route) for route in ROUTES)


@pytest.mark.parametrize("route", [r for r in ROUTES if public_api(r)], ids=str)
def test_the_public_api_of_b_shows_everyone_of_a_only_public_data(client, cast, route):
    url = fill(route, cast.tenant_b, cast.objects_of(cast.tenant_b))
    for label, user in {**visitors(cast), "anonymous": None}.items():
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, f"{label}: GET {url} → {response.status_code}"
        for text in cast.private_texts_of(cast.tenant_b):
            assert not mentions(readable(response), text), f"{label} sees {text!r} of B on {url}"
        client.logout()


@pytest.mark.parametrize("route", [r for r in ROUTES if workspace(r)], ids=str)
def test_the_workspace_of_b_refuses_everyone_of_a(client, cast, route):
    url = fill(route, cast.tenant_b, cast.objects_of(cast.tenant_b))
    for label, user in visitors(cast).items():
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in REFUSED | {405}, (
                f"{label}: {method.upper()} {url} → {response.status_code}"
            )
            for text in cast.private_texts_of(cast.tenant_b):
                assert not mentions(readable(response), text), f"{label} sees {text!r} of B on {url}"
        client.logout()
    response = client.get(url)
    if api(route):
        assert response.status_code in {401, 403}, f"anonymous: GET {url} → {response.status_code}"
    else:
        assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


@pytest.mark.parametrize("route", [r for r in ROUTES if with_objects(r)], ids=str)
def test_objects_of_b_are_not_found_under_a(client, cast, route):
    url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_b))
    for user in (cast.coordinator, *cast.members_a.values()):
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in REFUSED | {405}, (
                f"{user}: {method.upper()} {url} → {response.status_code}"
            )
        client.logout()


def test_someone_of_a_reaches_every_route_of_a(client, cast):
    """The walk must not pass because the URLs are wrong: the same URLs work for A's own objects.

    The coordinator opens every route their role allows; routes kept from coordinators (the cases'
    personal data) are opened by the first role of A that has the route's permission."""
    for route in ROUTES:
        url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
        client.force_login(allowed_member(cast, route))
        assert client.get(url).status_code in {200, 405}, url
        client.logout()


def allowed_member(cast, route: Route):
    allowed = PERMISSIONS.get(getattr(route.callback, "permission", ""), None)
    if allowed is None or Role.COORDINATOR in allowed:
        return cast.coordinator
    return next(user for role, user in cast.members_a.items() if role in allowed)


# The content walk: statuses alone do not prove isolation, a page of A that answers 200 could still
# show something of B. Every such page (workspace and public, HTML, JSON, exports, feeds) is read by
# every role of A, the association and anonymous visitors, and searched for B's private texts, each as
# a whole word (`mentions`).


def readers(cast):
    return {**visitors(cast), "anonymous": None}


def leaked(response, texts: list[str]) -> list[str]:
    content = readable(response)
    return [text for text in texts if mentions(content, text)]


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_page_of_a_shows_a_private_text_of_b(client, cast, route):
    url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
    private_b = cast.private_texts_of(cast.tenant_b)
    for label, user in readers(cast).items():
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code == 200:
            assert leaked(response, private_b) == [], f"{label} reads texts of B on {url}"
        client.logout()


def test_the_content_walk_would_see_a_leak(client, cast):
    """Each private text of A appears on some page of A for someone of A: the texts are ones the pages
    really show, so the walk above would find them if B's leaked."""
    private_a = cast.private_texts_of(cast.tenant_a)
    unseen = set(private_a)
    for route in ROUTES:
        url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
        for user in cast.members_a.values():
            client.force_login(user)
            response = client.get(url)
            if response.status_code == 200:
                unseen -= set(leaked(response, sorted(unseen)))
            client.logout()
        if not unseen:
            break
    assert unseen == set()
