"""The typed offerings API: public search and detail, and what staff see beyond the published offerings."""

from __future__ import annotations

import json

from uebergang.offerings.search import refresh_search_text

from .test_tokens import bearer, create_token

LIST = "/api/v1/{tenant}/offerings/"
DETAIL = "/api/v1/{tenant}/offerings/{id}"


def test_anyone_searches_the_published_offerings(client, cast):
    refresh_search_text(cast.offerings_a.published)
    page = client.get(LIST.format(tenant="kreis-a")).json()
    assert [o["title"] for o in page["results"]] == ["Bewerbungstraining a"]
    assert page["total"] == 1 and page["page"] == 1 and page["page_size"] == 20
    offering = page["results"][0]
    assert offering["provider"]["name"] == "Bildungswerk a"
    assert offering["phases"] == [{"code": "school_to_training", "label": "Sek I–Ausbildung"}]
    assert {facet["name"] for facet in page["facets"]} >= {"phases", "target_groups"}
    assert cast.offerings_a.draft.title not in json.dumps(page)
    found = client.get(
        LIST.format(tenant="kreis-a"), {"q": "Bewerbung", "phases": "school_to_training"}
    ).json()
    assert found["total"] == 1
    assert client.get(LIST.format(tenant="kreis-a"), {"phases": "training"}).json()["total"] == 0


def test_confidential_locations_show_no_address(client, cast):
    detail = client.get(DETAIL.format(tenant="kreis-a", id=cast.offerings_a.published.pk)).json()
    hidden = next(location for location in detail["locations"] if location["confidential"])
    assert hidden == hidden | {"street": None, "postcode": None, "latitude": None, "longitude": None}
    assert hidden["city"] == "Musterstadt"
    assert cast.offerings_a.confidential_street not in json.dumps(detail)


def test_the_public_gets_no_drafts_and_nothing_of_another_municipality(client, cast):
    assert client.get(DETAIL.format(tenant="kreis-a", id=cast.offerings_a.draft.pk)).status_code == 404
    response = client.get(DETAIL.format(tenant="kreis-a", id=cast.offerings_b.published.pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}
    assert client.get(LIST.format(tenant="gibt-es-nicht")).status_code == 404


def test_staff_see_the_drafts_they_may_see(client, cast):
    draft_url = DETAIL.format(tenant="kreis-a", id=cast.offerings_a.draft.pk)
    partner = create_token(client, cast.partner)
    assert client.get(draft_url, **bearer(partner)).json()["title"] == cast.offerings_a.draft.title
    drafts = client.get(LIST.format(tenant="kreis-a"), {"status": "draft"}, **bearer(partner)).json()
    assert [o["title"] for o in drafts["results"]] == [cast.offerings_a.draft.title]
    assert drafts["facets"] == []
    client.force_login(cast.coordinator)
    assert client.get(draft_url).status_code == 200
    client.logout()
    # B's coordinator: A's drafts do not exist, even with a valid token.
    other = create_token(client, cast.coordinator_b)
    assert client.get(draft_url, **bearer(other)).status_code == 404
    response = client.get(LIST.format(tenant="kreis-a"), {"status": "draft"}, **bearer(other))
    assert response.status_code == 403
    assert cast.offerings_a.draft.title not in response.content.decode()


def test_listing_by_status_needs_a_login(client, cast):
    response = client.get(LIST.format(tenant="kreis-a"), {"status": "draft"})
    assert response.status_code == 401
    client.force_login(cast.outsider)
    assert client.get(LIST.format(tenant="kreis-a"), {"status": "draft"}).status_code == 403


def test_a_bad_token_is_refused_even_where_anonymous_access_is_allowed(client, cast):
    assert client.get(LIST.format(tenant="kreis-a"), **bearer("ausgedacht")).status_code == 401


def test_bad_parameters_get_a_structured_error(client, cast):
    response = client.get(LIST.format(tenant="kreis-a"), {"alter": "alt", "status": "geheim"})
    assert response.status_code == 422
    named = [set(map(str, issue["loc"])) for issue in response.json()["detail"]]
    assert any("alter" in loc for loc in named) and any("status" in loc for loc in named)
