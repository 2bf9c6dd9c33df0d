"""Case conferences: convene (the gate), minutes, agreed steps as network tasks, and who sees what.

Convening shares the young person's data with every organisation taking part, so it goes through the
same rule as a referral: for each organisation a consent or legal basis for the purpose "Fallkonferenz"
must cover the data now. People take part for the tenant's case management or for one of those
organisations; only they read the minutes. Audit rows carry ids, never names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.audit.record import record
from uebergang.network.models import Organisation, Task
from uebergang.tenants.models import Tenant

from .actions import CaseError
from .models import Case, CaseConference, Purpose

Role = Membership.Role


def possible_participants(tenant: Tenant, organisations) -> QuerySet[Membership]:
    """The tenant's case workers and the partners acting for one of `organisations`."""
    return (
        Membership.objects.filter(tenant=tenant)
        .filter(Q(role=Role.CASE_WORKER) | Q(role=Role.PARTNER, organisation__in=list(organisations)))
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )


def uncovered(case: Case, organisations, categories: set[str], at: datetime) -> list[Organisation]:
    """The organisations no conference permit covers for `categories` at `at`."""
    permits = [
        *case.consents.prefetch_related("recipients"),
        *case.legal_bases.prefetch_related("recipients"),
    ]
    return [
        organisation
        for organisation in organisations
        if not any(
            p.covers(
                recipient_id=organisation.pk, purpose=Purpose.CASE_CONFERENCE, categories=categories, at=at
            )
            for p in permits
        )
    ]


@transaction.atomic
def convene(
    *,
    case: Case,
    actor,
    held_at: datetime,
    place: str = "",
    organisations,
    participants,
    categories: set[str],
    request: HttpRequest | None = None,
) -> CaseConference:
    """A conference on `case`; refused unless every organisation's part is covered by a permit now."""
    if case.is_closed:
        raise CaseError(_("Der Fall ist abgeschlossen; es kann keine Fallkonferenz mehr einberufen werden."))
    organisations = list(organisations)
    if not organisations:
        raise CaseError(_("Bitte wählen Sie mindestens eine beteiligte Organisation."))
    if any(o.tenant_id != case.tenant_id for o in organisations):
        raise CaseError(_("Beteiligte Organisationen müssen Akteure Ihrer Kommune sein."))
    if not categories:
        raise CaseError(_("Bitte wählen Sie, welche Daten die Beteiligten erhalten."))
    missing = uncovered(case, organisations, categories, timezone.now())
    if missing:
        raise CaseError(
            _(
                "Keine gültige Einwilligung oder Rechtsgrundlage für eine Fallkonferenz erlaubt, diese Daten "
                "an %(names)s zu geben. Bitte erfassen Sie zuerst eine passende Einwilligung."
            )
            % {"names": ", ".join(o.name for o in missing)}
        )
    allowed = {m.user_id for m in possible_participants(case.tenant, organisations)}
    people = {p.pk: p for p in participants}
    if set(people) - allowed:
        raise CaseError(
            _("Teilnehmen können nur Fallbearbeitende und Personen der beteiligten Organisationen.")
        )
    conference = CaseConference.objects.create(
        case=case, held_at=held_at, place=place, data_categories=sorted(categories), convened_by=actor
    )
    conference.organisations.set(organisations)
    conference.participants.set([*people.values(), actor])
    record(
        "case.conference_convened",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={
            "conference": conference.pk,
            "organisations": sorted(o.pk for o in organisations),
            "categories": conference.data_categories,
        },
        request=request,
    )
    _invite(conference, exclude=actor)
    return conference


def _invite(conference: CaseConference, *, exclude) -> None:
    """Participants hear of the conference with date and link, never the young person's name."""
    from uebergang.notifications.send import notify

    path = reverse(
        "cases:conference", kwargs={"tenant": conference.case.tenant, "conference_id": conference.pk}
    )
    when = timezone.localtime(conference.held_at)
    for user in conference.participants.exclude(pk=exclude.pk):
        notify(
            user,
            _("Einladung zur Fallkonferenz am %(date)s") % {"date": f"{when:%d.%m.%Y %H:%M}"},
            _("Sie sind zu einer Fallkonferenz eingeladen (%(ref)s). Ort: %(place)s")
            % {"ref": conference.case.reference, "place": conference.place or "–"},
            path,
            kind="conferences",
        )


@transaction.atomic
def record_minutes(
    *, conference: CaseConference, actor, minutes: str, request: HttpRequest | None = None
) -> CaseConference:
    conference.minutes = minutes
    conference.save(update_fields=["minutes"])
    record(
        "case.conference_minutes",
        actor=actor,
        tenant=conference.case.tenant,
        obj=conference.case,
        data={"conference": conference.pk},
        request=request,
    )
    return conference


@transaction.atomic
def agree_step(
    *,
    conference: CaseConference,
    actor,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Task:
    """A step agreed in the conference, as a task of a participant or participating organisation."""
    organisation = data.get("responsible_organisation")
    user = data.get("responsible_user")
    if organisation is not None and not conference.organisations.filter(pk=organisation.pk).exists():
        raise CaseError(_("Verantwortlich kann nur eine beteiligte Organisation sein."))
    if user is not None and not conference.participants.filter(pk=user.pk).exists():
        raise CaseError(_("Verantwortlich kann nur eine teilnehmende Person sein."))
    if organisation is None and user is None:
        raise CaseError(_("Bitte nennen Sie, wer für den Schritt verantwortlich ist."))
    task = Task.objects.create(
        case_conference=conference,
        title=data["title"],
        responsible_organisation=organisation,
        responsible_user=user,
        due_date=data.get("due_date"),
    )
    record(
        "case.conference_step",
        actor=actor,
        tenant=conference.case.tenant,
        obj=conference.case,
        data={"conference": conference.pk, "task": task.pk},
        request=request,
    )
    if user is not None and user != actor:
        from uebergang.notifications.send import notify

        notify(
            user,
            _("Ein Schritt aus der Fallkonferenz %(ref)s") % {"ref": conference.case.reference},
            _("Ihnen wurde ein Schritt übertragen: %(title)s") % {"title": task.title},
            reverse(
                "cases:conference", kwargs={"tenant": conference.case.tenant, "conference_id": conference.pk}
            ),
            kind="conferences",
        )
    return task


@transaction.atomic
def set_step_status(*, task: Task, actor, status: str, request: HttpRequest | None = None) -> Task:
    conference = task.case_conference
    task.status = status
    task.save(update_fields=["status", "updated_at"])
    record(
        "case.conference_step_status",
        actor=actor,
        tenant=conference.case.tenant,
        obj=conference.case,
        data={"conference": conference.pk, "task": task.pk, "status": status},
        request=request,
    )
    return task


def conferences_of(tenant: Tenant, user) -> QuerySet[CaseConference]:
    """The conferences `user` takes part in: the only ones they can open."""
    return CaseConference.objects.filter(case__tenant=tenant, participants=user).select_related(
        "case", "case__school"
    )


def open_steps_of(tenant: Tenant, user, organisation_ids: list[int], today: date | None = None):
    """Conference steps assigned to the user or their organisation, not done, soonest first."""

    return (
        Task.objects.filter(case_conference__case__tenant=tenant)
        .filter(Q(responsible_user=user) | Q(responsible_organisation_id__in=organisation_ids))
        .exclude(status=Task.Status.DONE)
        .select_related("case_conference__case")
        .order_by("due_date", "id")
    )
