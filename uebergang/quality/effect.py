"""Effectiveness: the outcomes of an offering's leavers beside a comparison group of similar school leavers.

The outcome is the share who went on to vocational training (dual or school-based, iABE sector I) among
those whose destination is known. Two sources, shown separately:

- **Partner reports** of the year: the provider's leavers by destination and by school qualification.
  Comparison group: the leavers of the monitoring cohort (the latest complete cohort up to that year)
  with the same school qualification, weighted to the offering's mix of qualifications (indirect
  standardisation). School type and gender are not in a partner report, so they are not matched.
- **Referrals** of the case app (started, completed or dropped) whose case is linked to a leaver of the
  monitoring cohort: each young person is compared with leavers of the same leaving year, school type,
  qualification and gender; the outcome is the destination recorded when the case was closed.

A comparison cell needs at least `minimum_cell()` leavers; a smaller one is widened step by step
(without gender, without school type, all leavers of the cohort), and the page says how many were
compared at which level. Uncertainty: a Wilson interval for the offering's share, a normal
approximation for the comparison rate and the difference. Protection: an offering's figures are shown
only where those in training and those with another known destination are each 0 or at least
`threshold` (a share beside its denominator would give a small count away), shares as whole per cent.
The comparison says whether participants reach training more or less often than similar leavers; it cannot say that the offering caused it (who takes part differs in ways no
monitoring field records).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from uebergang.monitoring import protected
from uebergang.monitoring.models import CohortCount, Leaver
from uebergang.monitoring.suppression import is_small
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

from .models import PartnerReport

TRAINING = frozenset({"dual", "school_vet"})
NOT_KNOWN = frozenset({"unknown", "not_collected"})
Z = 1.96  # 95 per cent
MARK = protected.MARK

Cell = tuple  # (school_type, qualification, gender); None where not matched


def minimum_cell(threshold: int) -> int:
    return max(10, threshold)


def wilson(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval of k of n (95 %), as shares between 0 and 1."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


class Reference:
    """Leavers of one cohort with a known destination, and of them those in training, per cell and coarser."""

    LEVELS = (
        (0, 1, 2),  # school type, qualification, gender
        (0, 1),
        (1,),
        (),
    )
    LEVEL_LABELS = (
        "gleiche Schulart, gleicher Abschluss, gleiches Geschlecht",
        "gleiche Schulart, gleicher Abschluss",
        "gleicher Abschluss",
        "alle Abgänge des Jahrgangs",
    )

    def __init__(self, tenant: Tenant, year: int):
        self.year = year
        self.tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        rows = (
            CohortCount.objects.for_tenant(tenant)
            .filter(leaving_year=year)
            .exclude(destination__in=NOT_KNOWN)
            .exclude(destination="")
            .values_list("school_type", "qualification", "gender", "destination")
            .annotate(n=Sum("count"))
            .order_by()
        )
        for school_type, qualification, gender, destination, n in rows:
            cell = (school_type, qualification, gender)
            for level in self.LEVELS:
                key = (level, tuple(cell[i] for i in level))
                self.tallies[key][0] += n
                if destination in TRAINING:
                    self.tallies[key][1] += n

    def rate(self, cell: Cell, minimum: int) -> tuple[int, tuple, int, int]:
        """(level index, key, n, k) of the finest level at which `cell` has at least `minimum` leavers.

        A part of the cell that is None (not known for this participant) starts at a coarser level."""
        for index, level in enumerate(self.LEVELS):
            if any(cell[i] is None for i in level):
                continue
            key = (level, tuple(cell[i] for i in level))
            n, k = self.tallies.get(key, (0, 0))
            if n >= minimum or level == ():
                return index, key, n, k
        raise AssertionError("the last level always answers")


@dataclass
class Result:
    """One offering's outcome beside its comparison group, from one source."""

    source: str
    year: int
    leavers: int  # leavers of the offering (all)
    known: int  # with a known destination: the denominator
    in_training: int
    comparison_year: int | None
    threshold: int
    shown: bool = False
    share: float | None = None
    interval: tuple[float, float] | None = None
    expected: float | None = None
    expected_interval: tuple[float, float] | None = None
    difference: float | None = None
    difference_interval: tuple[float, float] | None = None
    levels: list[tuple[str, int]] = field(default_factory=list)  # (how compared, participants)
    counts: list[tuple[str, str]] = field(default_factory=list)  # protected (label, display)
    reason: str = ""

    @property
    def verdict(self) -> str:
        if self.difference_interval is None:
            return ""
        low, high = self.difference_interval
        if low > 0:
            return _("häufiger in Ausbildung als die Vergleichsgruppe")
        if high < 0:
            return _("seltener in Ausbildung als die Vergleichsgruppe")
        return _("kein deutlicher Unterschied zur Vergleichsgruppe")

    def percent(self, value: float | None) -> str:
        return "–" if value is None else f"{round(100 * value)} %"


