"""Writes of the bodies part of the network app; each audited in its own transaction."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.http import HttpRequest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from .. import invitations
from ..forms_bodies import BodyForm, BodyMembershipForm, TaskForm
from ..models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    BodyOfficer,
    Decision,
    Meeting,
    Task,
    TaskComment,
)

Action = AuditEvent.Action


def _changes(form) -> dict:
    return {"fields": sorted(form.changed_data)}


@transaction.atomic
def create_body(*, request: HttpRequest, tenant: Tenant, form: BodyForm) -> Body:
    body = form.save()
    record(Action.CREATED, request=request, tenant=tenant, obj=body, data=_changes(form))
    return body


@transaction.atomic
def update_body(*, request: HttpRequest, tenant: Tenant, form: BodyForm) -> Body:
    body = form.save()
    record(Action.UPDATED, request=request, tenant=tenant, obj=body, data=_changes(form))
    return body


@transaction.atomic
def set_body_officers(*, request: HttpRequest, tenant: Tenant, body: Body, chair, deputy) -> bool:
    """Sets the chair and deputy of `body`; returns whether anything changed (nothing is written if not)."""
    wanted = {role: user for role, user in (("chair", chair), ("deputy", deputy)) if user is not None}
    current = {officer.role: officer.user for officer in body.officers.select_related("user")}
    if {role: user.pk for role, user in wanted.items()} == {role: user.pk for role, user in current.items()}:
        return False
    body.officers.all().delete()
    BodyOfficer.objects.bulk_create(
        BodyOfficer(body=body, user=user, role=role) for role, user in wanted.items()
    )
    record(
        AuditEvent.Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=body,
        data={"officers": {role: user.email for role, user in wanted.items()}},
    )
    return True


@transaction.atomic
def add_body_membership(
    *, request: HttpRequest, tenant: Tenant, body: Body, form: BodyMembershipForm
) -> BodyMembership:
    membership = form.save(commit=False)
    membership.body = body
    membership.save()
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=membership,
        data={"body": body.pk, "organisation": membership.organisation_id, "role": membership.role},
    )
    return membership


@transaction.atomic
def update_body_membership(
    *, request: HttpRequest, tenant: Tenant, form: BodyMembershipForm
) -> BodyMembership:
    membership = form.save()
    record(Action.UPDATED, request=request, tenant=tenant, obj=membership, data=_changes(form))
    return membership


@transaction.atomic
def end_body_membership(
    *, request: HttpRequest, tenant: Tenant, membership: BodyMembership, on: datetime.date | None = None
) -> BodyMembership:
    """Ends a seat today (or on `on`); the history of the membership stays."""
    end = on or timezone.localdate()
    if membership.start and membership.start > end:
        end = membership.start
    membership.end = end
    membership.save(update_fields=["end"])
    record(Action.UPDATED, request=request, tenant=tenant, obj=membership, data={"end": end})
    return membership


def _replace_agenda(meeting: Meeting, titles: list[str]) -> None:
    """The agenda in the given order; notes stay with an item whose title is kept."""
    notes = dict(meeting.agenda.values_list("title", "notes"))
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title, notes=notes.get(title, ""))
        for position, title in enumerate(titles, start=1)
    )


@transaction.atomic
def create_meeting(*, request: HttpRequest, tenant: Tenant, body: Body, data: dict) -> Meeting:
    """A meeting with its agenda; every membership current on the meeting's day is invited."""
    meeting = Meeting.objects.create(
        body=body,
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        online_url=data["online_url"],
        minutes=data["minutes"],
    )
    _replace_agenda(meeting, data["agenda"])
    day = timezone.localtime(meeting.starts_at).date()
    invitees = body.memberships.filter(
        Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=membership) for membership in invitees
    )
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=meeting,
        data={"body": body.pk, "starts_at": meeting.starts_at, "invitees": meeting.attendances.count()},
    )
    invitations.send_invitations.enqueue(meeting.pk, invitations.REQUEST, False)
    return meeting


@transaction.atomic
def update_meeting(
    *, request: HttpRequest, tenant: Tenant, meeting: Meeting, data: dict, changed: list[str]
) -> Meeting:
    for field in ("title", "starts_at", "ends_at", "place", "online_url", "minutes"):
        setattr(meeting, field, data[field])
    meeting.save()
    if "agenda" in changed:
        _replace_agenda(meeting, data["agenda"])
    record(Action.UPDATED, request=request, tenant=tenant, obj=meeting, data={"fields": sorted(changed)})
    if invitations.INVITATION_FIELDS & set(changed) and not meeting.cancelled_at:
        # The invitees' calendars replace the earlier invitation with this one.
        Meeting.objects.filter(pk=meeting.pk).update(invitation_sequence=F("invitation_sequence") + 1)
        invitations.send_invitations.enqueue(meeting.pk, invitations.REQUEST, True)
    return meeting


