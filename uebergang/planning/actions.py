"""Writes of the steering app, each audited in its own transaction.

Every audit row carries the plan's id and the changes in words ("Fortschritt: 30 → 50"), so the plan's
history page (queries.history) reads like a change log without a second table that could drift from
the audit trail.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib.changes import changes_of as _changes
from uebergang.tenants.models import Tenant

from .forms import (
    AssessmentForm,
    FundingLineForm,
    GoalForm,
    IndicatorForm,
    IndicatorValueForm,
    InterimReviewForm,
    MeasureForm,
    PriorityForm,
    StaffPositionForm,
    VolunteerProgrammeForm,
    WorkPlanForm,
)
from .models import (
    FundingLine,
    Goal,
    Indicator,
    IndicatorValue,
    InterimReview,
    Measure,
    Priority,
    StaffPosition,
    VolunteerProgramme,
    WorkPlan,
)

Action = AuditEvent.Action


def _save(
    form: forms.ModelForm,
    *,
    request: HttpRequest,
    tenant: Tenant,
    plan: WorkPlan | None = None,
    is_plan: bool = False,
    **parent,
):
    """Save a form (with its parent set on a new object) and record what changed, with the plan's id
    where the object belongs to a plan (so the plan's history finds it)."""
    created = form.instance.pk is None
    changes = _changes(form)
    obj = form.save(commit=False)
    for name, value in parent.items():
        setattr(obj, name, value)
    obj.save()
    form.save_m2m()
    data: dict = {"changes": changes}
    if plan is not None or is_plan:
        data["plan"] = (obj if is_plan else plan).pk
    record(Action.CREATED if created else Action.UPDATED, request=request, tenant=tenant, obj=obj, data=data)
    return obj


@transaction.atomic
def save_plan(*, request: HttpRequest, tenant: Tenant, form: WorkPlanForm) -> WorkPlan:
    return _save(form, request=request, tenant=tenant, is_plan=True, tenant_id=tenant.pk)


@transaction.atomic
def save_priority(*, request: HttpRequest, tenant: Tenant, plan: WorkPlan, form: PriorityForm) -> Priority:
    return _save(form, request=request, tenant=tenant, plan=plan, plan_id=plan.pk)


@transaction.atomic
def save_goal(*, request: HttpRequest, tenant: Tenant, priority: Priority, form: GoalForm) -> Goal:
    return _save(form, request=request, tenant=tenant, plan=priority.plan, priority_id=priority.pk)


@transaction.atomic
def save_measure(*, request: HttpRequest, tenant: Tenant, goal: Goal, form: MeasureForm) -> Measure:
    return _save(form, request=request, tenant=tenant, plan=goal.priority.plan, goal_id=goal.pk)


@transaction.atomic
def save_indicator(*, request: HttpRequest, tenant: Tenant, plan: WorkPlan, form: IndicatorForm) -> Indicator:
    return _save(form, request=request, tenant=tenant, plan=plan, plan_id=plan.pk)


@transaction.atomic
def record_indicator_value(
    *, request: HttpRequest, tenant: Tenant, indicator: Indicator, form: IndicatorValueForm
) -> IndicatorValue:
    return _save(form, request=request, tenant=tenant, plan=indicator.plan, indicator_id=indicator.pk)


@transaction.atomic
def save_funding_line(
    *, request: HttpRequest, tenant: Tenant, form: FundingLineForm, amounts: forms.BaseInlineFormSet
) -> FundingLine:
    """A funding line with its yearly amounts: both land, or neither does."""
    created = form.instance.pk is None
    changes = _changes(form)
    line = form.save(commit=False)
    line.tenant = tenant
    line.save()
    amounts.instance = line
    amounts.save()
    yearly = {str(amount.year): str(amount.amount) for amount in line.amounts.order_by("year")}
    record(
        Action.CREATED if created else Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=line,
        data={"changes": changes, "amounts": yearly},
    )
    return line


@transaction.atomic
def save_staff_position(*, request: HttpRequest, tenant: Tenant, form: StaffPositionForm) -> StaffPosition:
    return _save(form, request=request, tenant=tenant, tenant_id=tenant.pk)


def save_volunteer_programme(
    *, request: HttpRequest, tenant: Tenant, form: VolunteerProgrammeForm
) -> VolunteerProgramme:
    return _save(form, request=request, tenant=tenant, tenant_id=tenant.pk)


@transaction.atomic
def create_interim_review(*, request: HttpRequest, tenant: Tenant, form: InterimReviewForm) -> InterimReview:
    """The review with its figures computed now and frozen (later changes of the data do not rewrite it)."""
    from .interim import compute

    review = form.save(commit=False)
    review.tenant = tenant
    review.created_by = request.user
    review.figures = compute(tenant, review.body, review.start, review.end)
    review.save()
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=review,
        data={"body": review.body_id, "period": review.figures["period"]},
    )
    return review


@transaction.atomic
def save_assessment(*, request: HttpRequest, tenant: Tenant, form: AssessmentForm) -> InterimReview:
    if not form.has_changed():
        return form.instance  # saved unchanged: nothing written, nothing in the trail
    review = form.save()
    record(Action.UPDATED, request=request, tenant=tenant, obj=review, data={"fields": ["assessment"]})
    return review
