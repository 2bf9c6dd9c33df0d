"""A case's page (every read audited) and the forms of the work on it: contacts, permits, referrals, outcome."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions, queries
from ..export import person_data
from ..forms import (
    CloseForm,
    ConsentForm,
    ContactForm,
    EndPermitForm,
    LegalBasisForm,
    ReferralForm,
    RevokeForm,
)
from ..models import Case, CaseSettings, Consent, ContactAttempt, LegalBasis, Referral


@permission_required("cases.view")
def detail(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = get_object_or_404(detail_cases(tenant), pk=case_id)
    actions.record_read(case=case, actor=request.user, request=request)
    return render(request, "cases/detail.html", detail_context(case, request.user))


def detail_cases(tenant: Tenant):
    return Case.objects.for_tenant(tenant).select_related(
        "tenant", "school", "region", "lead_worker", "team", "destination", "passed_to"
    )


def detail_context(case: Case, user) -> dict:
    """What the case page shows: the case, its contacts, permits (in force now?), referrals, accesses."""
    now = timezone.now()
    contacts = list(case.contacts.select_related("made_by"))
    referrals = list(
        case.referrals.select_related("offering", "provider", "consent", "legal_basis").prefetch_related(
            "consent__recipients", "legal_basis__recipients"
        )
    )
    with_recipients = Prefetch("recipients")
    permits = [
        *case.consents.prefetch_related(with_recipients),
        *case.legal_bases.prefetch_related(with_recipients),
    ]
    return {
        "tenant": case.tenant,
        "case": case,
        "age": case.age_on(timezone.localdate()),
        "contacts": contacts,
        "permits": [(p, isinstance(p, Consent), p.in_force(now)) for p in permits],
        "referrals": [(r, r.shared_now(now)) for r in referrals],
        "attempts": sum(1 for c in contacts if c.result == ContactAttempt.Result.NOT_REACHED),
        "attempts_required": CaseSettings.of(case.tenant).contact_attempts_required,
        "emergency_accesses": case.emergency_accesses.select_related("user"),
        "conferences": [
            (c, any(p.pk == user.pk for p in c.participants.all()))
            for c in case.conferences.prefetch_related("organisations", "participants")
        ],
    }


def _case_form(
    request: HttpRequest,
    tenant: Tenant,
    case_id: int,
    *,
    form_class,
    title: str,
    submit: str,
    save: Callable[[Case, object], str],
    form_kwargs: dict | None = None,
) -> HttpResponse:
    """One form on an open case: on valid input `save` writes (an action) and returns the success text."""
    case = queries.case_for(tenant, case_id)
    if case.is_closed:
        messages.error(request, _("Der Fall ist abgeschlossen."))
        return redirect("cases:detail", tenant=tenant, case_id=case.pk)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            done = save(case, form)
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("cases:detail", tenant=tenant, case_id=case.pk)
    context = {
        "tenant": tenant,
        "case": case,
        "form": form,
        "title": f"{title} – {case.reference}",
        "submit": submit,
    }
    return render(request, "cases/form.html", context)


@permission_required("cases.work")
def contact_create(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    def save(case: Case, form: ContactForm) -> str:
        actions.log_contact(case=case, actor=request.user, data=form.cleaned_data, request=request)
        return _("Der Kontakt ist erfasst.")

    return _case_form(
        request,
        tenant,
        case_id,
        form_class=ContactForm,
        title=_("Kontakt erfassen"),
        submit=_("Kontakt erfassen"),
        save=save,
        form_kwargs={"initial": {"made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}},
    )


def _permit_data(form) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    return data, list(data.pop("recipients"))


@permission_required("cases.work")
def consent_create(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    def save(case: Case, form: ConsentForm) -> str:
        data, recipients = _permit_data(form)
        actions.record_consent(
            case=case, actor=request.user, data=data, recipients=recipients, request=request
        )
        return _("Die Einwilligung ist erfasst.")

    return _case_form(
        request,
        tenant,
        case_id,
        form_class=ConsentForm,
        title=_("Einwilligung erfassen"),
        submit=_("Einwilligung erfassen"),
        save=save,
        form_kwargs={"tenant": tenant, "initial": {"valid_from": timezone.localdate()}},
    )


@permission_required("cases.work")
def legal_basis_create(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    def save(case: Case, form: LegalBasisForm) -> str:
        data, recipients = _permit_data(form)
        actions.record_legal_basis(
            case=case, actor=request.user, data=data, recipients=recipients, request=request
        )
        return _("Die Rechtsgrundlage ist erfasst.")

    return _case_form(
        request,
        tenant,
        case_id,
        form_class=LegalBasisForm,
        title=_("Rechtsgrundlage erfassen"),
        submit=_("Rechtsgrundlage erfassen"),
        save=save,
        form_kwargs={
            "tenant": tenant,
            "initial": {"valid_from": timezone.localdate(), "reference": "§ 31a SGB III"},
        },
    )


def _end_permit(request: HttpRequest, tenant: Tenant, permit, title: str, done: str) -> HttpResponse:
    form = EndPermitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_permit(
                permit=permit, actor=request.user, note=form.cleaned_data["note"], request=request
            )
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("cases:detail", tenant=tenant, case_id=permit.case_id)
    context = {
        "tenant": tenant,
        "case": permit.case,
        "form": form,
        "title": f"{title} – {permit.case.reference}",
        "submit": title,
        "warning": _(
            "Ab sofort werden keine Daten mehr auf dieser Grundlage weitergegeben; Empfänger sehen den Widerruf."
        ),
    }
    return render(request, "cases/form.html", context)


@permission_required("cases.work")
def consent_withdraw(request: HttpRequest, tenant: Tenant, consent_id: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.filter(case__tenant=tenant).select_related("case"), pk=consent_id
    )
    return _end_permit(request, tenant, consent, _("Einwilligung widerrufen"), _("Der Widerruf ist erfasst."))


@permission_required("cases.work")
def legal_basis_object(request: HttpRequest, tenant: Tenant, legal_basis_id: int) -> HttpResponse:
    basis = get_object_or_404(
        LegalBasis.objects.filter(case__tenant=tenant).select_related("case"), pk=legal_basis_id
    )
    return _end_permit(request, tenant, basis, _("Widerspruch erfassen"), _("Der Widerspruch ist erfasst."))


@permission_required("cases.work")
def referral_create(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    def save(case: Case, form: ReferralForm) -> str:
        referral = actions.refer(
            case=case,
            offering=form.cleaned_data["offering"],
            categories=set(form.cleaned_data["data_categories"]),
            message=form.cleaned_data["message"],
            actor=request.user,
            request=request,
        )
        return _("Die Überleitung an %(provider)s ist gesendet.") % {"provider": referral.provider.name}

    return _case_form(
        request,
        tenant,
        case_id,
        form_class=ReferralForm,
        title=_("Überleiten"),
        submit=_("Überleitung senden"),
        save=save,
        form_kwargs={"tenant": tenant},
    )


@permission_required("cases.work")
def referral_revoke(request: HttpRequest, tenant: Tenant, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.for_tenant(tenant).select_related("case"), pk=referral_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_referral(
                referral=referral, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Die Überleitung ist zurückgezogen."))
            return redirect("cases:detail", tenant=tenant, case_id=referral.case_id)
    context = {
        "tenant": tenant,
        "case": referral.case,
        "form": form,
        "title": _("Überleitung zurückziehen – %(ref)s") % {"ref": referral.case.reference},
        "submit": _("Überleitung zurückziehen"),
    }
    return render(request, "cases/form.html", context)


@permission_required("cases.work")
def close(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    def save(case: Case, form: CloseForm) -> str:
        actions.close_case(case=case, actor=request.user, request=request, **form.cleaned_data)
        return _("Der Fall ist abgeschlossen.")

    return _case_form(
        request,
        tenant,
        case_id,
        form_class=CloseForm,
        title=_("Fall abschließen"),
        submit=_("Fall abschließen"),
        save=save,
        form_kwargs={"tenant": tenant},
    )


@permission_required("cases.view")
def export(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    """Art. 15 DSGVO: the person's data as a JSON download (audited like a read)."""
    case = queries.case_for(tenant, case_id)
    data = person_data(case)
    actions.record_read(case=case, actor=request.user, request=request, what="export")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="auskunft-{case.reference}.json"'
    return response


@permission_required("cases.view")
def disclosure(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    """Art. 15 DSGVO as a readable page to print or hand over, with the way to rectify and object."""
    case = queries.case_for(tenant, case_id)
    actions.record_read(case=case, actor=request.user, request=request, what="disclosure")
    return render(
        request, "cases/disclosure.html", {"tenant": tenant, "case": case, "data": person_data(case)}
    )
