"""Meetings with agenda, invitees, attendance and minutes; decisions with their numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.lib import pagecache
from uebergang.network.markdown import render_markdown
from uebergang.network.models import AgendaItem, Attendance, BodyMembership, Decision, Meeting
from uebergang.test import create_organisation

Action = AuditEvent.Action


def meeting_url(meeting, suffix="") -> str:
    return f"/kreis-a/intern/sitzungen/{meeting.pk}/{suffix}"


def new_meeting_url(body) -> str:
    return f"/kreis-a/intern/gremien/{body.pk}/sitzungen/neu/"


MEETING = {
    "title": "",
    "date": "2026-03-12",
    "start_time": "14:00",
    "end_time": "16:30",
    "place": "Landratsamt, Saal 2",
    "online_url": "",
    "agenda": "Begrüßung\n\n  Bericht der Koordinierungsstelle  \nVerschiedenes\n",
    "minutes": "",
}


@pytest.fixture
def coordinator_client(client, cast):
    client.force_login(cast.coordinator)
    return client


# Creating and editing meetings.


def test_a_new_meeting_invites_the_current_members_and_keeps_the_agenda_order(coordinator_client, cast):
    body = cast.network_a.body
    former = BodyMembership.objects.create(
        body=body, organisation=create_organisation(cast.tenant_a, "Früher dabei"), end="2025-12-31"
    )
    response = coordinator_client.post(new_meeting_url(body), MEETING)
    meeting = Meeting.objects.exclude(pk=cast.network_a.meeting.pk).get(body=body)
    assert response.status_code == 302 and response.url == meeting_url(meeting)
    starts = timezone.localtime(meeting.starts_at)
    assert (starts.date().isoformat(), starts.strftime("%H:%M")) == ("2026-03-12", "14:00")
    assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "16:30"
    assert [item.title for item in meeting.agenda.all()] == [
        "Begrüßung",
        "Bericht der Koordinierungsstelle",
        "Verschiedenes",
    ]
    invitees = Attendance.objects.filter(meeting=meeting)
    assert [(a.membership, a.status) for a in invitees] == [(cast.network_a.body_membership, "invited")]
    assert not invitees.filter(membership=former).exists()
    event = AuditEvent.objects.get(action=Action.CREATED, object_type="network.meeting")
    assert event.tenant == cast.tenant_a and event.data["invitees"] == 1


def test_a_meeting_needs_a_place_or_link_and_a_sensible_time(coordinator_client, cast):
    response = coordinator_client.post(
        new_meeting_url(cast.network_a.body),
        {**MEETING, "place": "", "end_time": "13:00", "date": "12.13.2026"},
    )
    page = response.content.decode()
    assert "Bitte einen Ort oder einen Online-Link angeben." in page
    assert "Datum" in page and "errorlist" in page
    assert Meeting.objects.count() == 2  # the two of the cast


def test_an_online_meeting_needs_no_place(coordinator_client, cast):
    response = coordinator_client.post(
        new_meeting_url(cast.network_a.body),
        {**MEETING, "place": "", "online_url": "https://meet.example.org/sg"},
    )
    assert response.status_code == 302


def test_the_end_must_follow_the_start(coordinator_client, cast):
    response = coordinator_client.post(new_meeting_url(cast.network_a.body), {**MEETING, "end_time": "13:00"})
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()


def test_editing_a_meeting_reorders_the_agenda_and_keeps_notes(coordinator_client, cast):
    meeting = cast.network_a.meeting
    AgendaItem.objects.create(meeting=meeting, position=1, title="Haushalt", notes="Vorlage 12/2026")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Bericht")
    form = coordinator_client.get(meeting_url(meeting, "bearbeiten/")).content.decode()
    assert "Haushalt\nBericht" in form
    response = coordinator_client.post(
        meeting_url(meeting, "bearbeiten/"),
        {**MEETING, "agenda": "Bericht\nHaushalt\nNeuer Punkt", "minutes": "## Ergebnis\n\n- angenommen"},
    )
    assert response.status_code == 302
    items = list(meeting.agenda.all())
    assert [(i.position, i.title, i.notes) for i in items] == [
        (1, "Bericht", ""),
        (2, "Haushalt", "Vorlage 12/2026"),
        (3, "Neuer Punkt", ""),
    ]
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("## Ergebnis")
    event = AuditEvent.objects.get(action=Action.UPDATED, object_type="network.meeting")
    assert "agenda" in event.data["fields"] and "minutes" in event.data["fields"]


@pytest.mark.parametrize("role", ["partner", "case_worker", "steering"])
def test_without_an_office_only_coordinators_record_meetings(client, cast, role):
    client.force_login(cast.members_a[role])
    meeting = cast.network_a.meeting
    assert client.post(new_meeting_url(cast.network_a.body), MEETING).status_code == 404
    assert client.post(meeting_url(meeting, "bearbeiten/"), MEETING).status_code == 404
    assert client.post(meeting_url(meeting, "anwesenheit/"), {}).status_code == 404
    assert (
        client.post(meeting_url(meeting, "beschluesse/neu/"), {"text": "x", "status": "adopted"}).status_code
        == 404
    )
    assert Meeting.objects.count() == 2 and Decision.objects.count() == 2


def test_coordinator_b_cannot_touch_meetings_of_a(client, cast):
    client.force_login(cast.coordinator_b)
    meeting = cast.network_a.meeting
    assert (
        client.post(f"/stadt-b/intern/gremien/{cast.network_a.body.pk}/sitzungen/neu/", MEETING).status_code
        == 404
    )
    assert client.post(f"/stadt-b/intern/sitzungen/{meeting.pk}/bearbeiten/", MEETING).status_code == 404
    assert client.get(f"/stadt-b/intern/sitzungen/{meeting.pk}/").status_code == 404
    assert client.get(meeting_url(meeting)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Rathaus"


# Attendance.


def test_attendance_is_recorded_per_invitee(coordinator_client, cast):
    meeting = cast.network_a.meeting
    second = BodyMembership.objects.create(
        body=meeting.body, organisation=create_organisation(cast.tenant_a, "Jobcenter", kind="jobcenter")
    )
    first = Attendance.objects.create(meeting=meeting, membership=cast.network_a.body_membership)
    other = Attendance.objects.create(meeting=meeting, membership=second)
    form = coordinator_client.get(meeting_url(meeting, "anwesenheit/")).content.decode()
    assert "Jobcenter" in form and "entschuldigt" in form and "<fieldset" in form
    response = coordinator_client.post(
        meeting_url(meeting, "anwesenheit/"),
        {f"attendance_{first.pk}": "present", f"attendance_{other.pk}": "excused"},
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("membership", "status")) == {
        cast.network_a.body_membership.pk: "present",
        second.pk: "excused",
    }
    event = AuditEvent.objects.get(action=Action.UPDATED, object_type="network.meeting")
    assert event.data["attendance"] == {
        str(cast.network_a.body_membership.pk): "present",
        str(second.pk): "excused",
    }
    page = coordinator_client.get(meeting_url(meeting)).content.decode()
    assert "anwesend" in page and "entschuldigt" in page


def test_attendance_rejects_unknown_statuses(coordinator_client, cast):
    meeting = cast.network_a.meeting
    attendance = Attendance.objects.create(meeting=meeting, membership=cast.network_a.body_membership)
    response = coordinator_client.post(
        meeting_url(meeting, "anwesenheit/"), {f"attendance_{attendance.pk}": "party"}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.status == "invited"


# Minutes: who may read them, and how they are rendered.


@pytest.mark.parametrize(
    "role, sees_minutes",
    [("coordinator", True), ("partner", True), ("case_worker", False), ("steering", False)],
)
def test_minutes_and_attendance_only_for_members_of_the_body(client, cast, role, sees_minutes):
    meeting = cast.network_a.meeting
    AgendaItem.objects.create(meeting=meeting, position=1, title="Öffentlicher Tagesordnungspunkt")
    Attendance.objects.create(meeting=meeting, membership=cast.network_a.body_membership, status="present")
    client.force_login(cast.members_a[role])
    for url in (meeting_url(meeting), meeting_url(meeting, "druck/")):
        page = client.get(url).content.decode()
        assert "Öffentlicher Tagesordnungspunkt" in page and "Rathaus" in page
        assert (meeting.minutes in page) is sees_minutes, url
        assert ("Eingeladene Mitglieder und ihre Anwesenheit" in page) is sees_minutes, url
        assert cast.network_a.decision.reference in page


def test_minutes_are_rendered_as_sanitised_markdown(coordinator_client, cast):
    meeting = cast.network_a.meeting
    meeting.minutes = (
        "## Ergebnisse\n\n**Einstimmig** angenommen.\n\n"
        "<script>alert('x')</script>\n\n"
        '[Klick](javascript:alert(1)) und <a href="javascript:alert(2)" onclick="x()">hier</a> '
        "und [Bericht](https://example.org/bericht.pdf)\n\n<img src=x onerror=alert(3)>"
    )
    meeting.save()
    page = coordinator_client.get(meeting_url(meeting)).content.decode()
    minutes = page[page.index('<div class="minutes">') :]
    assert "<h3>Ergebnisse</h3>" in minutes and "<strong>Einstimmig</strong>" in minutes
    assert "<script>alert" not in minutes and "alert('x')" not in minutes
    assert "javascript:" not in minutes and "onclick" not in minutes and "onerror" not in minutes
    assert (
        '<a href="https://example.org/bericht.pdf" rel="noopener noreferrer nofollow">Bericht</a>' in minutes
    )


@pytest.mark.parametrize(
    "source",
    ["# Beschlüsse\n\n## Haushalt\n\n#### Anlage", "## Beschlüsse\n\n### Haushalt\n\n##### Anlage"],
)
def test_minutes_headings_sit_below_the_protokoll_heading_without_skipping(source):
    html = render_markdown(source)
    assert "<h3>Beschlüsse</h3>" in html and "<h4>Haushalt</h4>" in html and "<h6>Anlage</h6>" in html
    assert "<h1" not in html and "<h2" not in html
    assert "<h5>Beschlüsse</h5>" in render_markdown(source, heading_level=5)


def test_the_markdown_helper_strips_dangerous_html():
    html = render_markdown(
        "<script>steal()</script>[x](javascript:steal()) <iframe src=https://example.org></iframe>"
    )
    assert "script" not in html and "javascript" not in html and "iframe" not in html
    assert render_markdown("") == ""


def test_the_print_page_has_a_print_stylesheet_and_everything_of_the_meeting(coordinator_client, cast):
    meeting = cast.network_a.meeting
    AgendaItem.objects.create(meeting=meeting, position=1, title="Haushalt")
    page = coordinator_client.get(meeting_url(meeting, "druck/")).content.decode()
    assert 'media="print"' in page and "bodies-print.css" in page
    for text in ("Haushalt", meeting.minutes, cast.network_a.decision.reference, cast.network_a.task.title):
        assert text in page


def test_the_meeting_page_needs_no_more_queries_for_more_rows(
    coordinator_client, cast, django_assert_max_num_queries
):
    meeting = cast.network_a.meeting
    coordinator_client.get(meeting_url(meeting))
    pagecache.changed()  # like the second measurement, after writes: the frame (tenant, memberships) loaded afresh
    with django_assert_max_num_queries(30) as captured:
        coordinator_client.get(meeting_url(meeting))
    few = len(captured)
    for number in range(5):
        organisation = create_organisation(cast.tenant_a, f"Träger {number}")
        membership = BodyMembership.objects.create(body=meeting.body, organisation=organisation)
        Attendance.objects.create(meeting=meeting, membership=membership)
        AgendaItem.objects.create(meeting=meeting, position=number + 1, title=f"Punkt {number}")
        decision = meeting.decisions.create(body=meeting.body, year=2026, number=number + 2, text="Text")
        meeting.tasks.create(
            body=meeting.body, decision=decision, title="A", responsible_organisation=organisation
        )
    with django_assert_max_num_queries(few):
        coordinator_client.get(meeting_url(meeting))


# Decisions.


def test_decisions_get_the_next_free_number_of_their_body_and_year(coordinator_client, cast):
    body = cast.network_a.body  # already has SG-2026-01
    meeting = Meeting.objects.create(
        body=body, starts_at=timezone.make_aware(datetime(2026, 4, 20, 10)), place="Kreishaus"
    )
    for text in ("Erster", "Zweiter"):
        response = coordinator_client.post(
            meeting_url(meeting, "beschluesse/neu/"), {"text": f"{text} Beschluss", "status": "adopted"}
        )
        assert response.status_code == 302
    assert [d.reference for d in Decision.objects.filter(meeting=meeting).order_by("number")] == [
        "SG-2026-02",
        "SG-2026-03",
    ]
    last_year = Meeting.objects.create(
        body=body, starts_at=timezone.make_aware(datetime(2025, 12, 31, 23, 30)), place="Kreishaus"
    )
    coordinator_client.post(
        meeting_url(last_year, "beschluesse/neu/"), {"text": "Alt", "status": "implemented"}
    )
    decision = Decision.objects.get(meeting=last_year)
    assert decision.reference == "SG-2025-01" and decision.status == "implemented"
    page = coordinator_client.get(meeting_url(meeting)).content.decode()
    assert "SG-2026-03" in page and "Zweiter Beschluss" in page
    event = AuditEvent.objects.filter(action=Action.CREATED, object_type="network.decision").first()
    assert event.data["reference"] == "SG-2025-01"


def test_numbers_are_per_body(coordinator_client, cast):
    other_tenant = cast.network_b.body  # same code SG, other tenant: its numbers do not count
    Decision.objects.create(meeting=cast.network_b.meeting, body=other_tenant, year=2026, number=7, text="B")
    meeting = Meeting.objects.create(
        body=cast.network_a.body, starts_at=timezone.make_aware(datetime(2026, 6, 1, 9)), place="Kreishaus"
    )
    coordinator_client.post(meeting_url(meeting, "beschluesse/neu/"), {"text": "A", "status": "adopted"})
    assert Decision.objects.get(meeting=meeting).reference == "SG-2026-02"


def test_a_decision_needs_a_text(coordinator_client, cast):
    response = coordinator_client.post(
        meeting_url(cast.network_a.meeting, "beschluesse/neu/"), {"text": "", "status": "adopted"}
    )
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Decision.objects.count() == 2


def test_the_status_of_a_decision_changes_and_is_audited(coordinator_client, cast):
    decision = cast.network_a.decision
    url = f"/kreis-a/intern/beschluesse/{decision.pk}/"
    assert decision.text in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"status": "implemented"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "implemented"
    event = AuditEvent.objects.get(action=Action.UPDATED, object_type="network.decision")
    assert event.data == {"status": ["adopted", "implemented"]}


@pytest.mark.parametrize(
    "who, status", [("partner", 404), ("steering", 404), ("coordinator_b", 403), ("outsider", 403)]
)
def test_others_cannot_change_a_decision(client, cast, who, status):
    decision = cast.network_a.decision
    client.force_login(cast.members_a.get(who) or getattr(cast, who))
    assert (
        client.post(f"/kreis-a/intern/beschluesse/{decision.pk}/", {"status": "dropped"}).status_code
        == status
    )
    decision.refresh_from_db()
    assert decision.status == "adopted"


def test_a_decision_of_b_is_not_found_under_b_url_for_a(client, cast):
    client.force_login(cast.coordinator_b)
    response = client.post(
        f"/stadt-b/intern/beschluesse/{cast.network_a.decision.pk}/", {"status": "dropped"}
    )
    assert response.status_code == 404


def test_upcoming_meetings_are_separate_from_past_ones(coordinator_client, cast):
    Meeting.objects.create(
        body=cast.network_a.body, starts_at=timezone.now() + timedelta(days=14), place="Neu"
    )
    page = coordinator_client.get(f"/kreis-a/intern/gremien/{cast.network_a.body.pk}/").content.decode()
    upcoming = page.index("Kommende Sitzungen")
    past = page.index("Vergangene Sitzungen")
    assert upcoming < page.index("Neu", upcoming) < past < page.index("Rathaus", past)
