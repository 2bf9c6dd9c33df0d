"""Case conferences: convene one on a case, and the conference page for the people taking part.

Only participants open a conference (others: 404), so the minutes stay with them. A partner sees the
young person's data only in the categories shared, only while a conference permit still covers their
organisation, and only with a second factor; each such view is audited like a case read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import permission_required
from uebergang.network.models import Organisation, Task
from uebergang.tenants.models import Tenant

from .. import actions, conferences, queries
from ..forms import ConferenceForm, MinutesForm, StepForm, StepStatusForm
from ..models import Purpose
from .provider import _has_second_factor


def _permitted_organisations(case) -> list[Organisation]:
    """Organisations some conference permit of the case names and that is in force now."""
    now = timezone.now()
    found: dict[int, Organisation] = {}
    for permits in (
        case.consents.prefetch_related("recipients"),
        case.legal_bases.prefetch_related("recipients"),
    ):
        for permit in permits:
            if permit.purpose == Purpose.CASE_CONFERENCE and permit.in_force(now):
                found.update({o.pk: o for o in permit.recipients.all()})
    return sorted(found.values(), key=lambda o: o.name)


@permission_required("cases.work")
def conference_create(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = queries.case_for(tenant, case_id)
    if case.is_closed:
        messages.error(request, _("Der Fall ist abgeschlossen."))
        return redirect("cases:detail", tenant=tenant, case_id=case.pk)
    permitted = _permitted_organisations(case)
    form = ConferenceForm(
        request.POST or None,
        tenant=tenant,
        permitted=permitted,
        initial={"held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = conferences.convene(
                case=case,
                actor=request.user,
                held_at=data["held_at"],
                place=data["place"],
                organisations=data["organisations"],
                participants=data["participants"],
                categories=set(data["data_categories"]),
                request=request,
            )
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Die Fallkonferenz ist angelegt; die Teilnehmenden sind benachrichtigt.")
            )
            return redirect("cases:conference", tenant=tenant, conference_id=conference.pk)
    context = {
        "tenant": tenant,
        "case": case,
        "form": form,
        "title": _("Fallkonferenz einberufen – %(ref)s") % {"ref": case.reference},
        "submit": _("Fallkonferenz einberufen"),
        "warning": None
        if permitted
        else _(
            "Für diesen Fall gibt es keine gültige Einwilligung oder Rechtsgrundlage mit dem Zweck "
            "„Fallkonferenz“. Bitte erfassen Sie zuerst eine."
        ),
    }
    return render(request, "cases/form.html", context)


def _conference(request: HttpRequest, tenant: Tenant, conference_id: int):
    return get_object_or_404(
        conferences.conferences_of(tenant, request.user).prefetch_related(
            "organisations", "participants", "case__consents__recipients", "case__legal_bases__recipients"
        ),
        pk=conference_id,
    )


@permission_required("conferences.take_part")
def conference_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    page = Paginator(
        conferences.conferences_of(tenant, request.user).prefetch_related("organisations"), 30
    ).get_page(request.GET.get("seite"))
    steps = conferences.open_steps_of(tenant, request.user, _own_organisation(request))
    return render(request, "cases/conference_list.html", {"tenant": tenant, "page": page, "steps": steps})


def _own_organisation(request: HttpRequest) -> list[int]:
    membership = request.membership
    return [membership.organisation_id] if membership.organisation_id else []


@permission_required("conferences.take_part")
def conference(request: HttpRequest, tenant: Tenant, conference_id: int) -> HttpResponse:
    conference = _conference(request, tenant, conference_id)
    case = conference.case
    is_case_worker = request.membership.role == Membership.Role.CASE_WORKER
    now = timezone.now()
    if is_case_worker:
        shared, categories = True, set(conference.data_categories) | {"name"}
    else:
        organisation_id = request.membership.organisation_id
        shared = organisation_id is not None and conference.shared_with(organisation_id, now)
        categories = set(conference.data_categories) if shared and _has_second_factor(request.user) else set()
    if categories:
        actions.record_read(case=case, actor=request.user, request=request, what="conference")
    may_write = is_case_worker and not case.is_closed
    minutes_form = MinutesForm(instance=conference, prefix="protokoll") if may_write else None
    step_form = StepForm(conference=conference, prefix="schritt") if may_write else None
    if request.method == "POST" and may_write:
        if "protokoll-minutes" in request.POST:
            minutes_form = MinutesForm(request.POST, instance=conference, prefix="protokoll")
            if minutes_form.is_valid():
                conferences.record_minutes(
                    conference=conference,
                    actor=request.user,
                    minutes=minutes_form.cleaned_data["minutes"],
                    request=request,
                )
                messages.success(request, _("Das Protokoll ist gespeichert."))
                return redirect("cases:conference", tenant=tenant, conference_id=conference.pk)
        else:
            step_form = StepForm(request.POST, conference=conference, prefix="schritt")
            if step_form.is_valid():
                try:
                    conferences.agree_step(
                        conference=conference,
                        actor=request.user,
                        data=step_form.cleaned_data,
                        request=request,
                    )
                except actions.CaseError as error:
                    step_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Der Schritt ist vereinbart."))
                    return redirect("cases:conference", tenant=tenant, conference_id=conference.pk)
    steps = list(conference.steps.select_related("responsible_organisation", "responsible_user"))
    own = _own_organisation(request)
    return render(
        request,
        "cases/conference.html",
        {
            "tenant": tenant,
            "conference": conference,
            "case": case,
            "is_case_worker": is_case_worker,
            "shared": shared,
            "second_factor": _has_second_factor(request.user),
            "categories": categories,
            # The form sent back with errors, for the page's error summary.
            "form": next((f for f in (minutes_form, step_form) if f is not None and f.is_bound), None),
            "minutes_form": minutes_form,
            "step_form": step_form,
            "steps": [
                (
                    step,
                    is_case_worker
                    or step.responsible_user_id == request.user.pk
                    or step.responsible_organisation_id in own,
                )
                for step in steps
            ],
            "status_choices": Task.Status.choices,
        },
    )


@permission_required("conferences.take_part")
def step_status(request: HttpRequest, tenant: Tenant, conference_id: int, step_id: int) -> HttpResponse:
    """The responsible person (or a case worker) moves a step on: open, in progress, done."""
    conference = _conference(request, tenant, conference_id)
    step = get_object_or_404(conference.steps.all(), pk=step_id)
    is_case_worker = request.membership.role == Membership.Role.CASE_WORKER
    if not (
        is_case_worker
        or step.responsible_user_id == request.user.pk
        or step.responsible_organisation_id in _own_organisation(request)
    ):
        return redirect("cases:conference", tenant=tenant, conference_id=conference.pk)
    form = StepStatusForm(request.POST or None, initial={"status": step.status})
    if request.method == "POST" and form.is_valid():
        conferences.set_step_status(
            task=step, actor=request.user, status=form.cleaned_data["status"], request=request
        )
        messages.success(request, _("Der Stand des Schritts ist gespeichert."))
        return redirect("cases:conference", tenant=tenant, conference_id=conference.pk)
    context = {
        "tenant": tenant,
        "form": form,
        "title": _("Stand des Schritts: %(title)s") % {"title": step.title},
        "submit": _("Speichern"),
        "back_to_conference": conference,
    }
    return render(request, "cases/form.html", context)
