"""The association's comparison of its members: headline figures per tenant, protected for a cross-tenant view.

Built from YearSummary (tenant × year × destination, kept current by every import) in a few queries for
all tenants. Each tenant's row is the destination margin of its cohort, protected twice:

- as the tenant protects it for itself (suppression.destination_margin with its own threshold: the
  same cells as on its own dashboard, which the margin's protection depends on alone), and
- with the association's common threshold (at least 5, or the tenant's if higher), keeping the first
  hidden cells hidden.

So the comparison never shows a cell its tenant hides, and what it shows of the margin (the total and
three destinations) leaves every hidden destination free between 0 and the hidden cells' sum, which is
at least the common threshold. A cohort whose schools have not all reported is marked incomplete.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from uebergang.network.models import Organisation
from uebergang.tenants.models import AssociationSettings, Tenant

from .models import TOP_LEVEL_CODES, CohortCount, YearSummary
from .protected import MARK
from .suppression import destination_margin, is_small

HEADLINE_MEASURES = ("dual", "transition", "unknown")


def association_comparison(year: int) -> list[dict]:
    """Per active tenant: {"tenant", "headline" (None without figures for the year), "threshold"}.

    headline: {"year", "total", "dual", "transition", "unknown" (queries.Figure), "complete",
    "reported", "expected"}.
    """
    settings = AssociationSettings.current()
    tenants = list(Tenant.objects.members())
    ids = [t.pk for t in tenants]
    by_tenant: dict[int, dict[str, int]] = defaultdict(dict)
    summaries = YearSummary.objects.filter(tenant__in=ids, leaving_year=year)
    for tenant_id, destination, n in summaries.values_list("tenant_id", "destination", "count"):
        by_tenant[tenant_id][destination] = by_tenant[tenant_id].get(destination, 0) + n
    reported, expected = _schools(ids, year)
    comparison = []
    for tenant in tenants:
        threshold = settings.threshold_for(tenant)
        row = None
        if tenant.pk in by_tenant:
            counts = dict.fromkeys(TOP_LEVEL_CODES, 0) | by_tenant[tenant.pk]
            row = _headline(year, counts, tenant.suppression_threshold, threshold)
            row["reported"] = reported.get(tenant.pk, 0)
            row["expected"] = expected.get(tenant.pk, 0)
            row["complete"] = row["reported"] >= row["expected"]
        comparison.append({"tenant": tenant, "headline": row, "threshold": threshold})
    return comparison


def _headline(year: int, counts: dict[str, int], own_threshold: int, threshold: int) -> dict:
    """The year's headline of one tenant: hidden what the tenant hides, then protected at `threshold`."""
    from .queries import Figure

    total = sum(counts.values())
    total_hidden = is_small(total, threshold)
    hidden = destination_margin(counts, threshold, hidden=destination_margin(counts, own_threshold))

    def shown(n: int, is_hidden: bool, key: tuple) -> Figure:
        if is_hidden or total_hidden:
            return Figure(None, MARK, None, (year, key))
        share = round(100 * n / total, 1) if total and key != ("total",) else None
        return Figure(n, str(n), share, (year, key))

    return {
        "year": year,
        "total": shown(total, total_hidden, ("total",)),
        **{code: shown(counts[code], code in hidden, ("destination", code)) for code in HEADLINE_MEASURES},
    }


def _schools(tenant_ids: list[int], year: int) -> tuple[dict[int, int], dict[int, int]]:
    """Per tenant: active schools that reported for the year, and active schools expected."""
    schools = Organisation.objects.filter(
        tenant__in=tenant_ids, kind=Organisation.Kind.SCHOOL, is_active=True
    )
    expected = dict(schools.values("tenant").annotate(n=Count("pk")).values_list("tenant", "n"))
    reported = dict(
        CohortCount.objects.filter(
            tenant__in=tenant_ids,
            leaving_year=year,
            school__kind=Organisation.Kind.SCHOOL,
            school__is_active=True,
        )
        .values("tenant")
        .annotate(n=Count("school", distinct=True))
        .values_list("tenant", "n")
    )
    return reported, expected


def association_years() -> list[int]:
    """Leaving years with counts in any active tenant (for the association's year selector)."""
    return sorted(
        set(
            YearSummary.objects.filter(tenant__is_active=True)
            .values_list("leaving_year", flat=True)
            .distinct()
        )
    )
