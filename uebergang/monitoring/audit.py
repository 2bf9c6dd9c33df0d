"""The suppression audit: everything a role can fetch for a cohort, and how far each hidden cell can move.

For each role (coordinator, steering member, partner of one school, the association) the audit calls
the functions that the dashboard, its filters, the exports and the API answer with, for every table
shape, year and school the role may ask for, and collects every figure with its cell of the cohort's
linked set. Then:

1. a cell must be shown alike everywhere (shown in one output and hidden in another is a finding);
2. a shown figure must be the true count;
3. linear programming (intervals.py) gives the smallest and largest value each hidden cell can take
   given every published figure of the role; max − min must reach the threshold (the association's
   common threshold for its comparison).

Findings name the cell, the outputs that hide it and the outputs that publish the cells tying it down.
`manage.py audit_suppression --tenant SLUG [--year YYYY]` runs it; tests run it on the demo and on
generated cohorts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from uebergang.network.models import Organisation
from uebergang.tenants.models import AssociationSettings, Tenant

from . import intervals, queries, suppression
from .comparison import association_comparison
from .models import TOP_LEVEL_CODES
from .protected import microcells
from .views.dashboards import build, table_specs

ROLES = ("coordinator", "steering", "partner", "association")
ONE_YEAR_DIMENSIONS = [d for d in queries.DIMENSIONS if d != "year"]


@dataclass
class Finding:
    role: str
    year: int
    cell: tuple
    problem: str
    hidden_in: list[str] = field(default_factory=list)
    pinned_by: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.role}, {self.year}, cell {self.cell}: {self.problem}"
        if self.hidden_in:
            text += f"; hidden in {', '.join(self.hidden_in[:5])}"
        if self.pinned_by:
            text += f"; pinned by {', '.join(self.pinned_by[:8])}"
        return text


@dataclass
class RoleReport:
    role: str
    year: int
    threshold: int
    outputs: int = 0
    shown: int = 0
    hidden: int = 0
    findings: list[Finding] = field(default_factory=list)


def _figures(name: str, table: queries.SuppressedTable) -> Iterator[tuple[str, queries.Figure]]:
    for row in table.rows:
        yield name, row["figure"]
    for margin in table.margins.values():
        for row in margin:
            yield name, row["figure"]
    if table.total is not None:
        yield name, table.total


def tenant_outputs(
    tenant: Tenant, *, partner_school: int | None, partner: bool
) -> Iterator[tuple[str, queries.Figure]]:
    """(output name, figure) for everything a coordinator/steering member — or a partner — can fetch."""
    source = queries.load(tenant)
    years = list(source)
    schools = list(
        Organisation.objects.for_tenant(tenant)
        .filter(kind=Organisation.Kind.SCHOOL)
        .values_list("pk", flat=True)
    )
    own = [partner_school] if partner and partner_school else ([] if partner else schools)
    # Dashboard and exports (the same builders).
    for spec in table_specs().values():
        if spec.all_schools and partner:
            continue
        for year in years if spec.per_year else [None]:
            yield from _figures(
                f"export {spec.name} {year or ''}".strip(), build(spec, tenant, year=year, source=source)
            )
    for school in own:
        yield from _figures(
            f"export verbleib-nach-jahr schule {school}",
            build(table_specs()["verbleib-nach-jahr"], tenant, year=None, school_id=school, source=source),
        )
    # API tables of every shape offered.
    shapes = [[d] for d in ONE_YEAR_DIMENSIONS]
    shapes += [[d, "destination"] for d in ONE_YEAR_DIMENSIONS if d != "destination"]
    shapes += [["destination", d] for d in ONE_YEAR_DIMENSIONS if d != "destination"]
    year_shapes = (
        [["year"]] + [["year", d] for d in ONE_YEAR_DIMENSIONS] + [[d, "year"] for d in ONE_YEAR_DIMENSIONS]
    )
    for dims in shapes:
        if partner and "school" in dims:
            continue
        for year in years:
            yield from _figures(
                f"API table {','.join(dims)} {year}", queries.table(tenant, dims, years=[year], source=source)
            )
    for dims in year_shapes:
        if partner and "school" in dims:
            continue
        yield from _figures(f"API table {','.join(dims)}", queries.table(tenant, dims, source=source))
    for school in own:
        for dims in (["destination"], ["year"], ["year", "destination"], ["destination", "year"]):
            chosen = [[y] for y in years] if dims == ["destination"] else [None]
            for year_filter in chosen:
                name = f"API table {','.join(dims)} school {school} {year_filter or ''}".strip()
                yield from _figures(
                    name, queries.table(tenant, dims, years=year_filter, school_id=school, source=source)
                )
    yield from _figures("dashboard still in training", queries.still_in_training(tenant, source=source))


def association_outputs(tenant: Tenant) -> Iterator[tuple[str, int, queries.Figure]]:
    from .comparison import association_years

    for year in association_years():
        for entry in association_comparison(year):
            if entry["tenant"].pk == tenant.pk and entry["headline"]:
                for measure in ("total", *queries.HEADLINE_MEASURES):
                    yield f"association comparison {year}", year, entry["headline"][measure]


def audit(tenant: Tenant, *, year: int | None = None) -> list[RoleReport]:
    """Every role's report for every cohort of the tenant (or one year)."""
    cells = microcells(tenant, [year] if year else None)
    cohorts = {y: suppression.build_cohort(c, TOP_LEVEL_CODES) for y, c in cells.items()}
    reports: list[RoleReport] = []
    schools = list(
        Organisation.objects.for_tenant(tenant)
        .filter(kind=Organisation.Kind.SCHOOL)
        .values_list("pk", flat=True)
    )
    collected: dict[str, list[tuple[str, int, queries.Figure]]] = {}
    # Figures without a cell are sums of cells, shown only where all their parts are shown.
    everything = [
        (name, f.cell[0], f)
        for name, f in tenant_outputs(tenant, partner_school=None, partner=False)
        if f.cell
    ]
    collected["coordinator"] = everything
    collected["steering"] = everything  # sees all schools, as the coordinator
    for school in schools[:1] if schools else []:
        collected["partner"] = [
            (name, f.cell[0], f)
            for name, f in tenant_outputs(tenant, partner_school=school, partner=True)
            if f.cell
        ]
    collected["association"] = list(association_outputs(tenant))
    common = AssociationSettings.current().threshold_for(tenant)
    for role, figures in collected.items():
        threshold = common if role == "association" else tenant.suppression_threshold
        for y, cohort in sorted(cohorts.items()):
            reports.append(_check(role, y, cohort, [(n, f) for n, fy, f in figures if fy == y], threshold))
    return reports