@transaction.atomic
def cancel_meeting(*, request: HttpRequest, tenant: Tenant, meeting: Meeting) -> Meeting:
    """Calls the meeting off: it stays on record, marked, and the invitees' calendars drop it."""
    meeting.cancelled_at = timezone.now()
    meeting.invitation_sequence += 1
    meeting.save(update_fields=["cancelled_at", "invitation_sequence", "updated_at"])
    record(Action.UPDATED, request=request, tenant=tenant, obj=meeting, data={"cancelled": True})
    invitations.send_invitations.enqueue(meeting.pk, invitations.CANCEL, True)
    return meeting


@transaction.atomic
def record_attendance(
    *, request: HttpRequest, tenant: Tenant, meeting: Meeting, statuses: dict[int, str]
) -> int:
    """Sets the status of each invitee; returns how many changed."""
    attendances = list(meeting.attendances.filter(pk__in=statuses))
    changed = [a for a in attendances if a.status != statuses[a.pk]]
    for attendance in changed:
        attendance.status = statuses[attendance.pk]
    Attendance.objects.bulk_update(changed, ["status"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=meeting,
        data={"attendance": {str(a.membership_id): a.status for a in changed}},
    )
    return len(changed)


@transaction.atomic
def record_decision(
    *, request: HttpRequest, tenant: Tenant, meeting: Meeting, text: str, status: str
) -> Decision:
    """A decision with the next free number of its body in the meeting's year (SG-2026-03).

    The body row is locked so two decisions recorded at once cannot get the same number.
    """
    body = Body.objects.select_for_update().get(pk=meeting.body_id)
    year = timezone.localtime(meeting.starts_at).year
    last = Decision.objects.filter(body=body, year=year).aggregate(last=Max("number"))["last"] or 0
    decision = Decision.objects.create(
        meeting=meeting, body=body, year=year, number=last + 1, text=text, status=status
    )
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=decision,
        data={"meeting": meeting.pk, "reference": decision.reference, "status": status},
    )
    return decision


@transaction.atomic
def change_decision_status(
    *, request: HttpRequest, tenant: Tenant, decision: Decision, status: str
) -> Decision:
    previous = decision.status
    decision.status = status
    decision.save(update_fields=["status"])
    record(Action.UPDATED, request=request, tenant=tenant, obj=decision, data={"status": [previous, status]})
    return decision


@transaction.atomic
def create_task(*, request: HttpRequest, tenant: Tenant, meeting: Meeting, form: TaskForm) -> Task:
    task = form.save(commit=False)
    task.body_id = meeting.body_id
    task.meeting = meeting
    task.save()
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=task,
        data={
            "meeting": meeting.pk,
            "decision": task.decision_id,
            "responsible_organisation": task.responsible_organisation_id,
            "responsible_user": task.responsible_user_id,
            "due_date": task.due_date,
        },
    )
    _tell_the_responsible_person(tenant, task)
    return task


def _tell_the_responsible_person(tenant: Tenant, task: Task) -> None:
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from uebergang.notifications.send import notify

    if task.responsible_user is None:
        return
    due = date_format(task.due_date, "DATE_FORMAT") if task.due_date else _("ohne Frist")
    notify(
        task.responsible_user,
        _("Neue Aufgabe: %(title)s") % {"title": task.title},
        _("Das Gremium %(body)s hat Ihnen eine Aufgabe zugewiesen (fällig: %(due)s).")
        % {"body": task.body.name, "due": due},
        reverse("network:task_detail", kwargs={"tenant": tenant, "task_id": task.pk}),
        kind="tasks",
    )


def edit_task(*, request: HttpRequest, tenant: Tenant, form: TaskForm) -> Task:
    """Saves a coordinator's change of a task's title, description, responsibility, due date or decision."""
    task = form.save()
    record(
        Action.UPDATED, request=request, tenant=tenant, obj=task, data={"fields": sorted(form.changed_data)}
    )
    if "responsible_user" in form.changed_data:
        _tell_the_responsible_person(tenant, task)
    return task


@transaction.atomic
def delete_task(*, request: HttpRequest, tenant: Tenant, task: Task) -> None:
    """Deletes a task with its comments; the audit trail keeps its title, body and meeting."""
    record(
        Action.DELETED,
        request=request,
        tenant=tenant,
        obj=task,
        data={"title": task.title, "body": task.body_id, "meeting": task.meeting_id},
    )
    task.delete()


@transaction.atomic
def update_task(*, request: HttpRequest, tenant: Tenant, task: Task, status: str, comment: str) -> Task:
    """Changes a task's status and/or adds a comment; each change is audited."""
    if status != task.status:
        previous = task.status
        task.status = status
        task.save(update_fields=["status", "updated_at"])
        record(Action.UPDATED, request=request, tenant=tenant, obj=task, data={"status": [previous, status]})
    if comment:
        note = TaskComment.objects.create(task=task, author=request.user, text=comment)
        record(Action.CREATED, request=request, tenant=tenant, obj=note, data={"task": task.pk})
    return task
