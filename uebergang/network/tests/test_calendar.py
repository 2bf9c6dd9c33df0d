"""Calendar feeds: the management page, creating and revoking feeds, and the feeds as calendar programs read them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.network.models import AgendaItem, Body, BodyMembership, CalendarFeed, Meeting, Task

PAGE = "/kreis-a/intern/kalender/"
CREATE = PAGE + "neu/"


def feed_url(feed: CalendarFeed) -> str:
    return f"/{feed.tenant.slug}/kalender/{feed.token}.ics"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def create_body(tenant, name, code, *, public=True, members=()):
    body = Body.objects.create(
        tenant=tenant,
        name=name,
        code=code,
        kind=Body.Kind.WORKING_GROUP,
        level=Body.Level.OPERATIONAL,
        is_public=public,
    )
    for organisation in members:
        BodyMembership.objects.create(body=body, organisation=organisation)
    return body


def create_meeting(body, starts_at, **fields):
    return Meeting.objects.create(body=body, starts_at=starts_at, **fields)


@pytest.fixture
def later():
    """A fixed moment in the future, so the feed's one-year window always contains it."""
    return (timezone.now() + timedelta(days=30)).replace(hour=9, minute=30, second=0, microsecond=0)


# The feed itself ------------------------------------------------------------------------------


def test_personal_feed_of_the_coordinator_holds_every_meeting_and_own_tasks(client, cast, later):
    network = cast.network_a
    internal = create_body(cast.tenant_a, "AK Intern", "AKI", public=False)
    meeting = create_meeting(
        internal,
        later,
        ends_at=later + timedelta(hours=3),
        title="Frühjahrssitzung",
        place="Landratsamt, Raum 2",
        online_url="https://meet.example.org/ak",
        minutes="Geheimes Protokoll der Frühjahrssitzung",
    )
    AgendaItem.objects.create(meeting=meeting, position=2, title="Bericht der Schulen")
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    task = Task.objects.create(
        body=network.body,
        title="Bericht schreiben",
        responsible_user=cast.coordinator,
        due_date=date(2027, 3, 15),
    )
    Task.objects.create(body=network.body, title="Fremde Aufgabe", due_date=date(2027, 3, 16))
    Task.objects.create(
        body=network.body,
        title="Erledigte Aufgabe",
        responsible_user=cast.coordinator,
        due_date=date(2027, 3, 17),
        status=Task.Status.DONE,
    )

    response = client.get(feed_url(network.feed))  # no login: calendar programs cannot log in
    calendar = parse(response)

    assert response["Cache-Control"] == "private, max-age=300"
    assert response["Referrer-Policy"] == "no-referrer"
    assert str(calendar["VERSION"]) == "2.0" and "Übergang" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Kreis Alpha – meine Sitzungen und Aufgaben"
    found = events(calendar)
    assert set(found) == {
        f"meeting-{network.meeting.pk}@testserver",
        f"meeting-{meeting.pk}@testserver",
        f"task-{task.pk}@testserver",
    }
    event = found[f"meeting-{meeting.pk}@testserver"]
    assert event.decoded("DTSTART") == later.astimezone(UTC)
    assert event.decoded("DTSTART").tzinfo is not None and event["DTSTART"].to_ical().endswith(b"Z")
    assert event.decoded("DTEND") == (later + timedelta(hours=3)).astimezone(UTC)
    assert str(event["SUMMARY"]) == "AK Intern: Frühjahrssitzung"
    assert str(event["LOCATION"]) == "Landratsamt, Raum 2"
    description = str(event["DESCRIPTION"])
    assert description.index("1. Begrüßung") < description.index("2. Bericht der Schulen")
    assert "https://meet.example.org/ak" in description
    assert "DTSTAMP" in event
    meeting_page = reverse(
        "network:meeting_detail", kwargs={"tenant": cast.tenant_a, "meeting_id": meeting.pk}
    )
    assert str(event["URL"]) == f"http://testserver{meeting_page}"
    due = found[f"task-{task.pk}@testserver"]
    assert str(due["SUMMARY"]) == "Fällig: Bericht schreiben"
    assert due.decoded("DTSTART") == date(2027, 3, 15) and due.decoded("DTEND") == date(2027, 3, 16)
    task_page = reverse("network:task_detail", kwargs={"tenant": cast.tenant_a, "task_id": task.pk})
    assert str(due["URL"]) == f"http://testserver{task_page}"
    content = response.content.decode()
    assert "Protokoll" not in content and network.meeting.minutes not in content


