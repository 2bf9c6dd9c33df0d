"""iCalendar feeds (RFC 5545): which meetings and tasks a feed holds, and the document itself.

A feed is read by calendar programs that cannot log in; its secret token stands in for the login, so
everything here is decided for the feed's owner as the workspace would decide it for them today.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import bodies_with_internal_access, own_organisation_ids
from uebergang.tenants.models import Tenant

from .models import AgendaItem, Body, CalendarFeed, Meeting, Task

PRODID = "-//Übergang//Kalender der Gremien//DE"
# Without an end time a meeting is shown as two hours long.
DEFAULT_MEETING_LENGTH = timedelta(hours=2)
# Feeds start a year back: enough to look up the last meetings, small enough for every calendar program.
HISTORY = timedelta(days=365)


def visible_bodies(tenant: Tenant, membership: Membership) -> QuerySet[Body]:
    """Bodies this person may see: the public ones and the internal ones they have access to."""
    internal = bodies_with_internal_access(tenant, membership).values("pk")
    return Body.objects.for_tenant(tenant).filter(Q(is_public=True) | Q(pk__in=internal))


def personal_bodies(tenant: Tenant, membership: Membership) -> QuerySet[Body]:
    """The bodies of a personal feed: all for coordinators, else those one's organisation sits in."""
    return bodies_with_internal_access(tenant, membership)


@dataclass
class FeedContents:
    name: str
    meetings: list[Meeting]
    tasks: list[Task] = field(default_factory=list)


def feed_contents(
    feed: CalendarFeed, membership: Membership, now: datetime | None = None
) -> FeedContents | None:
    """What `feed` shows its owner today, or None when the owner may no longer see its body."""
    tenant = feed.tenant
    since = (now or timezone.now()) - HISTORY
    meetings = (
        Meeting.objects.for_tenant(tenant)
        .filter(starts_at__gte=since)
        .select_related("body")
        .prefetch_related(Prefetch("agenda", queryset=AgendaItem.objects.order_by("position")))
        .order_by("starts_at", "pk")
    )
    if feed.body_id is not None:
        if not visible_bodies(tenant, membership).filter(pk=feed.body_id).exists():
            return None
        name = _("%(tenant)s – %(body)s") % {"tenant": tenant.name, "body": feed.body.name}
        return FeedContents(name=name, meetings=list(meetings.filter(body_id=feed.body_id)))
    tasks = (
        Task.objects.for_tenant(tenant)
        .assigned_to(membership.user, own_organisation_ids(membership))
        .open()
        .filter(due_date__isnull=False)
        .select_related("body")
        .order_by("due_date", "pk")
    )
    name = _("%(tenant)s – meine Sitzungen und Aufgaben") % {"tenant": tenant.name}
    bodies = personal_bodies(tenant, membership).values("pk")
    return FeedContents(name=name, meetings=list(meetings.filter(body_id__in=bodies)), tasks=list(tasks))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def meeting_event(meeting: Meeting, *, host: str, url: str) -> icalendar.Event:
    """One meeting as a VEVENT; the agenda goes into the description, the minutes never do."""
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", _utc(meeting.updated_at))
    event.add("last-modified", _utc(meeting.updated_at))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH))
    event.add("summary", f"{meeting.body.name}: {meeting.title}" if meeting.title else meeting.body.name)
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    lines = []
    agenda = list(meeting.agenda.all())
    if agenda:
        lines.append(_("Tagesordnung:"))
        lines.extend(f"{item.position}. {item.title}" for item in agenda)
    if meeting.place and meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    if lines:
        event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    return event


def task_event(task: Task, *, host: str, url: str) -> icalendar.Event:
    """A task's due date as an all-day event, which every calendar program shows (unlike VTODO)."""
    due: date = task.due_date
    event = icalendar.Event()
    event.add("uid", f"task-{task.pk}@{host}")
    event.add("dtstamp", _utc(task.updated_at))
    event.add("last-modified", _utc(task.updated_at))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", _("Fällig: %(task)s") % {"task": task.title})
    event.add(
        "description",
        _("Aufgabe aus dem Gremium %(body)s, Stand: %(status)s")
        % {"body": task.body.name, "status": task.get_status_display()},
    )
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    return event


def calendar_document(
    contents: FeedContents,
    *,
    host: str,
    meeting_url: Callable[[Meeting], str],
    task_url: Callable[[Task], str],
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", contents.name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    events: Iterable[icalendar.Event] = [
        *(meeting_event(meeting, host=host, url=meeting_url(meeting)) for meeting in contents.meetings),
        *(task_event(task, host=host, url=task_url(task)) for task in contents.tasks),
    ]
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
