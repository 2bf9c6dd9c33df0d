"""The monitoring dashboard and the exports of its tables: protected figures only, never leaver records.

Every table here is a part of the cohort's protected linked set (queries.py); a school narrows only the
table of destinations by year (the school's row of the table by school), never another breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import permission_required
from uebergang.lib import pagecache
from uebergang.lib.spreadsheets import table_download
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .. import charts, exports, queries
from .. import codes as code_list


@dataclass(frozen=True)
class TableSpec:
    """One exportable table of the dashboard: its name in URLs and how it is built."""

    name: str
    title: str
    dimensions: tuple[str, ...] = ()
    per_year: bool = True
    all_schools: bool = False  # the by-school table: coordinators and steering only
    per_school: bool = False  # may be narrowed to one school (?schule=)


def table_specs() -> dict[str, TableSpec]:
    specs = [
        TableSpec("verbleib-nach-jahr", _("Anschlüsse nach Abgangsjahr"), per_year=False, per_school=True),
        TableSpec("schulart", _("Anschlüsse nach Schulart"), ("school_type", "destination")),
        TableSpec("abschluss", _("Anschlüsse nach Abschluss"), ("qualification", "destination")),
        TableSpec("geschlecht", _("Anschlüsse nach Geschlecht"), ("gender", "destination")),
        TableSpec("region", _("Anschlüsse nach Wohnregion"), ("region", "destination")),
        TableSpec("schule", _("Anschlüsse nach Schule"), ("school", "destination"), all_schools=True),
        TableSpec(
            "geplant-tatsaechlich", _("Geplanter und tatsächlicher Anschluss"), ("planned", "destination")
        ),
        TableSpec("ausbildung-nach-einem-jahr", _("Ein Jahr später noch in Ausbildung"), per_year=False),
    ]
    return {spec.name: spec for spec in specs}


# The exported tables' names, fixed in the URL patterns (table_specs() has their titles).
TABLE_NAMES = [
    "verbleib-nach-jahr",
    "schulart",
    "abschluss",
    "geschlecht",
    "region",
    "schule",
    "geplant-tatsaechlich",
    "ausbildung-nach-einem-jahr",
]


def build(spec: TableSpec, tenant: Tenant, *, year: int | None, school_id: int | None = None, source=None):
    if spec.name == "verbleib-nach-jahr":
        return queries.destinations_by_year(tenant, school_id=school_id, source=source)
    if spec.name == "ausbildung-nach-einem-jahr":
        return queries.still_in_training(tenant, source=source)
    return queries.table(tenant, list(spec.dimensions), years=[year] if year else None, source=source)


def sees_all_schools(membership: Membership) -> bool:
    return membership.role != Membership.Role.PARTNER


def own_school(membership: Membership) -> Organisation | None:
    """A partner's school, if the partner acts for a school."""
    organisation = membership.organisation
    if organisation is not None and organisation.kind == Organisation.Kind.SCHOOL:
        return organisation
    return None


def _schools(tenant: Tenant):
    return Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL)


def compared_school(request: HttpRequest, tenant: Tenant) -> Organisation | None:
    """The school shown beside the tenant: a partner's own school; for others the one chosen (?schule=)."""
    if not sees_all_schools(request.membership):
        return own_school(request.membership)
    chosen = request.GET.get("schule", "")
    if not chosen:
        return None
    if not chosen.isdigit():
        raise Http404
    return get_object_or_404(_schools(tenant), pk=chosen)


def chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    wanted = request.GET.get("jahr", "")
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted)
    return years[-1] if years else None