def test_a_meeting_without_end_and_place_lasts_two_hours_and_shows_its_online_link(client, cast, later):
    meeting = create_meeting(cast.network_a.body, later, online_url="https://meet.example.org/sg")
    found = events(parse(client.get(feed_url(cast.network_a.feed))))
    event = found[f"meeting-{meeting.pk}@testserver"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)
    assert str(event["LOCATION"]) == "https://meet.example.org/sg"
    assert str(event["SUMMARY"]) == "Steuerungsgruppe a"


def test_the_uid_is_stable_and_old_meetings_drop_out(client, cast):
    old = create_meeting(cast.network_a.body, timezone.now() - timedelta(days=400))
    first = client.get(feed_url(cast.network_a.feed)).content
    second = client.get(feed_url(cast.network_a.feed)).content
    assert first == second
    assert f"meeting-{old.pk}@".encode() not in first


def test_the_personal_feed_of_a_partner_holds_the_bodies_of_its_organisation_only(client, cast, later):
    own = cast.network_a.organisation
    mine_internal = create_body(cast.tenant_a, "AK Eigene", "AKE", public=False, members=[own])
    foreign_internal = create_body(cast.tenant_a, "AK Fremd", "AKF", public=False)
    foreign_public = create_body(cast.tenant_a, "AK Offen", "AKO")
    visible = create_meeting(mine_internal, later, title="Unsere Sitzung")
    hidden = create_meeting(foreign_internal, later, title="Geheime Sitzung")
    other = create_meeting(foreign_public, later, title="Offene Sitzung")
    task = Task.objects.create(
        body=foreign_public,
        title="Aufgabe des Trägers",
        responsible_organisation=own,
        due_date=date(2026, 1, 10),
    )
    feed = CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.partner)

    response = client.get(feed_url(feed))
    found = events(parse(response))

    assert f"meeting-{visible.pk}@testserver" in found
    assert f"meeting-{cast.network_a.meeting.pk}@testserver" in found  # the cast's SG, where the partner sits
    assert (
        f"meeting-{hidden.pk}@testserver" not in found and "Geheime Sitzung" not in response.content.decode()
    )
    assert f"meeting-{other.pk}@testserver" not in found
    assert f"task-{task.pk}@testserver" in found  # overdue and still open: it stays in the calendar


def test_a_body_feed_holds_that_body_only(client, cast, later):
    body = create_body(cast.tenant_a, "AK Offen", "AKO")
    meeting = create_meeting(body, later)
    feed = CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.steering, body=body)
    calendar = parse(client.get(feed_url(feed)))
    assert set(events(calendar)) == {f"meeting-{meeting.pk}@testserver"}
    assert str(calendar["X-WR-CALNAME"]) == "Kreis Alpha – AK Offen"


def test_a_body_feed_stops_when_its_owner_may_no_longer_see_the_body(client, cast, later):
    body = create_body(cast.tenant_a, "AK Eigene", "AKE", public=False, members=[cast.network_a.organisation])
    feed = CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.partner, body=body)
    assert client.get(feed_url(feed)).status_code == 200
    BodyMembership.objects.filter(body=body).delete()
    assert client.get(feed_url(feed)).status_code == 404


