"""Meetings of network bodies with their agenda, attendance and minutes, decisions and tasks.

Recording them (`meetings.manage`) is for the municipality's coordinators and for the chair and deputy
of the body (accounts.permissions.managed_bodies): someone else asking for another body's forms finds
nothing (404). Reading follows `network.view` and, for internal minutes, the body's members.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import (
    has_permission,
    managed_bodies,
    own_organisation_ids,
    permission_required,
    updatable_tasks,
)
from uebergang.documents.views import section as documents_section
from uebergang.tenants.models import Tenant

from .. import invitations
from ..actions import bodies as actions
from ..forms_bodies import (
    AttendanceForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingForm,
    TaskForm,
    TaskUpdateForm,
)
from ..models import Body, Decision, Meeting, Task
from .bodies import has_internal_access, tasks_table


def may_manage(request: HttpRequest, tenant: Tenant, body: Body) -> bool:
    return managed_bodies(tenant, getattr(request, "membership", None)).filter(pk=body.pk).exists()


def _meeting(tenant: Tenant, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.for_tenant(tenant).select_related("body"), pk=meeting_id)


def _managed_meeting(request: HttpRequest, tenant: Tenant, meeting_id: int) -> Meeting:
    """A meeting of a body this person records (404 for every other)."""
    meetings = Meeting.objects.for_tenant(tenant).filter(body__in=managed_bodies(tenant, request.membership))
    return get_object_or_404(meetings.select_related("body"), pk=meeting_id)


def _meeting_context(request: HttpRequest, tenant: Tenant, meeting: Meeting) -> dict:
    internal = has_internal_access(request, tenant, meeting.body)
    attendances = (
        meeting.attendances.select_related("membership__organisation", "membership__person")
        if internal
        else []
    )
    return {
        "tenant": tenant,
        "meeting": meeting,
        "body": meeting.body,
        "agenda": meeting.agenda.all(),
        "internal": internal,
        "attendances": attendances,
        "decisions": meeting.decisions.select_related("body", "meeting").order_by("number"),
        "tasks": tasks_table(meeting.tasks.all()),
        "may_manage": may_manage(request, tenant, meeting.body),
    }


@permission_required("meetings.manage")
def meeting_create(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    body = get_object_or_404(managed_bodies(tenant, request.membership), pk=body_id)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(request=request, tenant=tenant, body=body, data=form.cleaned_data)
        messages.success(
            request,
            _(
                "Die Sitzung ist angelegt; %(n)s Mitglieder sind eingeladen. Die Einladung mit Kalenderdatei "
                "geht per E-Mail an %(m)s delegierte Personen mit E-Mail-Adresse."
            )
            % {"n": meeting.attendances.count(), "m": len(invitations.recipients(meeting))},
        )
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)
    return render(
        request,
        "network/bodies/meeting_form.html",
        {"tenant": tenant, "form": form, "body": body, "meeting": None},
    )


@permission_required("network.view")
def meeting_detail(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    context = _meeting_context(request, tenant, meeting)
    if context["internal"]:  # documents are internal, like the minutes
        context["documents"] = documents_section(
            request, tenant, meeting, heading=_("Unterlagen der Sitzung")
        )
    return render(request, "network/bodies/meeting_detail.html", context)


@permission_required("network.view")
def meeting_print(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    return render(request, "network/bodies/meeting_print.html", _meeting_context(request, tenant, meeting))


@permission_required("meetings.manage")
def meeting_edit(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, tenant, meeting_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        actions.update_meeting(
            request=request, tenant=tenant, meeting=meeting, data=form.cleaned_data, changed=form.changed_data
        )
        messages.success(request, _("Die Sitzung ist gespeichert."))
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)
    return render(
        request,
        "network/bodies/meeting_form.html",
        {"tenant": tenant, "form": form, "body": meeting.body, "meeting": meeting},
    )


@permission_required("meetings.manage")
def meeting_attendance(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, tenant, meeting_id)
    attendances = list(meeting.attendances.select_related("membership__organisation", "membership__person"))
    form = AttendanceForm(request.POST or None, attendances=attendances)
    if request.method == "POST" and form.is_valid():
        actions.record_attendance(request=request, tenant=tenant, meeting=meeting, statuses=form.statuses())
        messages.success(request, _("Die Anwesenheit ist gespeichert."))
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)
    return render(
        request, "network/bodies/attendance_form.html", {"tenant": tenant, "form": form, "meeting": meeting}
    )


@permission_required("meetings.manage")
@require_POST
def meeting_cancel(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, tenant, meeting_id)
    if meeting.cancelled_at is None:
        actions.cancel_meeting(request=request, tenant=tenant, meeting=meeting)
        messages.success(request, _("Die Sitzung ist abgesagt; die Eingeladenen erhalten eine Absage."))
    return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)


# Decisions.


@permission_required("meetings.manage")
def decision_create(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, tenant, meeting_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = actions.record_decision(
            request=request,
            tenant=tenant,
            meeting=meeting,
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
        )
        messages.success(
            request, _("Der Beschluss %(reference)s ist erfasst.") % {"reference": decision.reference}
        )
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)
    return render(
        request, "network/bodies/decision_form.html", {"tenant": tenant, "form": form, "meeting": meeting}
    )


@permission_required("meetings.manage")
def decision_detail(request: HttpRequest, tenant: Tenant, decision_id: int) -> HttpResponse:
    decisions = Decision.objects.for_tenant(tenant).filter(
        body__in=managed_bodies(tenant, request.membership)
    )
    decision = get_object_or_404(decisions.select_related("body", "meeting"), pk=decision_id)
    form = DecisionStatusForm(request.POST or None, initial={"status": decision.status})
    if request.method == "POST" and form.is_valid():
        actions.change_decision_status(
            request=request, tenant=tenant, decision=decision, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("Beschluss %(reference)s: %(status)s.")
            % {"reference": decision.reference, "status": decision.get_status_display()},
        )
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=decision.meeting_id)
    return render(
        request,
        "network/bodies/decision_detail.html",
        {
            "tenant": tenant,
            "form": form,
            "decision": decision,
            "tasks": tasks_table(decision.tasks.all()),
            "documents": documents_section(request, tenant, decision, heading=_("Unterlagen zum Beschluss")),
        },
    )


# Tasks.


@permission_required("meetings.manage")
def task_create(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(request, tenant, meeting_id)
    initial = {}
    if request.GET.get("beschluss", "").isdigit():
        initial["decision"] = request.GET["beschluss"]
    form = TaskForm(request.POST or None, tenant=tenant, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        task = actions.create_task(request=request, tenant=tenant, meeting=meeting, form=form)
        messages.success(request, _("Die Aufgabe „%(title)s“ ist angelegt.") % {"title": task.title})
        return redirect("network:meeting_detail", tenant=tenant, meeting_id=meeting.pk)
    return render(
        request, "network/bodies/task_form.html", {"tenant": tenant, "form": form, "meeting": meeting}
    )


@permission_required("meetings.manage")
def task_edit(request: HttpRequest, tenant: Tenant, task_id: int) -> HttpResponse:
    tasks = Task.objects.for_tenant(tenant).filter(body__in=managed_bodies(tenant, request.membership))
    task = get_object_or_404(tasks.select_related("body", "meeting__body"), pk=task_id)
    if request.method == "POST" and request.POST.get("action") == "delete":
        actions.delete_task(request=request, tenant=tenant, task=task)
        messages.success(request, _("Die Aufgabe „%(title)s“ ist gelöscht.") % {"title": task.title})
        if task.meeting_id:
            return redirect("network:meeting_detail", tenant=tenant, meeting_id=task.meeting_id)
        return redirect("network:body_detail", tenant=tenant, body_id=task.body_id)
    form = TaskForm(request.POST or None, instance=task, tenant=tenant, meeting=task.meeting)
    if request.method == "POST" and form.is_valid():
        actions.edit_task(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Aufgabe ist gespeichert."))
        return redirect("network:task_detail", tenant=tenant, task_id=task.pk)
    return render(request, "network/bodies/task_form.html", {"tenant": tenant, "form": form, "task": task})


@permission_required("network.view")
def task_detail(request: HttpRequest, tenant: Tenant, task_id: int) -> HttpResponse:
    tasks = Task.objects.for_tenant(tenant).select_related(
        "body", "meeting", "decision__body", "responsible_organisation", "responsible_user"
    )
    may_update = has_permission(request.user, tenant, "tasks.update")
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        # Others than coordinators may only update tasks of their own or their organisation's.
        task = get_object_or_404(tasks.filter(pk__in=updatable_tasks(tenant, request.membership)), pk=task_id)
    else:
        task = get_object_or_404(tasks, pk=task_id)
        may_update = may_update and updatable_tasks(tenant, request.membership).filter(pk=task.pk).exists()
    form = TaskUpdateForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        actions.update_task(
            request=request,
            tenant=tenant,
            task=task,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Die Aufgabe ist gespeichert."))
        return redirect("network:task_detail", tenant=tenant, task_id=task.pk)
    return render(
        request,
        "network/bodies/task_detail.html",
        {
            "tenant": tenant,
            "task": task,
            "form": form if may_update else None,
            "may_edit": may_manage(request, tenant, task.body),
            "comments": task.comments.select_related("author"),
        },
    )


@permission_required("network.view")
def my_tasks(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tasks = Task.objects.for_tenant(tenant).assigned_to(
        request.user, own_organisation_ids(request.membership)
    )
    return render(
        request,
        "network/bodies/task_list.html",
        {
            "tenant": tenant,
            "tasks": tasks_table(tasks),
            "heading": _("Meine Aufgaben"),
            "intro": _(
                "Aufgaben, für die Sie persönlich oder Ihre Organisation verantwortlich sind – offene zuerst."
            ),
            "empty": _("Ihnen und Ihrer Organisation ist keine Aufgabe zugewiesen."),
        },
    )


@permission_required("network.view")
def overdue_tasks(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tasks = Task.objects.for_tenant(tenant).overdue()
    return render(
        request,
        "network/bodies/task_list.html",
        {
            "tenant": tenant,
            "tasks": tasks_table(tasks),
            "heading": _("Überfällige Aufgaben"),
            "intro": _("Nicht erledigte Aufgaben aller Gremien, deren Fälligkeit verstrichen ist."),
            "empty": _("Keine Aufgabe ist überfällig."),
        },
    )
