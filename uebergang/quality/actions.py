"""Writes of the quality app, each audited in its own transaction (changes in words, as in planning).

A form saved unchanged writes nothing and records nothing. Notifications go to the people who act next:
a provider's partners when a self-evaluation or a report period opens, the coordinators when a review
is submitted, the responsible person of a follow-up action.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib.changes import changes_of as _changes
from uebergang.network.models import Task
from uebergang.notifications.send import notify
from uebergang.tenants.models import Tenant

from .forms import PartnerReportForm, RatingsForm
from .models import Criterion, PartnerReport, Rating, ReportingPeriod, Review, Standard

Action = AuditEvent.Action


class QualityError(Exception):
    """A step that cannot be taken in the object's current state; the message says why, in German."""


def _save_form(form: forms.ModelForm, *, request: HttpRequest, tenant: Tenant, **parent):
    """Save a model form with its parent set on a new object; record what changed. Unchanged: nothing."""
    created = form.instance.pk is None
    if not created and not form.has_changed():
        return form.instance
    changes = _changes(form)
    obj = form.save(commit=False)
    for name, value in parent.items():
        setattr(obj, name, value)
    obj.save()
    form.save_m2m()
    record(
        Action.CREATED if created else Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=obj,
        data={"changes": changes},
    )
    return obj


def partners_of(tenant: Tenant, organisation_id: int | None):
    if organisation_id is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(
            tenant=tenant, role=Membership.Role.PARTNER, organisation_id=organisation_id
        ).select_related("user")
    ]


def coordinators_of(tenant: Tenant):
    return [
        m.user
        for m in Membership.objects.filter(tenant=tenant, role=Membership.Role.COORDINATOR).select_related(
            "user"
        )
    ]


# Standards ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_standard(*, request: HttpRequest, tenant: Tenant, form: forms.ModelForm) -> Standard:
    return _save_form(form, request=request, tenant=tenant, tenant_id=tenant.pk)


@transaction.atomic
def save_criterion(
    *, request: HttpRequest, tenant: Tenant, standard: Standard, form: forms.ModelForm
) -> Criterion:
    if not standard.editable:
        raise QualityError(_("Diese Fassung gilt schon; Kriterien ändern Sie in einer neuen Fassung."))
    return _save_form(form, request=request, tenant=tenant, standard_id=standard.pk)


@transaction.atomic
def delete_criterion(*, request: HttpRequest, tenant: Tenant, criterion: Criterion) -> None:
    if not criterion.standard.editable:
        raise QualityError(_("Diese Fassung gilt schon; Kriterien ändern Sie in einer neuen Fassung."))
    record(
        Action.DELETED,
        request=request,
        tenant=tenant,
        obj=criterion,
        data={"standard": criterion.standard_id},
    )
    criterion.delete()


