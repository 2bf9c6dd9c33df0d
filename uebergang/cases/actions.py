"""Writes on cases: each checks its rule, writes and leaves an audit row in the same transaction.

The rules that protect the young person live here, not in views: a referral needs a permit that covers
its recipient, purpose and data at that moment (`refer`); a case closes only with a valid outcome
(`close_case`); a withdrawal or objection ends further sharing at once (`end_permit`). Audit rows carry
ids and codes, never names or contact data: coordinators read the trail.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.record import record
from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

from . import places
from .models import (
    Case,
    CaseSettings,
    Consent,
    ContactAttempt,
    EmergencyAccess,
    LegalBasis,
    Purpose,
    Referral,
    SharingPermit,
)


class CaseError(Exception):
    """A rule refused the write; the message is German and meant for the person who tried."""


def pupil_pseudonym(tenant: Tenant, pupil_id: str) -> str:
    """The keyed pseudonym monitoring computes for the same pupil id, or "" without one."""
    return pseudonym(tenant_key(tenant), pupil_id) if " ".join(pupil_id.split()) else ""


@transaction.atomic
def open_case(
    *,
    tenant: Tenant,
    actor,
    data: dict[str, Any],
    pupil_id: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A new case; its deadline defaults to the tenant's day in the leaving year."""
    settings = CaseSettings.objects.select_for_update().get_or_create(tenant=tenant)[0]  # numbers in turn
    case = Case(tenant=tenant, **data)
    case.pupil_pseudonym = pupil_pseudonym(tenant, pupil_id)
    if (
        case.pupil_pseudonym
        and Case.objects.for_tenant(tenant).open().filter(pupil_pseudonym=case.pupil_pseudonym).exists()
    ):
        raise CaseError(_("Für diese Schüler-ID gibt es schon einen offenen Fall."))
    if case.deadline is None:
        case.deadline = settings.deadline_for(case.leaving_year)
    case.number = (Case.objects.for_tenant(tenant).aggregate(n=Max("number"))["n"] or 0) + 1
    case.save()
    record("case.opened", actor=actor, tenant=tenant, obj=case, data={"source": case.source}, request=request)
    return case


@transaction.atomic
def update_case(*, case: Case, actor, changed: list[str], request: HttpRequest | None = None) -> Case:
    """Save the edited fields (names of changed fields only in the trail, not their values)."""
    if case.is_closed:
        raise CaseError(_("Ein abgeschlossener Fall kann nicht mehr geändert werden."))
    case.save()
    record(
        "case.updated", actor=actor, tenant=case.tenant, obj=case, data={"fields": changed}, request=request
    )
    return case


@transaction.atomic
def log_contact(
    *, case: Case, actor, data: dict[str, Any], request: HttpRequest | None = None
) -> ContactAttempt:
    if case.is_closed:
        raise CaseError(_("Der Fall ist abgeschlossen; Kontakte können nicht mehr erfasst werden."))
    contact = ContactAttempt.objects.create(case=case, made_by=actor, **data)
    if case.status == Case.Status.NEW:
        case.status = Case.Status.IN_CONTACT
        case.save(update_fields=["status", "updated_at"])
    record(
        "case.contact_logged",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={"contact": contact.pk, "kind": contact.kind, "result": contact.result},
        request=request,
    )
    return contact


def _check_recipients(case: Case, recipients) -> None:
    if any(organisation.tenant_id != case.tenant_id for organisation in recipients):
        raise CaseError(_("Empfänger müssen Akteure Ihrer Kommune sein."))
    if not recipients:
        raise CaseError(_("Bitte wählen Sie mindestens einen Empfänger."))


@transaction.atomic
def record_consent(
    *, case: Case, actor, data: dict[str, Any], recipients, request: HttpRequest | None = None
) -> Consent:
    _check_recipients(case, recipients)
    consent = Consent.objects.create(case=case, recorded_by=actor, **data)
    consent.recipients.set(recipients)
    record(
        "consent.recorded",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={
            "consent": consent.pk,
            "purpose": consent.purpose,
            "categories": consent.data_categories,
            "recipients": sorted(o.pk for o in recipients),
        },
        request=request,
    )
    return consent


@transaction.atomic
def record_legal_basis(
    *, case: Case, actor, data: dict[str, Any], recipients, request: HttpRequest | None = None
) -> LegalBasis:
    _check_recipients(case, recipients)
    basis = LegalBasis.objects.create(case=case, recorded_by=actor, **data)
    basis.recipients.set(recipients)
    record(
        "legal_basis.recorded",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={"legal_basis": basis.pk, "reference": basis.reference, "purpose": basis.purpose},
        request=request,
    )
    return basis


