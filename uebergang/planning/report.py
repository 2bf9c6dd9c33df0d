"""The annual report from live data: the figures, the page and the PDF, and publishing a frozen copy.

`figures()` gathers every number the report shows as plain JSON (strings and numbers) first; the page
and the PDF are rendered from that dict only. Publishing stores the PDF bytes with exactly that dict,
so a published report can always say which figures it used. Transition figures come from the
monitoring's protected headline only: a hidden figure is "." here as everywhere. Charts are Vega-Lite
specs turned into SVG by vl-convert, so the page and the PDF show the same drawing without a browser.

Generation runs in the request for this slice (about a second at demo size); a tenant with many years
of data belongs on the task queue (DESIGN "Background work").
"""

from __future__ import annotations

from pathlib import Path

import vl_convert
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.monitoring import charts as monitoring_charts
from uebergang.monitoring import queries as monitoring
from uebergang.network.models import Decision, Meeting
from uebergang.tenants.models import Tenant

from . import queries, resources
from .models import PublishedReport, WorkPlan

HIDDEN = queries.HIDDEN
STYLESHEET = Path(__file__).parent / "static" / "planning" / "report.css"
HEADLINE = ("dual", "transition", "unknown")


def _shown(figure) -> dict:
    """A monitoring figure as the report may show it: "." and no share when it is kept secret."""
    if figure is None or figure.count is None:
        return {"display": HIDDEN, "share": None}
    return {"display": str(figure.count), "share": figure.share}


def _plan_figures(plan: WorkPlan | None) -> dict | None:
    if plan is None:
        return None
    tree, progress = queries.progress_tree(plan)
    return {
        "title": plan.title,
        "summary": plan.summary,
        "progress": progress,
        "priorities": [
            {
                "title": priority.obj.title,
                "progress": priority.progress,
                "goals": [
                    {
                        "title": goal.obj.title,
                        "progress": goal.progress,
                        "measures": [
                            {
                                "title": node.obj.title,
                                "status": node.obj.get_status_display(),
                                "progress": node.progress,
                                "owner": str(node.obj.owner_organisation or node.obj.owner_person or ""),
                            }
                            for node in goal.children
                        ],
                    }
                    for goal in priority.children
                ],
            }
            for priority in tree
        ],
    }


def _indicator_figures(tenant: Tenant, plan: WorkPlan | None) -> list[dict]:
    if plan is None:
        return []
    rows = []
    for row in queries.indicator_rows(tenant, plan):
        indicator, latest = row.indicator, row.latest
        rows.append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": None if indicator.baseline is None else str(indicator.baseline),
                "target": None if indicator.target is None else str(indicator.target),
                "latest": None
                if latest is None
                else {"year": latest.year, "value": None if latest.value is None else str(latest.value)},
            }
        )
    return rows


def _money(sums: resources.Sums) -> list[list[str]]:
    return [[label, str(amount)] for label, amount in sums.rows]


def figures(tenant: Tenant, year: int) -> dict:
    """Every number of the report for `year`, as JSON."""
    plan = WorkPlan.objects.for_tenant(tenant).filter(year=year, body__isnull=True).first()
    headline = [row for row in monitoring.headline(tenant) if row["year"] <= year]
    overview = resources.funding_overview(tenant, year)
    meetings = (
        Meeting.objects.for_tenant(tenant)
        .filter(starts_at__year=year)
        .values("body__name")
        .annotate(n=Count("id"))
        .order_by("body__name")
    )
    decisions = (
        Decision.objects.for_tenant(tenant)
        .filter(year=year)
        .select_related("body")
        .order_by("body__code", "number")
    )
    return {
        "tenant": tenant.name,
        "year": year,
        "generated": timezone.localdate().isoformat(),
        "plan": _plan_figures(plan),
        "indicators": _indicator_figures(tenant, plan),
        "transition": [
            {
                "year": row["year"],
                "total": _shown(row["total"]),
                **{code: _shown(row[code]) for code in HEADLINE},
            }
            for row in headline
        ],
        "offerings": _offering_figures(tenant),
        "finances": {
            "total": str(overview.total),
            "by_source": _money(overview.by_source),
            "by_legal_sphere": _money(overview.by_legal_sphere),
            "by_region": _money(overview.by_region),
        },
        "meetings": [{"body": row["body__name"], "count": row["n"]} for row in meetings],
        "decisions": [
            {"reference": d.reference, "text": d.text[:300], "status": d.get_status_display()}
            for d in decisions
        ],
    }