@transaction.atomic
def new_version(*, request: HttpRequest, tenant: Tenant, standard: Standard) -> Standard:
    """A draft copy of an active version, with its criteria; the active one holds until the draft is activated."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status != Standard.Status.ACTIVE:
        raise QualityError(_("Eine neue Fassung entsteht aus der gültigen Fassung."))
    if Standard.objects.filter(predecessor=standard).exists():
        raise QualityError(_("Es gibt schon einen Entwurf der nächsten Fassung."))
    draft = Standard.objects.create(
        tenant=tenant,
        title=standard.title,
        description=standard.description,
        subject=standard.subject,
        review_cycle_months=standard.review_cycle_months,
        version=standard.version + 1,
        predecessor=standard,
    )
    Criterion.objects.bulk_create(
        Criterion(
            standard=draft,
            position=c.position,
            title=c.title,
            indicators=c.indicators,
            evidence_required=c.evidence_required,
        )
        for c in standard.criteria.all()
    )
    record(Action.CREATED, request=request, tenant=tenant, obj=draft, data={"from_version": standard.pk})
    return draft


@transaction.atomic
def activate(*, request: HttpRequest, tenant: Tenant, standard: Standard) -> Standard:
    """The draft becomes the valid version; its predecessor is retired (its reviews keep pointing to it)."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status != Standard.Status.DRAFT:
        raise QualityError(_("Nur ein Entwurf kann in Kraft gesetzt werden."))
    if not standard.criteria.exists():
        raise QualityError(_("Ein Standard braucht mindestens ein Kriterium, bevor er gilt."))
    if standard.predecessor_id:
        Standard.objects.filter(pk=standard.predecessor_id).update(status=Standard.Status.RETIRED)
    standard.status = Standard.Status.ACTIVE
    standard.activated_at = timezone.now()
    standard.save(update_fields=["status", "activated_at"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=standard,
        data={"changes": [{"field": _("Stand"), "old": _("Entwurf"), "new": _("gültig")}]},
    )
    return standard


# Reviews -----------------------------------------------------------------------------------------------


def review_path(review: Review) -> str:
    return reverse("quality:review", kwargs={"tenant": review.tenant, "quality_review_id": review.pk})


@transaction.atomic
def open_review(*, request: HttpRequest, tenant: Tenant, form: forms.ModelForm) -> Review:
    review = _save_form(form, request=request, tenant=tenant, tenant_id=tenant.pk)
    if review.kind == Review.Kind.SELF:
        for user in partners_of(tenant, review.offering.provider_id):
            notify(
                user,
                _("Selbstevaluation: %(title)s") % {"title": review.offering.title},
                _("Bitte bewerten Sie Ihr Angebot nach dem Standard „%(standard)s“ bis %(due)s.")
                % {"standard": review.standard.title, "due": review.due_on.strftime("%d.%m.%Y")},
                review_path(review),
                kind="quality",
            )
    return review


@transaction.atomic
def save_ratings(*, request: HttpRequest, tenant: Tenant, form: RatingsForm) -> Review:
    review = Review.objects.select_for_update().get(pk=form.review.pk)
    if review.status == Review.Status.COMPLETED:
        raise QualityError(_("Die Überprüfung ist abgeschlossen; die Bewertungen bleiben, wie sie sind."))
    if not form.has_changed():
        return review
    changes = []
    for criterion in form.criteria:
        level = form.cleaned_data[f"level_{criterion.pk}"]
        evidence = form.cleaned_data[f"evidence_{criterion.pk}"]
        rating = form.ratings.get(criterion.pk)
        old_level, old_evidence = (rating.level, rating.evidence) if rating else ("", "")
        if (level, evidence) == (old_level, old_evidence):
            continue
        Rating.objects.update_or_create(
            review=review, criterion=criterion, defaults={"level": level, "evidence": evidence}
        )
        labels = dict(Rating.Level.choices)
        changes.append(
            {
                "field": criterion.title,
                "old": str(labels.get(old_level, "–")),
                "new": str(labels.get(level, "–")),
            }
        )
    if form.cleaned_data["summary"] != review.summary:
        review.summary = form.cleaned_data["summary"]
        review.save(update_fields=["summary"])
        changes.append({"field": _("Gesamteinschätzung"), "old": "…", "new": "…"})
    record(Action.UPDATED, request=request, tenant=tenant, obj=review, data={"changes": changes})
    return review


@transaction.atomic
def submit_review(*, request: HttpRequest, tenant: Tenant, review: Review) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.OPEN:
        raise QualityError(_("Die Überprüfung ist schon eingereicht."))
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.submitted_by = request.user
    review.save(update_fields=["status", "submitted_at", "submitted_by"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=review,
        data={"changes": [{"field": _("Stand"), "old": _("offen"), "new": _("eingereicht")}]},
    )
    if review.kind == Review.Kind.SELF:
        for user in coordinators_of(tenant):
            notify(
                user,
                _("Selbstevaluation eingereicht: %(title)s") % {"title": review.offering.title},
                _(
                    "Der Träger hat seine Selbstevaluation eingereicht; Sie können sie prüfen und abschließen."
                ),
                review_path(review),
                kind="quality",
            )
    return review


@transaction.atomic
def complete_review(*, request: HttpRequest, tenant: Tenant, review: Review) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == Review.Status.COMPLETED:
        raise QualityError(_("Die Überprüfung ist schon abgeschlossen."))
    rated = {r.criterion_id for r in review.ratings.all() if r.level}
    if any(c.pk not in rated for c in review.standard.criteria.all()):
        raise QualityError(_("Bitte bewerten Sie jedes Kriterium, bevor Sie die Überprüfung abschließen."))
    old = review.get_status_display()
    review.status = Review.Status.COMPLETED
    review.completed_at = timezone.now()
    if review.submitted_at is None:
        review.submitted_at, review.submitted_by = review.completed_at, request.user
    review.save(update_fields=["status", "completed_at", "submitted_at", "submitted_by"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=review,
        data={"changes": [{"field": _("Stand"), "old": str(old), "new": _("abgeschlossen")}]},
    )
    return review


@transaction.atomic
def add_follow_up(*, request: HttpRequest, tenant: Tenant, review: Review, form: forms.ModelForm) -> Task:
    task = form.save(commit=False)
    task.quality_review = review
    task.save()
    record(Action.CREATED, request=request, tenant=tenant, obj=task, data={"review": review.pk})
    user = task.responsible_user
    recipients = [user] if user is not None else partners_of(tenant, task.responsible_organisation_id)
    for person in recipients:
        if person != request.user:
            notify(
                person,
                _("Folgemaßnahme aus einer Überprüfung"),
                _("Ihnen wurde eine Folgemaßnahme übertragen: %(title)s") % {"title": task.title},
                review_path(review),
                kind="quality",
            )
    return task


@transaction.atomic
def set_follow_up_status(*, request: HttpRequest, tenant: Tenant, task: Task, status: str) -> Task:
    if task.status == status:
        return task
    old = task.get_status_display()
    task.status = status
    task.save(update_fields=["status", "updated_at"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=task,
        data={
            "review": task.quality_review_id,
            "changes": [{"field": _("Stand"), "old": str(old), "new": str(task.get_status_display())}],
        },
    )
    return task


# Partner reports ---------------------------------------------------------------------------------------


def period_path(period: ReportingPeriod) -> str:
    return reverse("quality:period", kwargs={"tenant": period.tenant, "period_id": period.pk})


@transaction.atomic
def save_period(*, request: HttpRequest, tenant: Tenant, form: forms.ModelForm) -> ReportingPeriod:
    created = form.instance.pk is None
    before = set(form.instance.offerings.values_list("pk", flat=True)) if not created else set()
    period = _save_form(form, request=request, tenant=tenant, tenant_id=tenant.pk)
    added = set(period.offerings.values_list("pk", flat=True)) - before
    providers = set(period.offerings.filter(pk__in=added).values_list("provider_id", flat=True))
    for provider in providers:
        for user in partners_of(tenant, provider):
            notify(
                user,
                _("Bericht erbeten: %(title)s") % {"title": period.title},
                _("Bitte berichten Sie die Zahlen Ihrer Angebote für %(title)s bis %(due)s.")
                % {"title": period.title, "due": period.due_on.strftime("%d.%m.%Y")},
                period_path(period),
                kind="quality",
            )
    return period


@transaction.atomic
def save_partner_report(
    *, request: HttpRequest, tenant: Tenant, form: PartnerReportForm, submit: bool
) -> PartnerReport:
    """Save the figures (a draft, or submitted); a submitted report can still be corrected until the period's
    reports are read — each correction is in the audit trail."""
    report = form.instance
    created = report.pk is None
    changed = created or form.has_changed()
    becomes_submitted = submit and report.status != PartnerReport.Status.SUBMITTED
    if not changed and not becomes_submitted:
        return report
    changes = _changes(form) if changed else []
    report = form.save(commit=False)
    if becomes_submitted:
        report.status = PartnerReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = request.user
        changes.append({"field": _("Stand"), "old": _("Entwurf"), "new": _("eingereicht")})
    report.save()
    record(
        Action.CREATED if created else Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=report,
        data={"period": report.period_id, "changes": changes},
    )
    return report