def _check(role: str, year: int, cohort: suppression.Cohort, figures: list, threshold: int) -> RoleReport:
    report = RoleReport(role, year, threshold)
    shown: dict[tuple, set[str]] = defaultdict(set)
    hidden: dict[tuple, set[str]] = defaultdict(set)
    outputs = set()
    for name, figure in figures:
        outputs.add(name)
        key = figure.cell[1]
        if key not in cohort.values:
            if figure.count not in (None, 0):
                report.findings.append(Finding(role, year, key, "shown for a cell outside the cohort"))
            continue
        (hidden if figure.hidden else shown)[key].add(name)
        if not figure.hidden and figure.count != cohort.values[key]:
            report.findings.append(Finding(role, year, key, "shown count differs from the true count"))
    report.outputs, report.shown, report.hidden = len(outputs), len(shown), len(hidden)
    for key in sorted(set(shown) & set(hidden), key=repr):
        report.findings.append(
            Finding(role, year, key, f"shown in {sorted(shown[key])[:3]}", hidden_in=sorted(hidden[key]))
        )
    for interval in intervals.intervals(cohort, published=list(shown), hidden=sorted(hidden, key=repr)):
        if intervals.too_narrow(interval, threshold):
            pinned_by = sorted(
                {
                    name
                    for line in cohort.lines
                    if interval.key in line.members or interval.key in line.totals
                    for member in (*line.members, *line.totals)
                    for name in shown.get(member, ())
                }
            )
            report.findings.append(
                Finding(
                    role,
                    year,
                    interval.key,
                    f"a reader can narrow it to [{interval.low:g}, {interval.high:g}], "
                    f"narrower than the threshold {threshold}",
                    hidden_in=sorted(hidden[interval.key]),
                    pinned_by=pinned_by,
                )
            )
    return report