def _offering_figures(tenant: Tenant) -> dict:
    """The catalogue today: offerings and places per phase, and the gaps (phase × target group empty)."""
    from uebergang.offerings.analysis import coverage

    matrix = coverage(tenant)
    return {
        "total": matrix.total.offerings,
        "unclassified": matrix.unclassified,
        "phases": [
            {
                "phase": row.label,
                "offerings": row.total.offerings,
                "places": row.total.places,
                "partial": row.total.places_partial,
            }
            for row in matrix.rows
        ],
        "gaps": [
            f"{row.label} – {label}"
            for row in matrix.rows
            for (_code, label), cell in zip(matrix.columns, row.cells, strict=True)
            if cell.is_empty
        ],
    }


# Charts.


def _svg(spec: dict) -> str:
    spec = {**spec, "width": 480, "height": 220}
    return vl_convert.vegalite_to_svg(spec)


def transition_chart(tenant: Tenant, year: int) -> str:
    rows = [row for row in monitoring.headline(tenant) if row["year"] <= year]
    if not rows:
        return ""
    spec = monitoring_charts.trend(rows, measures=list(HEADLINE), title=_("Anschlüsse nach Abgangsjahr"))
    return _svg(spec)


def progress_chart(data: dict) -> str:
    plan = data["plan"]
    if not plan or not plan["priorities"]:
        return ""
    values = [
        {"priority": priority["title"], "progress": priority["progress"] or 0}
        for priority in plan["priorities"]
    ]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _("Fortschritt je Schwerpunkt"),
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#0072B2"},
        "encoding": {
            "y": {"field": "priority", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "progress",
                "type": "quantitative",
                "scale": {"domain": [0, 100]},
                "title": _("Fortschritt in %"),
            },
        },
    }
    return _svg(spec)


# Rendering.


def html(tenant: Tenant, data: dict, *, request: HttpRequest | None = None, page: dict | None = None) -> str:
    """The report document; `page` (the workspace's links and forms) only for the web page, not the PDF."""
    context = {
        "tenant": tenant,
        "data": data,
        "page": page,
        "progress_svg": progress_chart(data),
        "transition_svg": transition_chart(tenant, data["year"]),
    }
    return render_to_string("planning/report.html", context, request=request)


def pdf(tenant: Tenant, data: dict) -> bytes:
    return render_pdf(html(tenant, data))


def render_pdf(document_html: str) -> bytes:
    """The report's HTML as a tagged PDF (WeasyPrint)."""
    import weasyprint  # heavy import, needed on this path only

    document = weasyprint.HTML(string=document_html)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))], pdf_tags=True)


@transaction.atomic
def publish(*, actor, tenant: Tenant, year: int, data: dict, content: bytes) -> PublishedReport:
    """Freeze the report of `year` as its next version: the PDF bytes and the figures it used."""
    Tenant.objects.select_for_update().get(
        pk=tenant.pk
    )  # one publisher at a time per tenant: no version clash
    latest = PublishedReport.objects.for_tenant(tenant).filter(year=year).aggregate(v=Max("version"))["v"]
    report = PublishedReport.objects.create(
        tenant=tenant,
        year=year,
        version=(latest or 0) + 1,
        published_by=actor,
        pdf=content,
        figures=data,
    )
    record(
        AuditEvent.Action.PUBLISHED,
        actor=actor,
        tenant=tenant,
        obj=report,
        data={"year": year, "version": report.version, "bytes": len(content)},
    )
    return report
