"""Invitations to meetings by e-mail, with the meeting as an iCalendar attachment (RFC 5546).

Creating a meeting invites the delegated persons of the body's current memberships who have an e-mail
address: each gets one mail of their own (no one sees the other addresses) with `einladung.ics`
(METHOD:REQUEST). A change of time, place or title sends the invitation again with a higher SEQUENCE,
so calendar programs replace the earlier one; calling the meeting off sends METHOD:CANCEL. The UID is
the one of the calendar feeds (`ical.meeting_event`), so a meeting appears once in a calendar that has
both. Mails are sent by the task worker through Django's mail framework, never in the request.
"""

from __future__ import annotations

from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from .ical import PRODID, meeting_event
from .models import Meeting

REQUEST, CANCEL = "REQUEST", "CANCEL"
# What changes an invitation: the rest (minutes, agenda) is read in the workspace.
INVITATION_FIELDS = {"title", "date", "start_time", "end_time", "place", "online_url"}


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "uebergang.invalid"


def meeting_url(meeting: Meeting) -> str:
    path = reverse("network:meeting_detail", kwargs={"tenant": meeting.body.tenant, "meeting_id": meeting.pk})
    return f"{settings.SITE_URL}{path}"


def recipients(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, address) of every invitee's delegated person with an e-mail address, each once."""
    found: dict[str, str] = {}
    for attendance in meeting.attendances.select_related("membership__person"):
        person = attendance.membership.person
        if person is not None and person.email:
            found.setdefault(person.email.lower(), person.name)
    return [(name, address) for address, name in sorted(found.items())]


def invitation_document(meeting: Meeting, method: str, attendee: tuple[str, str]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = meeting_event(meeting, host=site_host(), url=meeting_url(meeting))
    event.add("sequence", meeting.invitation_sequence)
    organizer = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = icalendar.vText(meeting.body.tenant.office_name or meeting.body.tenant.name)
    event.add("organizer", organizer)
    name, address = attendee
    guest = icalendar.vCalAddress(f"mailto:{address}")
    guest.params["cn"] = icalendar.vText(name)
    guest.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    guest.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    guest.params["rsvp"] = icalendar.vText("FALSE")
    event.add("attendee", guest)
    if method == CANCEL:
        event["status"] = "CANCELLED"
    calendar.add_component(event)
    return calendar.to_ical()


def _subject(meeting: Meeting, method: str, update: bool) -> str:
    when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    values = {"body": meeting.body.name, "when": when}
    if method == CANCEL:
        return _("Abgesagt: %(body)s am %(when)s") % values
    if update:
        return _("Geändert: %(body)s am %(when)s") % values
    return _("Einladung: %(body)s am %(when)s") % values


def _body_text(meeting: Meeting, method: str) -> str:
    when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    lines = [
        _("Die Sitzung „%(body)s“ am %(when)s ist abgesagt.")
        if method == CANCEL
        else _("Sie sind zur Sitzung „%(body)s“ am %(when)s eingeladen."),
    ]
    lines = [line % {"body": meeting.body.name, "when": when} for line in lines]
    if method != CANCEL:
        if meeting.place:
            lines.append(_("Ort: %(place)s") % {"place": meeting.place})
        if meeting.online_url:
            lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
        agenda = list(meeting.agenda.order_by("position"))
        if agenda:
            lines += ["", _("Tagesordnung:"), *(f"{item.position}. {item.title}" for item in agenda)]
    lines += [
        "",
        _("Die Einladung liegt als Kalenderdatei bei. Im Arbeitsbereich: %(url)s")
        % {"url": meeting_url(meeting)},
    ]
    return "\n".join(lines)


@task()
def send_invitations(meeting_id: int, method: str = REQUEST, update: bool = False) -> int:
    """Sends the meeting's invitation (or its cancellation) to every invitee with an address."""
    meeting = Meeting.objects.select_related("body__tenant").get(pk=meeting_id)
    messages = []
    for name, address in recipients(meeting):
        mail = EmailMessage(
            subject=_subject(meeting, method, update),
            body=_body_text(meeting, method),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        mail.attach(
            "einladung.ics",
            invitation_document(meeting, method, (name, address)),
            f"text/calendar; method={method}; charset=UTF-8",
        )
        messages.append(mail)
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages)
