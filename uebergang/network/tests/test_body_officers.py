"""Bodies have their own roles: the chair and the deputy record the body's meetings, decisions and tasks
without being the municipality's coordinator — for their body only."""

from __future__ import annotations

import pytest

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.network.models import Body, BodyOfficer, Decision, Meeting

Role = Membership.Role


@pytest.fixture
def chaired(client, cast):
    """The partner chairs tenant A's body, the steering member deputises; set by the coordinator."""
    body = cast.network_a.body
    client.force_login(cast.coordinator)
    response = client.post(
        f"/kreis-a/intern/gremien/{body.pk}/vorsitz/",
        {"chair": cast.members_a[Role.PARTNER].pk, "deputy": cast.members_a[Role.STEERING].pk},
    )
    assert response.status_code == 302
    client.logout()
    return body


def other_body(cast) -> Body:
    return Body.objects.create(
        tenant=cast.tenant_a,
        name="Arbeitskreis Eltern",
        code="AK-EL",
        kind=Body.Kind.WORKING_GROUP,
        level="operational",
    )


def test_the_coordinator_names_chair_and_deputy_and_the_body_page_shows_them(client, cast, chaired):
    roles = dict(BodyOfficer.objects.filter(body=chaired).values_list("role", "user"))
    assert roles == {"chair": cast.members_a[Role.PARTNER].pk, "deputy": cast.members_a[Role.STEERING].pk}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATED, data__officers__chair__isnull=False
    ).exists()
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/gremien/{chaired.pk}/").content.decode()
    assert "Vorsitz: " in page and "stellvertretender Vorsitz: " in page


def test_the_chair_records_a_meeting_and_a_decision_of_their_body(client, cast, chaired):
    client.force_login(cast.members_a[Role.PARTNER])
    page = client.get(f"/kreis-a/intern/gremien/{chaired.pk}/").content.decode()
    assert "Sitzung anlegen" in page
    response = client.post(
        f"/kreis-a/intern/gremien/{chaired.pk}/sitzungen/neu/",
        {
            "title": "Regionalrunde Herbst",
            "date": "2027-10-05",
            "start_time": "14:00",
            "end_time": "16:00",
            "place": "Rathaus",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="Regionalrunde Herbst")
    assert meeting.body == chaired
    client.force_login(cast.members_a[Role.STEERING])  # the deputy records the decision
    response = client.post(
        f"/kreis-a/intern/sitzungen/{meeting.pk}/beschluesse/neu/",
        {"text": "Wir laden ein.", "status": "adopted"},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(meeting=meeting, text="Wir laden ein.").exists()


def test_a_chair_finds_nothing_to_record_in_another_body(client, cast, chaired):
    body = other_body(cast)
    client.force_login(cast.members_a[Role.PARTNER])
    assert client.get(f"/kreis-a/intern/gremien/{body.pk}/sitzungen/neu/").status_code == 404
    assert "Sitzung anlegen" not in client.get(f"/kreis-a/intern/gremien/{body.pk}/").content.decode()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.CASE_WORKER, Role.STEERING])
def test_without_an_office_nobody_but_the_coordinator_records_meetings(client, cast, role):
    body = cast.network_a.body
    client.force_login(cast.members_a[role])
    assert client.get(f"/kreis-a/intern/gremien/{body.pk}/sitzungen/neu/").status_code == 404
    assert client.get(f"/kreis-a/intern/sitzungen/{cast.network_a.meeting.pk}/bearbeiten/").status_code == 404


@pytest.mark.parametrize("who", ["coordinator_b", "outsider"])
def test_others_cannot_name_officers(client, cast, who):
    body = cast.network_a.body
    client.force_login(getattr(cast, who))
    response = client.post(f"/kreis-a/intern/gremien/{body.pk}/vorsitz/", {"chair": getattr(cast, who).pk})
    assert response.status_code == 403
    assert not BodyOfficer.objects.exists()


def test_a_partner_cannot_name_officers_and_one_person_holds_one_office(client, cast):
    body = cast.network_a.body
    client.force_login(cast.members_a[Role.PARTNER])
    assert client.get(f"/kreis-a/intern/gremien/{body.pk}/vorsitz/").status_code == 403
    client.force_login(cast.coordinator)
    partner = cast.members_a[Role.PARTNER].pk
    response = client.post(
        f"/kreis-a/intern/gremien/{body.pk}/vorsitz/", {"chair": partner, "deputy": partner}
    )
    assert response.status_code == 200 and "zwei verschiedene Personen" in response.content.decode()
    assert not BodyOfficer.objects.exists()
