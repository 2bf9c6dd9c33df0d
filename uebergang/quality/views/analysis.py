"""The quality overview, the schools page, effectiveness and need against supply."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.network.models import Organisation
from uebergang.offerings.models import Category, Offering
from uebergang.tenants.models import Tenant

from .. import effect, need, queries, reminders
from ..models import Review, Standard


@permission_required("quality.view")
def overview(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    membership = request.membership
    today = timezone.localdate()
    reviews = queries.visible_reviews(tenant, membership)
    periods = list(queries.visible_periods(tenant, membership).prefetch_related("reports")[:3])
    return render(
        request,
        "quality/overview.html",
        {
            "tenant": tenant,
            "standards": Standard.objects.for_tenant(tenant).filter(status=Standard.Status.ACTIVE),
            "open_reviews": reviews.open().count(),
            "overdue_reviews": reviews.filter(status=Review.Status.OPEN, due_on__lt=today).count(),
            "my_reviews": [
                r for r in reviews.filter(status=Review.Status.OPEN)[:10] if queries.can_rate(membership, r)
            ],
            "periods": [queries.completeness(p, queries.followed_offerings(p, membership)) for p in periods],
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
            "cycle_due": reminders.cycle_due(tenant, today) if queries.is_coordinator(membership) else [],
            "can_analyse": has_permission(request.user, tenant, "quality.analyse"),
        },
    )


@permission_required("quality.view")
def schools(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    categories = Category.objects.for_tenant(tenant).order_by("position", "name")
    without = None
    if request.GET.get("ohne", "").isdigit():
        without = categories.filter(pk=request.GET["ohne"]).first()
    without_text = request.GET.get("ohne_angebot", "").strip()[:100]
    rows, titles = queries.schools_overview(tenant, without=without, without_text=without_text)
    return render(
        request,
        "quality/schools.html",
        {
            "tenant": tenant,
            "rows": rows,
            "titles": titles,
            "categories": categories,
            "without": without,
            "without_text": without_text,
        },
    )


@permission_required("quality.view")
def school_detail(request: HttpRequest, tenant: Tenant, school_id: int) -> HttpResponse:
    school = get_object_or_404(
        Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL), pk=school_id
    )
    offerings = (
        Offering.objects.for_tenant(tenant)
        .filter(schools_served=school, status=Offering.Status.PUBLISHED)
        .select_related("provider")
        .prefetch_related("categories")
        .order_by("title")
    )
    reviews = (
        Review.objects.for_tenant(tenant)
        .filter(school=school)
        .select_related("standard")
        .prefetch_related("ratings")
        .order_by("-year", "-id")
    )
    return render(
        request,
        "quality/school_detail.html",
        {
            "tenant": tenant,
            "school": school,
            "offerings": offerings,
            "reviews": reviews,
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


def _year(request: HttpRequest, choices: list[int]) -> int | None:
    value = request.GET.get("jahr", "")
    if value.isdigit() and int(value) in choices:
        return int(value)
    return choices[0] if choices else None


@permission_required("quality.analyse")
def effectiveness(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    years = effect.years(tenant)
    year = _year(request, years)
    rows = effect.overview(tenant, year) if year is not None else []
    return render(
        request,
        "quality/effect.html",
        {
            "tenant": tenant,
            "years": years,
            "year": year,
            "rows": rows,
            "minimum": effect.minimum_cell(tenant.suppression_threshold),
        },
    )


@permission_required("quality.analyse")
def need_page(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    from uebergang.monitoring import queries as monitoring_queries

    years = sorted(monitoring_queries.years(tenant), reverse=True)
    year = _year(request, years)
    page = need.need_against_supply(tenant, year)
    return render(request, "quality/need.html", {"tenant": tenant, "page": page, "years": years})