class Context:
    """What every offering's comparison of a tenant shares: complete cohorts and their references, read once."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.threshold = protected.effective_threshold(tenant)
        self.complete = {year for year, cohort in protected.cohorts(tenant).items() if cohort.complete}
        self._references: dict[int, Reference] = {}

    def comparison_year(self, year: int) -> int | None:
        """The latest complete monitoring cohort up to `year` (an incomplete one is not compared)."""
        candidates = [y for y in self.complete if y <= year]
        return max(candidates) if candidates else None

    def reference(self, year: int | None) -> Reference | None:
        if year is None:
            return None
        if year not in self._references:
            self._references[year] = Reference(self.tenant, year)
        return self._references[year]


def _compare(result: Result, participants: list[tuple[Cell, int]], reference: Reference | None) -> Result:
    """Fill shares, the comparison rate and intervals; `participants` are (cell, weight) of known outcome."""
    threshold = result.threshold
    n, k = result.known, result.in_training
    if n < threshold:
        result.reason = _(
            "Zu wenige Ausgetretene mit bekanntem Verbleib für eine Aussage (weniger als %(n)s)."
        ) % {"n": threshold}
        return result
    if is_small(k, threshold) or is_small(n - k, threshold):
        # With the total shown, a share would give the small count away: as in monitoring, not shown.
        result.reason = _(
            "Weniger als %(n)s Ausgetretene in Ausbildung oder mit anderem Verbleib: Anteil und Vergleich "
            "würden eine kleine Zahl verraten und sind nicht gezeigt."
        ) % {"n": threshold}
        return result
    result.shown = True
    result.share = k / n
    result.interval = wilson(k, n)
    result.counts = [
        (_("in Ausbildung"), str(k)),
        (_("anderer bekannter Verbleib"), str(n - k)),
        (_("zusammen (bekannter Verbleib)"), str(n)),
    ]
    if reference is None:
        result.reason = _("Keine vollständige Abgangskohorte zum Vergleich: der Vergleich entfällt.")
        return result
    minimum = minimum_cell(threshold)
    used: dict[tuple, list] = {}
    levels: Counter = Counter()
    total_weight = sum(weight for _cell, weight in participants)
    for cell, weight in participants:
        index, key, cell_n, cell_k = reference.rate(cell, minimum)
        levels[index] += weight
        slot = used.setdefault(key, [0, cell_n, cell_k])
        slot[0] += weight
    if not total_weight or not used:
        result.reason = _("Keine Vergleichsgruppe bildbar.")
        return result
    expected = 0.0
    variance = 0.0
    for weight, cell_n, cell_k in used.values():
        rate = cell_k / cell_n if cell_n else 0.0
        share = weight / total_weight
        expected += share * rate
        if cell_n:
            variance += share * share * rate * (1 - rate) / cell_n
    result.expected = expected
    spread = Z * math.sqrt(variance)
    result.expected_interval = (max(0.0, expected - spread), min(1.0, expected + spread))
    result.difference = result.share - expected
    se = math.sqrt(result.share * (1 - result.share) / n + variance)
    result.difference_interval = (result.difference - Z * se, result.difference + Z * se)
    result.levels = [(_(Reference.LEVEL_LABELS[i]), levels[i]) for i in sorted(levels)]
    return result


def from_reports(offering: Offering, year: int, *, context: Context) -> Result | None:
    """The offering's submitted partner reports of periods ending in `year`, beside the qualification mix."""
    tenant = context.tenant
    reports = list(
        PartnerReport.objects.for_tenant(tenant).submitted().filter(offering=offering, period__end__year=year)
    )
    if not reports:
        return None
    destinations: Counter = Counter()
    qualifications: Counter = Counter()
    for report in reports:
        destinations.update(report.destinations)
        qualifications.update(report.qualifications)
    leavers = sum(r.leavers for r in reports)
    known = sum(n for code, n in destinations.items() if code not in NOT_KNOWN)
    in_training = sum(n for code, n in destinations.items() if code in TRAINING)
    cyear = context.comparison_year(year)
    result = Result(
        source=_("Berichte des Trägers"),
        year=year,
        leavers=leavers,
        known=known,
        in_training=in_training,
        comparison_year=cyear,
        threshold=context.threshold,
    )
    participants = [((None, None if q == "unknown" else q, None), n) for q, n in qualifications.items() if n]
    return _compare(result, participants, context.reference(cyear))


