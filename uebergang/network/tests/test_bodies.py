"""The network page, public network pages, bodies and body memberships."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.network.models import Body, BodyMembership, Contact, Meeting
from uebergang.test import create_organisation

Action = AuditEvent.Action
NETWORK = "/kreis-a/intern/netzwerk/"
PUBLIC_NETWORK = "/kreis-a/netzwerk/"


def body_url(body) -> str:
    return f"/kreis-a/intern/gremien/{body.pk}/"


def add_body(cast, name, code, kind=Body.Kind.REGIONAL_GROUP, members=1, **fields):
    body = Body.objects.create(
        tenant=cast.tenant_a, name=name, code=code, kind=kind, level=Body.LEVEL_OF_KIND[kind], **fields
    )
    for index in range(members):
        organisation = create_organisation(cast.tenant_a, f"{name} Mitglied {index}")
        person = Contact.objects.create(organisation=organisation, name=f"Delegierte {name} {index}")
        BodyMembership.objects.create(body=body, organisation=organisation, person=person)
    return body


def queries_for(client, url) -> int:
    """Queries of a repeated request (the first one of a session does some one-off work)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def coordinator_client(client, cast):
    client.force_login(cast.coordinator)
    return client


# The network page.


def test_the_network_page_shows_levels_bodies_and_members_as_picture_and_table(coordinator_client, cast):
    body_a = cast.network_a.body
    group = add_body(cast, "Regionalgruppe West", "RG-W", parent=body_a, region=cast.region_a)
    page = coordinator_client.get(NETWORK).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="netzbild-titel netzbild-beschreibung"' in svg
    assert "Strategische Ebene" in svg and "Koordinierende Ebene" in svg and "Operative Ebene" in svg
    assert body_a.name in svg and group.name in svg
    assert cast.network_a.organisation.name in svg and "Regionalgruppe West Mitglied 0" in svg
    assert "<polyline" in svg  # the regional group hangs under the steering group
    table = page[page.index("<table") : page.index("</table>")]
    assert '<caption id="levels-table-caption">' in table and 'scope="col"' in table
    assert "Operative Ebene" in table and "West" in table
    assert "Delegierte Regionalgruppe West 0 – Mitglied" in table
    assert f'href="{body_url(group)}"' in table


def test_ended_memberships_are_not_on_the_network_page(coordinator_client, cast):
    cast.network_a.body_membership.end = timezone.localdate() - timedelta(days=1)
    cast.network_a.body_membership.save()
    page = coordinator_client.get(NETWORK).content.decode()
    assert cast.network_a.organisation.name not in page


def test_the_network_page_needs_no_more_queries_for_more_bodies(coordinator_client, cast):
    add_body(cast, "Arbeitskreis 1", "AK1", kind=Body.Kind.WORKING_GROUP, members=2)
    few = queries_for(coordinator_client, NETWORK)
    for number in range(2, 8):
        add_body(cast, f"Arbeitskreis {number}", f"AK{number}", kind=Body.Kind.WORKING_GROUP, members=4)
    assert queries_for(coordinator_client, NETWORK) == few


