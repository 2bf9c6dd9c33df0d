"""Work plans in the staff workspace: the progress tree, its history, the editing forms and indicators.

Every object is fetched through its tenant-scoped accessor, so an id of another tenant is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from . import actions, queries
from .forms import GoalForm, IndicatorForm, IndicatorValueForm, MeasureForm, PriorityForm, WorkPlanForm
from .models import Goal, Indicator, Measure, Priority, WorkPlan

FORM_TEMPLATE = "planning/form.html"


def _plan(tenant: Tenant, plan_id: int) -> WorkPlan:
    return get_object_or_404(WorkPlan.objects.for_tenant(tenant).select_related("body"), pk=plan_id)


def _plan_url(plan: WorkPlan) -> str:
    return reverse("planning:plan", kwargs={"tenant": plan.tenant, "plan_id": plan.pk})


def _form_page(
    request: HttpRequest, tenant: Tenant, form, *, title: str, back: str, plan=None
) -> HttpResponse:
    return render(
        request, FORM_TEMPLATE, {"tenant": tenant, "form": form, "title": title, "back": back, "plan": plan}
    )


@permission_required("planning.view")
def plans(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    work_plans = WorkPlan.objects.for_tenant(tenant).select_related("body")
    return render(request, "planning/plans.html", {"tenant": tenant, "plans": work_plans})


@permission_required("planning.manage")
def plan_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = WorkPlanForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        plan = actions.save_plan(request=request, tenant=tenant, form=form)
        messages.success(request, _("Der Arbeitsplan „%(title)s“ ist angelegt.") % {"title": plan.title})
        return redirect(_plan_url(plan))
    back = reverse("planning:plans", kwargs={"tenant": tenant})
    return _form_page(request, tenant, form, title=_("Arbeitsplan anlegen"), back=back)


@permission_required("planning.view")
def plan_detail(request: HttpRequest, tenant: Tenant, plan_id: int) -> HttpResponse:
    plan = _plan(tenant, plan_id)
    tree, progress = queries.progress_tree(plan)
    context = {
        "tenant": tenant,
        "plan": plan,
        "tree": tree,
        "progress": progress,
        "counts": queries.measure_counts(tree),
        "statuses": Measure.Status,
        "indicators": queries.indicator_rows(tenant, plan),
    }
    return render(request, "planning/plan_detail.html", context)


@permission_required("planning.manage")
def plan_edit(request: HttpRequest, tenant: Tenant, plan_id: int) -> HttpResponse:
    plan = _plan(tenant, plan_id)
    form = WorkPlanForm(request.POST or None, instance=plan, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_plan(request=request, tenant=tenant, form=form)
        messages.success(request, _("Der Arbeitsplan ist gespeichert."))
        return redirect(_plan_url(plan))
    return _form_page(
        request, tenant, form, title=_("Arbeitsplan bearbeiten"), back=_plan_url(plan), plan=plan
    )


@permission_required("planning.view")
def plan_history(request: HttpRequest, tenant: Tenant, plan_id: int) -> HttpResponse:
    plan = _plan(tenant, plan_id)
    events = queries.history(tenant, plan)
    return render(request, "planning/history.html", {"tenant": tenant, "plan": plan, "events": events})


# Priorities, goals and measures.


@permission_required("planning.manage")
def priority_create(request: HttpRequest, tenant: Tenant, plan_id: int) -> HttpResponse:
    plan = _plan(tenant, plan_id)
    form = PriorityForm(request.POST or None, initial={"position": plan.priorities.count() + 1})
    if request.method == "POST" and form.is_valid():
        actions.save_priority(request=request, tenant=tenant, plan=plan, form=form)
        messages.success(request, _("Der Schwerpunkt ist angelegt."))
        return redirect(_plan_url(plan))
    return _form_page(request, tenant, form, title=_("Schwerpunkt anlegen"), back=_plan_url(plan), plan=plan)


@permission_required("planning.manage")
def priority_edit(request: HttpRequest, tenant: Tenant, priority_id: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.for_tenant(tenant).select_related("plan"), pk=priority_id)
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        actions.save_priority(request=request, tenant=tenant, plan=priority.plan, form=form)
        messages.success(request, _("Der Schwerpunkt ist gespeichert."))
        return redirect(_plan_url(priority.plan))
    back = _plan_url(priority.plan)
    return _form_page(request, tenant, form, title=_("Schwerpunkt bearbeiten"), back=back, plan=priority.plan)


@permission_required("planning.manage")
def goal_create(request: HttpRequest, tenant: Tenant, priority_id: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.for_tenant(tenant).select_related("plan"), pk=priority_id)
    form = GoalForm(request.POST or None, initial={"position": priority.goals.count() + 1})
    if request.method == "POST" and form.is_valid():
        actions.save_goal(request=request, tenant=tenant, priority=priority, form=form)
        messages.success(request, _("Das Ziel ist angelegt."))
        return redirect(_plan_url(priority.plan))
    title = _("Ziel anlegen für „%(priority)s“") % {"priority": priority.title}
    return _form_page(request, tenant, form, title=title, back=_plan_url(priority.plan), plan=priority.plan)


@permission_required("planning.manage")
def goal_edit(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.for_tenant(tenant).select_related("priority__plan"), pk=goal_id)
    plan = goal.priority.plan
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        actions.save_goal(request=request, tenant=tenant, priority=goal.priority, form=form)
        messages.success(request, _("Das Ziel ist gespeichert."))
        return redirect(_plan_url(plan))
    return _form_page(request, tenant, form, title=_("Ziel bearbeiten"), back=_plan_url(plan), plan=plan)


@permission_required("planning.manage")
def measure_create(request: HttpRequest, tenant: Tenant, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.for_tenant(tenant).select_related("priority__plan"), pk=goal_id)
    plan = goal.priority.plan
    form = MeasureForm(request.POST or None, tenant=tenant, initial={"position": goal.measures.count() + 1})
    if request.method == "POST" and form.is_valid():
        actions.save_measure(request=request, tenant=tenant, goal=goal, form=form)
        messages.success(request, _("Die Maßnahme ist angelegt."))
        return redirect(_plan_url(plan))
    title = _("Maßnahme anlegen für „%(goal)s“") % {"goal": goal.title}
    return _form_page(request, tenant, form, title=title, back=_plan_url(plan), plan=plan)


@permission_required("planning.manage")
def measure_edit(request: HttpRequest, tenant: Tenant, measure_id: int) -> HttpResponse:
    measure = get_object_or_404(
        Measure.objects.for_tenant(tenant).select_related("goal__priority__plan"), pk=measure_id
    )
    plan = measure.goal.priority.plan
    form = MeasureForm(request.POST or None, instance=measure, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_measure(request=request, tenant=tenant, goal=measure.goal, form=form)
        messages.success(request, _("Die Maßnahme ist gespeichert."))
        return redirect(_plan_url(plan))
    return _form_page(request, tenant, form, title=_("Maßnahme bearbeiten"), back=_plan_url(plan), plan=plan)


# Indicators.


def _indicator(tenant: Tenant, indicator_id: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.for_tenant(tenant).select_related("plan", "goal"), pk=indicator_id
    )


@permission_required("planning.manage")
def indicator_create(request: HttpRequest, tenant: Tenant, plan_id: int) -> HttpResponse:
    plan = _plan(tenant, plan_id)
    form = IndicatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        indicator = actions.save_indicator(request=request, tenant=tenant, plan=plan, form=form)
        messages.success(request, _("Die Kennzahl „%(name)s“ ist angelegt.") % {"name": indicator.name})
        return redirect("planning:indicator", tenant=tenant, indicator_id=indicator.pk)
    return _form_page(request, tenant, form, title=_("Kennzahl anlegen"), back=_plan_url(plan), plan=plan)


@permission_required("planning.view")
def indicator_detail(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = _indicator(tenant, indicator_id)
    actuals = queries.actuals_of(tenant, indicator)
    return render(
        request,
        "planning/indicator_detail.html",
        {"tenant": tenant, "plan": indicator.plan, "indicator": indicator, "actuals": actuals},
    )


@permission_required("planning.manage")
def indicator_edit(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = _indicator(tenant, indicator_id)
    form = IndicatorForm(request.POST or None, instance=indicator, plan=indicator.plan)
    if request.method == "POST" and form.is_valid():
        actions.save_indicator(request=request, tenant=tenant, plan=indicator.plan, form=form)
        messages.success(request, _("Die Kennzahl ist gespeichert."))
        return redirect("planning:indicator", tenant=tenant, indicator_id=indicator.pk)
    back = reverse("planning:indicator", kwargs={"tenant": tenant, "indicator_id": indicator.pk})
    return _form_page(request, tenant, form, title=_("Kennzahl bearbeiten"), back=back, plan=indicator.plan)


@permission_required("planning.manage")
def indicator_value_create(request: HttpRequest, tenant: Tenant, indicator_id: int) -> HttpResponse:
    indicator = _indicator(tenant, indicator_id)
    if indicator.is_computed:
        raise Http404("computed indicators take no hand-entered values")
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        actions.record_indicator_value(request=request, tenant=tenant, indicator=indicator, form=form)
        messages.success(request, _("Der Istwert ist erfasst."))
        return redirect("planning:indicator", tenant=tenant, indicator_id=indicator.pk)
    back = reverse("planning:indicator", kwargs={"tenant": tenant, "indicator_id": indicator.pk})
    title = _("Istwert erfassen: %(name)s") % {"name": indicator.name}
    return _form_page(request, tenant, form, title=title, back=back, plan=indicator.plan)