def from_referrals(offering: Offering, year: int, *, context: Context) -> Result | None:
    """Young people referred to the offering (started, completed or dropped) who left school in `year`
    and whose case is linked to their leaver record; the outcome is the closed case's destination."""
    from uebergang.cases.models import Case, Referral

    tenant = context.tenant
    referrals = (
        Referral.objects.for_tenant(tenant)
        .filter(
            offering=offering,
            status__in=[Referral.Status.STARTED, Referral.Status.COMPLETED, Referral.Status.DROPPED],
            case__leaving_year=year,
        )
        .exclude(case__pupil_pseudonym="")
        .select_related("case__destination__parent")
    )
    people = {r.case_id: r.case for r in referrals}
    if not people:
        return None
    leavers = {
        pseudonym: (school_type, qualification, gender)
        for pseudonym, school_type, qualification, gender in Leaver.objects.for_tenant(tenant)
        .filter(leaving_year=year, pseudonym__in=[c.pupil_pseudonym for c in people.values()])
        .values_list("pseudonym", "school_type", "qualification", "gender")
    }
    participants: list[tuple[Cell, int]] = []
    known = in_training = 0
    for case in people.values():
        cell = leavers.get(case.pupil_pseudonym)
        if cell is None or case.outcome != Case.Outcome.DESTINATION_REACHED:
            continue
        code = case.destination.top_level_code
        if code in NOT_KNOWN:
            continue
        known += 1
        in_training += code in TRAINING
        participants.append((cell, 1))
    cyear = year if year in context.complete else None  # the same leaving year, or no comparison
    result = Result(
        source=_("Überleitungen aus der Verbleibsklärung"),
        year=year,
        leavers=len(people),
        known=known,
        in_training=in_training,
        comparison_year=cyear,
        threshold=context.threshold,
    )
    return _compare(result, participants, context.reference(cyear))


@dataclass
class OfferingRow:
    offering: Offering
    results: list[Result]


def overview(tenant: Tenant, year: int) -> list[OfferingRow]:
    """Every offering with a submitted partner report or a linked referral in `year`, with its results."""
    from uebergang.cases.models import Referral

    reported = set(
        PartnerReport.objects.for_tenant(tenant)
        .submitted()
        .filter(period__end__year=year)
        .values_list("offering_id", flat=True)
    )
    referred = set(
        Referral.objects.for_tenant(tenant)
        .filter(case__leaving_year=year)
        .values_list("offering_id", flat=True)
    )
    context = Context(tenant)
    rows = []
    for offering in (
        Offering.objects.for_tenant(tenant).filter(pk__in=reported | referred).select_related("provider")
    ):
        results = [
            r
            for r in (
                from_reports(offering, year, context=context),
                from_referrals(offering, year, context=context),
            )
            if r
        ]
        if results:
            rows.append(OfferingRow(offering, results))
    return rows


def years(tenant: Tenant) -> list[int]:
    """Years with submitted partner reports (by the end of their period), newest first."""
    ends = (
        PartnerReport.objects.for_tenant(tenant)
        .submitted()
        .values_list("period__end__year", flat=True)
        .distinct()
    )
    return sorted(set(ends), reverse=True)
