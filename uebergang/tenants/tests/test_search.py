"""The workspace search: one box across actors, contact persons, bodies, meetings, decisions (also by
number), tasks and offerings, German-aware, and never showing what the person may not read."""

from __future__ import annotations

import pytest

from uebergang.accounts.models import Membership
from uebergang.network.models import Body, Meeting, Task

Role = Membership.Role


def search(client, text: str) -> str:
    return client.get("/kreis-a/intern/suche/", {"q": text}).content.decode()


def test_one_box_finds_each_kind_grouped(client, cast):
    network = cast.network_a
    client.force_login(cast.coordinator)
    page = search(client, network.organisation.name)
    assert 'id="akteure"' in page and network.organisation.name in page
    page = search(client, network.decision.reference)
    assert 'id="beschluesse"' in page and f"{network.decision.reference}:" in page
    page = search(client, network.task.title)
    assert 'id="aufgaben"' in page and f"/kreis-a/intern/aufgaben/{network.task.pk}/" in page
    page = search(client, cast.offerings_a.published.title)
    assert 'id="angebote"' in page


def test_german_words_meet_their_forms_and_spellings(client, cast):
    Task.objects.create(body=cast.network_a.body, title="Ausbildungsplätze für Geflüchtete zählen")
    client.force_login(cast.coordinator)
    for query in ("Ausbildungsplatz", "ausbildungsplaetze", "Geflüchteter"):
        assert "Ausbildungsplätze für Geflüchtete zählen" in search(client, query), query
    assert "Ausbildungsplätze für Geflüchtete" not in search(client, "Ausbildungsplatz Bauwagen")


def test_minutes_are_searched_only_for_those_who_may_read_them(client, cast):
    body = Body.objects.create(
        tenant=cast.tenant_a,
        name="Vertraulicher Kreis",
        code="VK",
        kind=Body.Kind.WORKING_GROUP,
        level="operational",
    )
    meeting = Meeting.objects.create(
        body=body, title="Runde", starts_at="2026-05-04T10:00:00+02:00", minutes="Geheimsache Zauberwort"
    )
    client.force_login(cast.coordinator)
    assert f"/kreis-a/intern/sitzungen/{meeting.pk}/" in search(client, "Zauberwort")
    client.force_login(cast.members_a[Role.STEERING])  # not a member of that body
    assert f"/kreis-a/intern/sitzungen/{meeting.pk}/" not in search(client, "Zauberwort")


def test_nothing_of_another_municipality_is_found(client, cast):
    import re

    client.force_login(cast.coordinator)
    for text in (
        cast.network_b.organisation.name,
        cast.network_b.task.title,
        cast.offerings_b.published.title,
    ):
        page = search(client, text)
        hits = " ".join(re.findall(r'<ul class="search-hits">(.*?)</ul>', page, flags=re.S))
        assert f">{text}<" not in hits, text


@pytest.mark.parametrize("who, status", [("coordinator_b", 403), ("outsider", 403)])
def test_others_are_refused(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get("/kreis-a/intern/suche/", {"q": "a"}).status_code == status


def test_hostile_input_gets_a_page(client, cast):
    client.force_login(cast.coordinator)
    for text in ("\x00", "x" * 5000, "%%%", "SG-9999-999"):
        assert client.get("/kreis-a/intern/suche/", {"q": text}).status_code == 200
