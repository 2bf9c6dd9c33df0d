"""Creating a meeting sends real invitations: one mail per invitee with an e-mail address, an .ics
(METHOD:REQUEST) that calendar programs read; a change of time sends it again with a higher SEQUENCE,
calling the meeting off sends METHOD:CANCEL. Checked against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest

from uebergang.network.models import BodyMembership, Contact, Meeting
from uebergang.test import create_organisation

NEW = {
    "title": "Herbstsitzung",
    "date": "2027-10-05",
    "start_time": "14:00",
    "end_time": "16:00",
    "place": "Rathaus, Saal 2",
    "online_url": "",
    "agenda": "Begrüßung\nBerichte",
    "minutes": "",
}


@pytest.fixture
def invitees(cast, settings):
    """Two delegated persons with an address (one of them twice: a second seat), one without."""
    settings.SITE_URL = "https://uebergang.example.org"
    settings.DEFAULT_FROM_EMAIL = "Übergang <noreply@uebergang.example.org>"
    body = cast.network_a.body
    Contact.objects.filter(pk=cast.network_a.body_membership.person_id).update(
        email="delegierte@traeger.example.org"
    )
    for index, email in enumerate(["schule@example.org", "", "schule@example.org"]):
        organisation = create_organisation(cast.tenant_a, f"Mitglied {index}")
        person = Contact.objects.create(organisation=organisation, name=f"Person {index}", email=email)
        BodyMembership.objects.create(body=body, organisation=organisation, person=person)
    return body


def calendar_of(message) -> icalendar.Calendar:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "einladung.ics"
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_a_new_meeting_mails_each_invitee_an_invitation_their_calendar_reads(client, cast, invitees, smtp):
    client.force_login(cast.coordinator)
    response = client.post(f"/kreis-a/intern/gremien/{invitees.pk}/sitzungen/neu/", NEW, follow=True)
    page = response.content.decode()
    assert "4 Mitglieder sind eingeladen" in page and "an 2 delegierte Personen mit E-Mail-Adresse" in page
    assert sorted(to for (to,), _message in smtp.messages) == [
        "delegierte@traeger.example.org",
        "schule@example.org",
    ]
    meeting = Meeting.objects.get(title="Herbstsitzung")
    for (to,), message in smtp.messages:
        assert message["To"] == to  # nobody sees the other addresses
        assert str(message["Subject"]).strip().startswith(f"Einladung: {invitees.name} am 5. Oktober 2027")
        assert (
            "Rathaus, Saal 2" in message.get_body().get_content()
            and "1. Begrüßung" in message.get_body().get_content()
        )
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"meeting-{meeting.pk}@uebergang.example.org"
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == datetime(2027, 10, 5, 12, 0, tzinfo=UTC)  # 14:00 in Berlin
        assert str(event["ORGANIZER"]) == "mailto:noreply@uebergang.example.org"
        assert str(event["ATTENDEE"]) == f"mailto:{to}"
        assert str(event["LOCATION"]) == "Rathaus, Saal 2"


def test_a_new_time_sends_the_invitation_again_and_a_cancellation_ends_it(client, cast, invitees, smtp):
    client.force_login(cast.coordinator)
    client.post(f"/kreis-a/intern/gremien/{invitees.pk}/sitzungen/neu/", NEW)
    meeting = Meeting.objects.get(title="Herbstsitzung")
    smtp.messages.clear()
    client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/bearbeiten/", {**NEW, "minutes": "Notiz"})
    assert smtp.messages == []  # minutes are no news for a calendar
    client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/bearbeiten/", {**NEW, "start_time": "15:00"})
    assert len(smtp.messages) == 2
    (event,) = calendar_of(smtp.messages[0][1]).walk("VEVENT")
    assert event["SEQUENCE"] == 1 and str(smtp.messages[0][1]["Subject"]).strip().startswith("Geändert:")
    smtp.messages.clear()
    response = client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/absagen/", follow=True)
    assert "ist abgesagt" in response.content.decode()
    calendar = calendar_of(smtp.messages[0][1])
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is not None
    assert client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/absagen/").status_code == 302
    assert len(smtp.messages) == 2  # a second click sends nothing


@pytest.mark.parametrize("who, status", [("coordinator_b", 403), ("outsider", 403)])
def test_others_cannot_call_a_meeting_off(client, cast, smtp, who, status):
    meeting = cast.network_a.meeting
    client.force_login(getattr(cast, who))
    assert client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/absagen/").status_code == status
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is None and smtp.messages == []


def test_a_member_without_an_office_finds_nothing_to_call_off(client, cast, smtp):
    meeting = cast.network_a.meeting
    client.force_login(cast.partner)
    assert client.post(f"/kreis-a/intern/sitzungen/{meeting.pk}/absagen/").status_code == 404
    assert client.get(f"/kreis-a/intern/sitzungen/{meeting.pk}/absagen/").status_code == 405
