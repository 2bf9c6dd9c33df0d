"""Reads of the steering app: the progress tree, the plan's history and the indicators' values.

Progress lives on measures only; goals, priorities and the plan get theirs by a weighted roll-up here,
so a tree on screen can never disagree with its leaves. Computed indicators read the monitoring's
suppressed headline figures (uebergang.monitoring.queries.headline) and nothing else: where the
monitoring hides a figure, the indicator shows "." as official statistics do, never the count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.audit.models import AuditEvent
from uebergang.monitoring import queries as monitoring
from uebergang.network.models import Decision
from uebergang.tenants.models import Tenant

from .models import Goal, Indicator, IndicatorValue, Measure, Priority, WorkPlan

HIDDEN = "."  # the mark of German official statistics for a figure kept secret


@dataclass
class Node:
    """One row of the progress tree: a priority, goal or measure with its (rolled-up) progress."""

    obj: Priority | Goal | Measure
    weight: int
    progress: int | None  # None: nothing below counts yet (no measures, or all dropped)
    children: list[Node] = field(default_factory=list)


def rolled_up(nodes: Iterable[Node]) -> int | None:
    """The weighted mean progress of the nodes that have one, rounded to whole percent."""
    counted = [(node.weight, node.progress) for node in nodes if node.progress is not None]
    total_weight = sum(weight for weight, _progress in counted)
    if not total_weight:
        return None
    return round(sum(weight * progress for weight, progress in counted) / total_weight)


def progress_tree(plan: WorkPlan) -> tuple[list[Node], int | None]:
    """The plan's priorities → goals → measures with rolled-up progress, and the plan's own progress.

    Priorities weigh equally; goals by their weight; measures by theirs, dropped ones not at all.
    Four queries plus one per kind of link, whatever the size of the plan.
    """
    measures = Measure.objects.select_related("owner_organisation", "owner_person").prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("body")),
        "tasks",
        "offerings",
        "bodies",
    )
    goals = Goal.objects.prefetch_related(Prefetch("measures", queryset=measures))
    priorities = plan.priorities.prefetch_related(Prefetch("goals", queryset=goals))
    tree = []
    for priority in priorities:
        goal_nodes = []
        for goal in priority.goals.all():
            measure_nodes = [
                Node(measure, measure.weight, measure.progress if measure.counts_in_progress else None)
                for measure in goal.measures.all()
            ]
            goal_nodes.append(Node(goal, goal.weight, rolled_up(measure_nodes), measure_nodes))
        tree.append(Node(priority, 1, rolled_up(goal_nodes), goal_nodes))
    return tree, rolled_up(tree)


def measure_counts(tree: list[Node]) -> dict[str, int]:
    """How many measures of the tree stand in each status (for the plan's summary line)."""
    counts: dict[str, int] = dict.fromkeys(Measure.Status.values, 0)
    for priority in tree:
        for goal in priority.children:
            for measure in goal.children:
                counts[measure.obj.status] += 1
    return counts


# The readable history: the audit rows every write of this app leaves with the plan's id.

OBJECT_LABELS = {
    "planning.workplan": gettext_lazy("Arbeitsplan"),
    "planning.priority": gettext_lazy("Schwerpunkt"),
    "planning.goal": gettext_lazy("Ziel"),
    "planning.measure": gettext_lazy("Maßnahme"),
    "planning.indicator": gettext_lazy("Kennzahl"),
    "planning.indicatorvalue": gettext_lazy("Istwert"),
}


def history(tenant: Tenant, plan: WorkPlan, *, limit: int = 200) -> list[AuditEvent]:
    events = list(
        AuditEvent.objects.for_tenant(tenant).filter(object_type__startswith="planning.", data__plan=plan.pk)[
            :limit
        ]
    )
    for event in events:
        event.object_label = OBJECT_LABELS.get(event.object_type, event.object_type)
    return events


# Indicators.


@dataclass(frozen=True)
class Actual:
    """One period's actual value of an indicator as it may be shown."""

    year: int
    value: Decimal | None  # None when the monitoring keeps the figure secret or the cohort lacks it
    source: str
    note: str = ""
    missing: bool = False  # the cohort does not tell this figure (not a secret: "x", not ".")

    @property
    def hidden(self) -> bool:
        return self.value is None and not self.missing


def monitoring_actuals(tenant: Tenant, figure: str, headline: list[dict] | None = None) -> list[Actual]:
    """Per leaving year the monitoring's suppressed share for `figure` ("dual", "transition", "unknown",
    "unknown_before", or the company-based training share over one of two denominators)."""
    source = _("Übergangsmonitoring, geschützte Zahlen")
    if figure in COMPANY_DENOMINATORS:
        return company_actuals(tenant, COMPANY_DENOMINATORS[figure], source)
    rows = monitoring.headline(tenant) if headline is None else headline
    actuals = []
    for row in rows:
        # Before the Verbleibsklärung: where it cleared nobody of the year, the same as after.
        shown = row.get("unknown_before", row["unknown"]) if figure == "unknown_before" else row[figure]
        if shown.count is None or shown.share is None:
            note = _("Zahlenwert geheim zu halten (kleine Zahlen)")
            actuals.append(Actual(row["year"], None, source, note))
        else:
            actuals.append(Actual(row["year"], Decimal(str(shown.share)), source))
    return actuals


COMPANY_DENOMINATORS = {"dual_company": "all", "dual_company_no_hzb": "no_hzb"}


def company_actuals(tenant: Tenant, denominator: str, source: str) -> list[Actual]:
    """Per leaving year the company-based training share (monitoring/places.py), protected."""
    from uebergang.monitoring import places

    actuals = []
    for year, share in sorted(places.company_shares(tenant, denominator).items()):
        if not share.recorded:
            note = _("Der Jahrgang unterscheidet betriebliche und außerbetriebliche Ausbildung nicht.")
            actuals.append(Actual(year, None, source, note, missing=True))
        elif share.share is None:
            actuals.append(Actual(year, None, source, _("Zahlenwert geheim zu halten (kleine Zahlen)")))
        else:
            note = _("%(n)s von %(base)s") % {"n": share.count, "base": share.base}
            actuals.append(Actual(year, Decimal(str(share.share)), source, note))
    return actuals


def catalogue_actuals(tenant: Tenant, indicator: Indicator, today=None) -> list[Actual]:
    """The places of today's published offerings of the indicator's phase (and region): the catalogue
    keeps no history, so this is this year's value as of today."""
    from django.db.models import Sum
    from django.utils import timezone

    from uebergang.offerings.models import Offering

    today = today or timezone.localdate()
    offerings = (
        Offering.objects.for_tenant(tenant).published().filter(phases__overlaps=[indicator.catalogue_phase])
    )
    if indicator.catalogue_region_id:
        offerings = offerings.filter(
            pk__in=Offering.objects.filter(locations__region=indicator.catalogue_region_id)
        )
    totals = offerings.aggregate(places=Sum("places_total"), free=Sum("places_free"))
    counted = offerings.exclude(places_total__isnull=True).count()
    source = _("Angebotskatalog, veröffentlichte Angebote am %(date)s") % {"date": f"{today:%d.%m.%Y}"}
    note = _("%(n)s von %(all)s Angeboten mit Angabe der Plätze; davon frei: %(free)s") % {
        "n": counted,
        "all": offerings.count(),
        "free": totals["free"] or 0,
    }
    return [Actual(today.year, Decimal(totals["places"] or 0), source, note)]


def actuals_of(tenant: Tenant, indicator: Indicator, headline: list[dict] | None = None) -> list[Actual]:
    if indicator.is_computed:
        return monitoring_actuals(tenant, indicator.monitoring_figure, headline)
    if indicator.is_catalogue:
        return catalogue_actuals(tenant, indicator)
    return [Actual(v.year, v.value, v.source, v.note) for v in indicator.values.all()]


@dataclass
class IndicatorRow:
    indicator: Indicator
    actuals: list[Actual]

    @property
    def latest(self) -> Actual | None:
        return self.actuals[-1] if self.actuals else None


def indicator_rows(tenant: Tenant, plan: WorkPlan) -> list[IndicatorRow]:
    """The plan's indicators with their actual values; the monitoring is read once for all of them."""
    indicators = list(
        plan.indicators.select_related("goal").prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
        )
    )
    headline = monitoring.headline(tenant) if any(i.is_computed for i in indicators) else []
    return [IndicatorRow(indicator, actuals_of(tenant, indicator, headline)) for indicator in indicators]