@pytest.mark.parametrize("role", ["partner", "case_worker", "steering"])
def test_every_staff_role_sees_the_network(client, cast, role):
    client.force_login(cast.members_a[role])
    assert cast.network_a.body.name in client.get(NETWORK).content.decode()


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_others_are_refused_the_network_page(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(NETWORK)
    assert response.status_code == 403
    assert cast.network_a.body.name not in response.content.decode()


# Public pages.


def test_the_public_network_shows_public_bodies_with_organisations_only(client, cast):
    internal = add_body(cast, "Interner Arbeitskreis", "IAK", kind=Body.Kind.WORKING_GROUP, is_public=False)
    upcoming = Meeting.objects.create(
        body=cast.network_a.body,
        starts_at=timezone.now() + timedelta(days=10),
        place="Landratsamt, Saal 2",
        online_url="https://meet.example.org/geheim",
        minutes="Geheimes Vorprotokoll",
    )
    Meeting.objects.create(body=internal, starts_at=timezone.now() + timedelta(days=3), place="Hinterzimmer")
    page = client.get(PUBLIC_NETWORK).content.decode()
    assert cast.network_a.body.name in page and cast.network_a.organisation.name in page
    assert 'role="img"' in page
    assert internal.name not in page and "Interner Arbeitskreis Mitglied 0" not in page
    assert cast.network_a.contact.name not in page and cast.network_a.private_contact.name not in page
    assert "Landratsamt, Saal 2" in page and "Hinterzimmer" not in page
    assert upcoming.minutes not in page and cast.network_a.meeting.minutes not in page
    assert "meet.example.org" not in page
    assert cast.network_b.body.name not in page


def test_the_public_body_page_shows_public_bodies_only(client, cast):
    body = cast.network_a.body
    page = client.get(f"/kreis-a/gremien/{body.pk}/").content.decode()
    assert body.name in page and cast.network_a.organisation.name in page
    assert cast.network_a.contact.name not in page and cast.network_a.meeting.minutes not in page
    body.is_public = False
    body.save()
    assert client.get(f"/kreis-a/gremien/{body.pk}/").status_code == 404
    assert client.get(f"/kreis-a/gremien/{cast.network_b.body.pk}/").status_code == 404


# Body detail.


def test_the_body_page_shows_mandate_memberships_meetings_decisions_and_tasks(coordinator_client, cast):
    network = cast.network_a
    network.body.mandate = "Steuert das Übergangssystem des Kreises."
    network.body.save()
    BodyMembership.objects.filter(pk=network.body_membership.pk).update(role="chair", fte=Decimal("0.25"))
    former = create_organisation(cast.tenant_a, "Ehemaliger Träger")
    BodyMembership.objects.create(
        body=network.body, organisation=former, start="2020-01-01", end="2021-12-31"
    )
    Meeting.objects.create(body=network.body, starts_at=timezone.now() + timedelta(days=5), place="Kreishaus")
    network.task.due_date = timezone.localdate() - timedelta(days=3)
    network.task.save()
    done = network.task.__class__.objects.create(
        body=network.body,
        title="Erledigte Aufgabe",
        status="done",
        responsible_organisation=network.organisation,
    )
    page = coordinator_client.get(body_url(network.body)).content.decode()
    assert "Steuert das Übergangssystem des Kreises." in page
    assert network.organisation.name in page and network.contact.name in page and "Vorsitz" in page
    assert "0,25" in page or "0.25" in page
    assert "Ehemaliger Träger" in page and "31.12.2021" in page
    assert "Kreishaus" in page and "Rathaus" in page
    assert network.decision.reference == "SG-2026-01" and "SG-2026-01" in page
    assert page.index(network.task.title) < page.index(done.title), "open tasks come first"
    assert "überfällig" in page


def test_the_body_page_needs_no_more_queries_for_more_rows(coordinator_client, cast):
    body = cast.network_a.body
    few = queries_for(coordinator_client, body_url(body))
    for number in range(5):
        organisation = create_organisation(cast.tenant_a, f"Träger {number}")
        BodyMembership.objects.create(body=body, organisation=organisation)
        meeting = Meeting.objects.create(body=body, starts_at=timezone.now() - timedelta(days=30 + number))
        body.decisions.create(meeting=meeting, year=2025, number=number + 1, text="Text")
        body.tasks.create(title=f"Aufgabe {number}", meeting=meeting, responsible_organisation=organisation)
    assert queries_for(coordinator_client, body_url(body)) == few


@pytest.mark.parametrize("who", ["coordinator_b", "outsider"])
def test_others_are_refused_the_body_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(body_url(cast.network_a.body)).status_code in {403, 404}


def test_a_body_of_another_tenant_is_not_found(coordinator_client, cast):
    assert coordinator_client.get(body_url(cast.network_b.body)).status_code == 404


# Creating and editing bodies.


def test_the_coordinator_creates_a_body_whose_level_follows_its_kind(coordinator_client, cast):
    response = coordinator_client.post(
        "/kreis-a/intern/gremien/neu/",
        {
            "name": "Koordinierungsgruppe Übergang",
            "code": "KG",
            "kind": "coordination_group",
            "level": "",
            "region": cast.region_a.pk,
            "parent": cast.network_a.body.pk,
            "mandate": "Stimmt die Angebote ab.",
            "is_public": "on",
        },
    )
    body = Body.objects.get(tenant=cast.tenant_a, code="KG")
    assert response.status_code == 302 and response.url == body_url(body)
    assert body.level == Body.Level.COORDINATING and body.parent == cast.network_a.body
    event = AuditEvent.objects.get(action=Action.CREATED, object_type="network.body")
    assert event.tenant == cast.tenant_a and event.actor == cast.coordinator


def test_a_level_can_differ_from_the_kind(coordinator_client, cast):
    coordinator_client.post(
        "/kreis-a/intern/gremien/neu/",
        {"name": "Fachgruppe Steuerung", "code": "FGS", "kind": "expert_group", "level": "strategic"},
    )
    assert Body.objects.get(code="FGS").level == Body.Level.STRATEGIC


def test_duplicate_codes_and_bad_codes_get_german_errors(coordinator_client, cast):
    response = coordinator_client.post(
        "/kreis-a/intern/gremien/neu/", {"name": "Noch eine", "code": "sg", "kind": "working_group"}
    )
    assert "Dieses Kürzel hat schon ein anderes Gremium." in response.content.decode()
    response = coordinator_client.post(
        "/kreis-a/intern/gremien/neu/", {"name": "Noch eine", "code": "A B", "kind": "working_group"}
    )
    assert "Das Kürzel darf nur Buchstaben" in response.content.decode()
    assert not Body.objects.filter(name="Noch eine").exists()


def test_the_same_code_is_fine_in_another_tenant(client, cast):
    client.force_login(cast.coordinator_b)
    response = client.post(
        "/stadt-b/intern/gremien/neu/", {"name": "AK B", "code": "AK", "kind": "working_group"}
    )
    assert response.status_code == 302


def test_editing_a_body_cannot_make_it_its_own_ancestor(coordinator_client, cast):
    top = cast.network_a.body
    child = add_body(cast, "Regionalgruppe Ost", "RG-O", parent=top)
    response = coordinator_client.post(
        f"{body_url(top)}bearbeiten/",
        {"name": top.name, "code": "SG", "kind": "steering_group", "parent": child.pk},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_editing_a_body_is_audited(coordinator_client, cast):
    body = cast.network_a.body
    response = coordinator_client.post(
        f"{body_url(body)}bearbeiten/",
        {"name": body.name, "code": "SG", "kind": "steering_group", "mandate": "Neuer Auftrag"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.mandate == "Neuer Auftrag" and body.is_public is False
    event = AuditEvent.objects.get(action=Action.UPDATED, object_type="network.body")
    assert "mandate" in event.data["fields"]


@pytest.mark.parametrize("role", ["partner", "case_worker", "steering"])
def test_only_coordinators_manage_bodies(client, cast, role):
    client.force_login(cast.members_a[role])
    assert (
        client.post(
            "/kreis-a/intern/gremien/neu/", {"name": "X", "code": "X", "kind": "working_group"}
        ).status_code
        == 403
    )
    assert client.get(f"{body_url(cast.network_a.body)}bearbeiten/").status_code == 403
    assert not Body.objects.filter(code="X").exists()


def test_coordinator_b_cannot_edit_a_body_of_a(client, cast):
    client.force_login(cast.coordinator_b)
    url = f"/stadt-b/intern/gremien/{cast.network_a.body.pk}/bearbeiten/"
    assert client.post(url, {"name": "Übernommen", "code": "SG", "kind": "steering_group"}).status_code == 404
    assert client.get(f"{body_url(cast.network_a.body)}bearbeiten/").status_code == 403


# Memberships.


def test_the_coordinator_adds_a_membership(coordinator_client, cast):
    body = cast.network_a.body
    school = create_organisation(cast.tenant_a, "Werkrealschule Musterstadt", kind="school")
    teacher = Contact.objects.create(organisation=school, name="Frau Beispiel")
    response = coordinator_client.post(
        f"{body_url(body)}mitglieder/neu/",
        {
            "organisation": school.pk,
            "person": teacher.pk,
            "role": "member",
            "start": "2026-01-01",
            "fte": "0.1",
        },
    )
    assert response.status_code == 302
    membership = BodyMembership.objects.get(body=body, organisation=school)
    assert membership.person == teacher and membership.fte == Decimal("0.1")
    assert AuditEvent.objects.filter(action=Action.CREATED, object_type="network.bodymembership").exists()


def test_membership_input_is_checked(coordinator_client, cast):
    body = cast.network_a.body
    school = create_organisation(cast.tenant_a, "Realschule", kind="school")
    response = coordinator_client.post(
        f"{body_url(body)}mitglieder/neu/",
        {
            "organisation": school.pk,
            "person": cast.network_a.contact.pk,
            "role": "member",
            "start": "2026-05-01",
            "end": "2026-01-01",
            "fte": "1.5",
        },
    )
    page = response.content.decode()
    assert "Diese Person gehört nicht zur gewählten Organisation." in page
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert "kleiner oder gleich 1" in page
    assert not BodyMembership.objects.filter(organisation=school).exists()


def test_organisations_of_another_tenant_cannot_join(coordinator_client, cast):
    response = coordinator_client.post(
        f"{body_url(cast.network_a.body)}mitglieder/neu/",
        {"organisation": cast.network_b.organisation.pk, "role": "member"},
    )
    assert response.status_code == 200
    assert not BodyMembership.objects.filter(
        body=cast.network_a.body, organisation=cast.network_b.organisation
    )


def test_a_membership_is_edited_and_ended(coordinator_client, cast):
    membership = cast.network_a.body_membership
    url = f"/kreis-a/intern/gremien-mitgliedschaften/{membership.pk}/"
    assert cast.network_a.organisation.name in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, {"action": "save", "organisation": membership.organisation_id, "role": "office", "fte": "0.5"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "office" and membership.person is None
    coordinator_client.post(url, {"action": "end"})
    membership.refresh_from_db()
    assert membership.end == timezone.localdate() and membership.is_current()
    assert AuditEvent.objects.filter(action=Action.UPDATED, object_type="network.bodymembership").count() == 2


def test_memberships_are_refused_to_others(client, cast):
    membership = cast.network_a.body_membership
    client.force_login(cast.partner)
    assert (
        client.post(
            f"/kreis-a/intern/gremien-mitgliedschaften/{membership.pk}/", {"action": "end"}
        ).status_code
        == 403
    )
    client.force_login(cast.coordinator_b)
    assert (
        client.post(
            f"/stadt-b/intern/gremien-mitgliedschaften/{membership.pk}/", {"action": "end"}
        ).status_code
        == 404
    )
    membership.refresh_from_db()
    assert membership.end is None


def test_past_meetings_and_decisions_of_a_body_come_in_pages_each_keeping_the_other(coordinator_client, cast):
    from uebergang.network.models import Decision

    body = add_body(cast, "Regionalgruppe Archiv", "RG-AR")
    now = timezone.now()
    for index in range(25):
        meeting = Meeting.objects.create(
            body=body, title=f"Archivsitzung {index:02d}", starts_at=now - timedelta(days=30 * (index + 1))
        )
        Decision.objects.create(
            meeting=meeting, body=body, year=2020 + index // 10, number=index, text=f"B {index}"
        )
    page = coordinator_client.get(body_url(body)).content.decode()
    assert (
        page.count("Archivsitzung ") == 20 and "Archivsitzung 00" in page and "Archivsitzung 24" not in page
    )
    assert "Seite 1 von 2" in page and 'href="?sitzungen=2#sitzungen-heading"' in page
    assert 'href="?beschluesse=2#beschluesse-heading"' in page
    second = coordinator_client.get(body_url(body) + "?sitzungen=2&beschluesse=2").content.decode()
    assert "Archivsitzung 24" in second and "Archivsitzung 00" not in second
    assert 'href="?beschluesse=2&amp;sitzungen=1#sitzungen-heading"' in second  # the decisions' page stays