def test_revoked_unknown_and_foreign_tokens_are_not_found(client, cast):
    feed = cast.network_a.feed
    assert client.get(f"/kreis-a/kalender/{'x' * 43}.ics").status_code == 404
    assert client.get(f"/kreis-a/kalender/{cast.network_b.feed.token}.ics").status_code == 404
    assert client.get(f"/stadt-b/kalender/{feed.token}.ics").status_code == 404
    assert client.get(feed_url(cast.network_b.feed)).status_code == 200  # B's own address works for B
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    response = client.get(feed_url(feed))
    assert response.status_code == 404 and cast.network_a.meeting.minutes not in response.content.decode()


def test_a_feed_stops_when_its_owner_leaves_the_tenant(client, cast):
    feed = CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.partner)
    assert client.get(feed_url(feed)).status_code == 200
    Membership.objects.filter(user=cast.partner, tenant=cast.tenant_a).delete()
    assert client.get(feed_url(feed)).status_code == 404


def test_calendar_programs_may_ask_with_head(client, cast):
    response = client.head(feed_url(cast.network_a.feed))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"


def test_a_feed_stops_when_its_owner_is_deactivated(client, cast):
    cast.coordinator.is_active = False
    cast.coordinator.save(update_fields=["is_active"])
    assert client.get(feed_url(cast.network_a.feed)).status_code == 404


def test_the_feed_costs_the_same_queries_with_many_meetings(
    client, cast, later, django_assert_max_num_queries
):
    for day in range(40):
        meeting = create_meeting(cast.network_a.body, later + timedelta(days=day))
        AgendaItem.objects.create(meeting=meeting, position=1, title=f"Punkt {day}")
        Task.objects.create(
            body=cast.network_a.body,
            title=f"Aufgabe {day}",
            responsible_user=cast.coordinator,
            due_date=date(2027, 1, 1) + timedelta(days=day),
        )
    with django_assert_max_num_queries(8):
        calendar = parse(client.get(feed_url(cast.network_a.feed)))
    assert len(events(calendar)) == 81


# The management page --------------------------------------------------------------------------


def test_the_page_lists_my_feeds_with_their_addresses(client, cast, django_assert_max_num_queries):
    body = create_body(cast.tenant_a, "AK Offen", "AKO")
    mine = [CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.partner, body=body) for _ in range(5)]
    revoked = CalendarFeed.objects.create(tenant=cast.tenant_a, user=cast.partner, revoked_at=timezone.now())
    client.force_login(cast.partner)
    with django_assert_max_num_queries(14):
        page = client.get(PAGE).content.decode()
    for feed in mine:
        assert f"http://testserver/kreis-a/kalender/{feed.token}.ics" in page
        assert f"webcal://testserver/kreis-a/kalender/{feed.token}.ics" in page
    assert "Sitzungen: AK Offen" in page
    assert revoked.token not in page
    assert cast.network_a.feed.token not in page  # the coordinator's feed is the coordinator's


def test_creating_a_personal_feed_is_audited_without_its_token(client, cast):
    client.force_login(cast.partner)
    response = client.post(CREATE, {"body": ""})
    assert response.status_code == 302 and response.url == PAGE
    feed = CalendarFeed.objects.get(user=cast.partner)
    assert feed.body is None and feed.tenant == cast.tenant_a
    page = client.get(PAGE).content.decode()
    assert "ist angelegt" in page and feed.token in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.CALENDAR_FEED_CREATED)
    assert event.actor == cast.partner and event.tenant == cast.tenant_a and event.object_id == str(feed.pk)
    assert feed.token not in str(event.data) and feed.token not in event.object_repr


def test_creating_a_feed_for_a_visible_body(client, cast):
    internal = create_body(cast.tenant_a, "AK Intern", "AKI", public=False)
    client.force_login(cast.coordinator)
    assert client.post(CREATE, {"body": internal.pk}).status_code == 302
    assert CalendarFeed.objects.get(user=cast.coordinator, body=internal)