@permission_required("monitoring.view")
def dashboard(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    school = compared_school(request, tenant)
    body = pagecache.fragment(
        request,
        "monitoring-dashboard",
        lambda: render_to_string(
            "monitoring/dashboards/dashboard_body.html", _dashboard(request, tenant, school), request
        ),
    )
    return render(request, "monitoring/dashboards/dashboard.html", {"tenant": tenant, "body": body})


def _dashboard(request: HttpRequest, tenant: Tenant, school) -> dict:
    specs = table_specs()
    source = queries.load(tenant)
    by_year = queries.destinations_by_year(tenant, source=source)
    years = list(source)
    year = chosen_year(request, years)
    headline = queries.with_clarifications(tenant, queries.headline_rows(by_year))
    current = next((row for row in headline if row["year"] == year), None)
    completeness = {entry["year"]: entry for entry in queries.completeness(tenant, source=source)}
    school_by_year = (
        queries.destinations_by_year(tenant, school_id=school.pk, source=source) if school else None
    )
    school_headline = queries.headline_rows(school_by_year) if school else []
    school_current = next((row for row in school_headline if row["year"] == year), None)
    sections = []
    for name in ("schulart", "abschluss", "geschlecht", "region", "schule"):
        spec = specs[name]
        if spec.all_schools and not sees_all_schools(request.membership):
            continue
        table = build(spec, tenant, year=year, source=source)
        title = f"{spec.title} {year}" if year else spec.title
        chart = charts.bar(
            table, x=spec.dimensions[0], color="destination", title=title, stacked_percent=True
        )
        row_title = exports.dimension_titles()[spec.dimensions[0]]
        sections.append(
            {"spec": spec, "title": title, "table": table, "chart": chart, "row_title": row_title}
        )
    planned = build(specs["geplant-tatsaechlich"], tenant, year=year, source=source)
    still = build(specs["ausbildung-nach-einem-jahr"], tenant, year=year, source=source)
    measures = list(queries.HEADLINE_MEASURES)
    context = {
        "tenant": tenant,
        "years": years,
        "year": year,
        "school": school,
        "schools": _schools(tenant).only("pk", "name") if sees_all_schools(request.membership) else [],
        "headline": headline,
        "current": current,
        "school_headline": school_headline,
        "school_current": school_current,
        "by_year": by_year,
        "older_cohorts": code_list.older_cohorts(tenant, [row["year"] for row in headline]),
        "school_by_year": school_by_year,
        "trend_chart": charts.trend(headline, measures=measures, title=_("Kennzahlen im Zeitverlauf")),
        "school_trend_chart": charts.trend(
            school_headline,
            measures=measures,
            title=_("Kennzahlen im Zeitverlauf: %(school)s") % {"school": school},
        )
        if school
        else None,
        "sections": sections,
        "planned": planned,
        "planned_chart": charts.flow(
            planned, title=_("Geplanter und tatsächlicher Anschluss %(year)s") % {"year": year}
        )
        if year
        else None,
        "still": still,
        "still_chart": charts.bar(
            still,
            x="year",
            color="status",
            title=_("Ein Jahr später noch in Ausbildung"),
            stacked_percent=True,
        ),
        "year_query": f"jahr={year}",
        "school_query": f"schule={school.pk}" if school else "",
        "threshold": tenant.suppression_threshold,
        "legend": exports.legend(tenant.suppression_threshold),
        "completeness": completeness.get(year),
        "incomplete_years": [y for y, entry in completeness.items() if not entry["complete"]],
    }
    return context


@permission_required("monitoring.view")
def export(request: HttpRequest, tenant: Tenant, table_name: str, fmt: str) -> HttpResponse:
    spec = table_specs()[table_name]
    if spec.all_schools and not sees_all_schools(request.membership):
        raise Http404
    school = None
    if request.GET.get("schule"):
        if not spec.per_school:
            raise Http404
        school = compared_school(request, tenant)
        # A partner gets its own school only, whichever id it asks for.
        if school is None or str(school.pk) != request.GET["schule"]:
            raise Http404
    year = chosen_year(request, queries.years(tenant)) if spec.per_year else None
    table = build(spec, tenant, year=year, school_id=school.pk if school else None)
    title = spec.title + (f" {year}" if year else "")
    file_name = table_name + (f"-{year}" if year else "") + (f"-schule-{school.pk}" if school else "")
    return table_download(exports.sheet(table, title=title), fmt, file_name)