@transaction.atomic
def end_permit(
    *,
    permit: SharingPermit,
    actor,
    note: str = "",
    at: datetime | None = None,
    request: HttpRequest | None = None,
) -> SharingPermit:
    """Withdraw a consent or record an objection to a legal basis: from `at` on, nothing more is shared."""
    permit = type(permit).objects.select_for_update().get(pk=permit.pk)
    if permit.ended_at is not None:
        raise CaseError(_("Diese Grundlage ist bereits widerrufen."))
    permit.ended_at = at or timezone.now()
    permit.ended_note = note
    permit.save(update_fields=["ended_at", "ended_note"])
    kind = "consent" if isinstance(permit, Consent) else "legal_basis"
    record(
        f"{kind}.ended",
        actor=actor,
        tenant=permit.case.tenant,
        obj=permit.case,
        data={kind: permit.pk, "referrals": list(permit.referrals.values_list("pk", flat=True))},
        request=request,
    )
    return permit


def covering_permit(
    case: Case, *, recipient_id: int, categories: set[str], at: datetime
) -> Consent | LegalBasis | None:
    """A consent (preferred) or legal basis that allows a referral of `categories` to the recipient now."""
    for permits in (
        case.consents.prefetch_related("recipients"),
        case.legal_bases.prefetch_related("recipients"),
    ):
        for permit in permits:
            if permit.covers(
                recipient_id=recipient_id, purpose=Purpose.REFERRAL, categories=categories, at=at
            ):
                return permit
    return None