def test_a_feed_for_an_internal_body_one_cannot_see_is_refused(client, cast):
    internal = create_body(cast.tenant_a, "AK Intern", "AKI", public=False)
    client.force_login(cast.partner)
    page = client.get(PAGE).content.decode()
    assert "AK Intern" not in page
    response = client.post(CREATE, {"body": internal.pk})
    assert response.status_code == 400
    assert "Dieses Gremium gibt es nicht oder Sie dürfen es nicht sehen." in response.content.decode()
    assert not CalendarFeed.objects.filter(user=cast.partner).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CALENDAR_FEED_CREATED).exists()


def test_a_feed_for_a_body_of_another_tenant_is_refused(client, cast):
    client.force_login(cast.coordinator)
    assert client.post(CREATE, {"body": cast.network_b.body.pk}).status_code == 400
    assert client.post(CREATE, {"body": "kein-gremium"}).status_code == 400
    assert not CalendarFeed.objects.filter(user=cast.coordinator, body__isnull=False).exists()


def test_revoking_my_feed_ends_it_and_is_audited(client, cast):
    feed = cast.network_a.feed
    client.force_login(cast.coordinator)
    response = client.post(f"{PAGE}{feed.token}/widerrufen/")
    assert response.status_code == 302 and response.url == PAGE
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert "ist widerrufen" in client.get(PAGE).content.decode()
    assert client.get(feed_url(feed)).status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.CALENDAR_FEED_REVOKED)
    assert event.actor == cast.coordinator and event.object_id == str(feed.pk)
    assert client.post(f"{PAGE}{feed.token}/widerrufen/").status_code == 404  # once is enough


def test_revoking_someone_elses_feed_is_not_found(client, cast):
    feed = cast.network_a.feed  # the coordinator's
    client.force_login(cast.partner)
    assert client.post(f"{PAGE}{feed.token}/widerrufen/").status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CALENDAR_FEED_REVOKED).exists()


def test_creating_and_revoking_need_post(client, cast):
    client.force_login(cast.coordinator)
    assert client.get(CREATE).status_code == 405
    assert client.get(f"{PAGE}{cast.network_a.feed.token}/widerrufen/").status_code == 405
    assert not CalendarFeed.objects.filter(user=cast.coordinator).exclude(pk=cast.network_a.feed.pk).exists()


@pytest.mark.parametrize("who", ["coordinator_b", "association", "outsider"])
def test_other_tenants_and_outsiders_are_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(CREATE, {"body": ""}).status_code == 403
    assert client.post(f"{PAGE}{cast.network_a.feed.token}/widerrufen/").status_code == 403
    assert not CalendarFeed.objects.filter(user=getattr(cast, who)).exclude(tenant=cast.tenant_b).exists()
    cast.network_a.feed.refresh_from_db()
    assert cast.network_a.feed.revoked_at is None


def test_coordinator_b_cannot_revoke_a_feed_of_a_under_b(client, cast):
    client.force_login(cast.coordinator_b)
    assert client.post(f"/stadt-b/intern/kalender/{cast.network_a.feed.token}/widerrufen/").status_code == 404
    cast.network_a.feed.refresh_from_db()
    assert cast.network_a.feed.revoked_at is None


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")
    assert client.post(CREATE).status_code == 302
    assert not CalendarFeed.objects.exclude(pk__in=[cast.network_a.feed.pk, cast.network_b.feed.pk]).exists()


def test_times_are_utc_in_winter_and_in_summer(client, cast):
    year = timezone.now().year + 1
    berlin = timezone.get_current_timezone()
    winter = create_meeting(cast.network_a.body, datetime(year, 1, 20, 14, 0, tzinfo=berlin))
    summer = create_meeting(cast.network_a.body, datetime(year, 7, 20, 14, 0, tzinfo=berlin))
    found = events(parse(client.get(feed_url(cast.network_a.feed))))
    assert found[f"meeting-{winter.pk}@testserver"]["DTSTART"].to_ical() == f"{year}0120T130000Z".encode()
    assert found[f"meeting-{summer.pk}@testserver"]["DTSTART"].to_ical() == f"{year}0720T120000Z".encode()