@transaction.atomic
def refer(
    *,
    case: Case,
    offering: Offering,
    categories: set[str],
    actor,
    message: str = "",
    at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Refer the case to an offering; refused unless a permit covers its provider, purpose and data now."""
    at = at or timezone.now()
    if case.is_closed:
        raise CaseError(_("Der Fall ist abgeschlossen; es kann nicht mehr übergeleitet werden."))
    if offering.tenant_id != case.tenant_id:
        raise CaseError(_("Das Angebot gehört nicht zu Ihrer Kommune."))
    if not categories:
        raise CaseError(_("Bitte wählen Sie, welche Daten der Träger erhalten soll."))
    permit = covering_permit(case, recipient_id=offering.provider_id, categories=categories, at=at)
    if permit is None:
        raise CaseError(
            _(
                "Keine gültige Einwilligung oder Rechtsgrundlage erlaubt, diese Daten zur Überleitung an "
                "%(provider)s zu übermitteln. Bitte erfassen Sie zuerst eine passende Einwilligung."
            )
            % {"provider": offering.provider.name}
        )
    referral = Referral.objects.create(
        case=case,
        offering=offering,
        provider_id=offering.provider_id,
        data_categories=sorted(categories),
        consent=permit if isinstance(permit, Consent) else None,
        legal_basis=permit if isinstance(permit, LegalBasis) else None,
        message=message,
        sent_by=actor,
        sent_at=at,
    )
    if case.status in (Case.Status.NEW, Case.Status.IN_CONTACT):
        case.status = Case.Status.REFERRED
        case.save(update_fields=["status", "updated_at"])
    record(
        "referral.sent",
        actor=actor,
        tenant=case.tenant,
        obj=referral,
        data={"case": case.pk, "offering": offering.pk, "categories": referral.data_categories},
        request=request,
    )
    _tell_the_provider(referral)
    return referral


def _tell_the_provider(referral: Referral) -> None:
    """The provider's people hear of a new referral, with a link and without any personal data."""
    from django.urls import reverse

    from uebergang.accounts.models import Membership
    from uebergang.notifications.send import notify

    tenant = referral.case.tenant
    partners = Membership.objects.filter(
        tenant=tenant, role=Membership.Role.PARTNER, organisation_id=referral.provider_id
    ).select_related("user")
    path = reverse("cases:provider_inbox", kwargs={"tenant": tenant})
    for membership in partners:
        notify(
            membership.user,
            _("Eine neue Überleitung für „%(offering)s“") % {"offering": referral.offering.title},
            _(
                "Für Ihr Angebot ist eine neue Überleitung eingegangen. Bitte nehmen Sie sie an oder lehnen Sie sie mit Grund ab."
            ),
            path,
            kind="referrals",
        )


@transaction.atomic
def respond_to_referral(
    *, referral: Referral, actor, status: str, reason: str = "", request: HttpRequest | None = None
) -> Referral:
    """The provider's step: accept or decline (with a reason), start, complete or drop."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if status not in Referral.PROVIDER_STEPS.get(referral.status, ()):
        raise CaseError(
            _("Eine Überleitung im Status „%(status)s“ kann nicht auf „%(new)s“ gesetzt werden.")
            % {"status": referral.get_status_display(), "new": Referral.Status(status).label}
        )
    if status == Referral.Status.DECLINED and not reason.strip():
        raise CaseError(_("Bitte begründen Sie die Ablehnung."))
    before = referral.status
    referral.status = status
    referral.reason = reason.strip() or referral.reason
    referral.save(update_fields=["status", "reason", "updated_at"])
    free = places.count_place(referral, before, status)
    record(
        "referral.responded",
        actor=actor,
        tenant=referral.case.tenant,
        obj=referral,
        data={"from": before, "to": status, **({"places_free": free} if free is not None else {})},
        request=request,
    )
    return referral


@transaction.atomic
def revoke_referral(
    *, referral: Referral, actor, reason: str = "", request: HttpRequest | None = None
) -> Referral:
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if referral.status not in Referral.REVOCABLE:
        raise CaseError(_("Nur gesendete oder angenommene Überleitungen können zurückgezogen werden."))
    before = referral.status
    referral.status = Referral.Status.REVOKED
    referral.reason = reason.strip()
    referral.save(update_fields=["status", "reason", "updated_at"])
    free = places.count_place(referral, before, Referral.Status.REVOKED)
    record(
        "referral.revoked",
        actor=actor,
        tenant=referral.case.tenant,
        obj=referral,
        data={"from": before, **({"places_free": free} if free is not None else {})},
        request=request,
    )
    return referral


def documented_attempts(case: Case) -> int:
    return case.contacts.filter(result=ContactAttempt.Result.NOT_REACHED).count()


def _clarify_in_monitoring(case: Case, actor) -> None:
    """The cleared destination reaches the monitoring (the school's report kept there); a case without a
    record there (reported by a partner, or a pupil the school did not list) changes no figure."""
    from uebergang.monitoring import clarifications

    with contextlib.suppress(clarifications.NoLeaverRecord):
        clarifications.clarify(
            tenant=case.tenant,
            leaving_year=case.leaving_year,
            pseudonym=case.pupil_pseudonym,
            destination=case.destination,
            source=_("Verbleibsklärung, Fall %(id)s") % {"id": case.pk},
            user=actor,
        )


@transaction.atomic
def close_case(
    *,
    case: Case,
    actor,
    outcome: str,
    destination=None,
    passed_to=None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Close with a valid outcome; "not reachable" only after the tenant's number of documented attempts."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise CaseError(_("Der Fall ist bereits abgeschlossen."))
    if outcome not in Case.Outcome.values:
        raise CaseError(_("Bitte wählen Sie ein Ergebnis."))
    if outcome == Case.Outcome.DESTINATION_REACHED and destination is None:
        raise CaseError(_("Bitte geben Sie den erreichten Verbleib an."))
    if outcome == Case.Outcome.PASSED_ON and passed_to is None:
        raise CaseError(_("Bitte geben Sie an, an welche Stelle der Fall abgegeben wurde."))
    if passed_to is not None and passed_to.tenant_id != case.tenant_id:
        raise CaseError(_("Die Stelle gehört nicht zu Ihrer Kommune."))
    if outcome == Case.Outcome.NOT_REACHABLE:
        required = CaseSettings.of(case.tenant).contact_attempts_required
        made = documented_attempts(case)
        if made < required:
            raise CaseError(
                _(
                    "„Nicht erreichbar“ braucht %(required)s dokumentierte erfolglose Kontaktversuche; "
                    "bisher sind es %(made)s."
                )
                % {"required": required, "made": made}
            )
    case.status = Case.Status.CLOSED
    case.outcome = outcome
    case.destination = destination if outcome == Case.Outcome.DESTINATION_REACHED else None
    case.passed_to = passed_to if outcome == Case.Outcome.PASSED_ON else None
    case.outcome_note = note
    case.closed_at = timezone.now()
    case.save()
    if case.outcome == Case.Outcome.DESTINATION_REACHED and case.pupil_pseudonym:
        _clarify_in_monitoring(case, actor)
    record(
        "case.closed",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={"outcome": outcome, "destination": case.destination.code if case.destination else ""},
        request=request,
    )
    return case


def record_read(*, case: Case, actor, request: HttpRequest | None = None, what: str = "detail") -> None:
    """Every read of a case's personal data leaves a trail row, not only writes."""
    record("case.read", actor=actor, tenant=case.tenant, obj=case, data={"view": what}, request=request)


@transaction.atomic
def update_settings(
    *, settings: CaseSettings, actor, changed: list[str], request: HttpRequest | None = None
) -> None:
    settings.save()
    record(
        "cases.settings_updated",
        actor=actor,
        tenant=settings.tenant,
        data={"fields": changed},
        request=request,
    )


@transaction.atomic
def grant_emergency_access(*, case: Case, actor, reason: str, request: HttpRequest | None = None):
    """Open a case to a coordinator for a short time; the reason goes into the audit trail."""
    reason = reason.strip()
    if len(reason) < 20:
        raise CaseError(_("Bitte begründen Sie den Notfallzugriff (mindestens 20 Zeichen)."))
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        case=case,
        user=actor,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(minutes=EmergencyAccess.DURATION_MINUTES),
    )
    record(
        "case.emergency_access",
        actor=actor,
        tenant=case.tenant,
        obj=case,
        data={"reason": reason, "expires_at": access.expires_at},
        request=request,
    )
    return access


@transaction.atomic
def report_case(
    *,
    tenant: Tenant,
    actor,
    organisation,
    case_data: dict[str, Any],
    consent_data: dict[str, Any],
    request=None,
) -> Case:
    """A partner's report: a new, unassigned case and the consent under which the partner passed it on."""
    case = open_case(
        tenant=tenant, actor=actor, data={**case_data, "source": Case.Source.PARTNER_REPORT}, request=request
    )
    record_consent(case=case, actor=actor, data=consent_data, recipients=[organisation], request=request)
    return case
