"""Fair comparisons of the association's members: raw shares beside shares adjusted for the mix of
leavers (indirect standardisation), from protected figures only, at the association's common threshold.

Method (stated on the page)
    For a measure d (e.g. dual training) and an adjusting dimension X (the school qualification, or the
    school type), the reference rate of each value x is the share of d among the leavers with x over all
    members whose cohort is complete: p_x = Σ_m n_m(x, d) / Σ_m n_m(x). A member's expected count is what
    its own mix would give at the reference rates, E = Σ_x n_m(x) p_x; the ratio of observed to expected
    (O / E, with a 95 % interval from the Poisson distribution of O, log scale) times the reference
    share P = Σ n(d) / Σ n gives the adjusted share: the share the member would have with the average
    mix. A member above its expected count does better than its mix alone explains.

Protection
    Every count used is a cell of the member's protected cohort (protected.py) that its own protection
    shows and that is not small at the common threshold (AssociationSettings.threshold_for). A member
    whose rows of X or whose observed count are not all usable gets no adjusted share ("."); a row whose
    cells are not usable does not enter the reference rates. Incomplete cohorts are marked and neither
    compared nor used for the reference.

Adjusting by qualification and by school type separately is what protected figures allow: their joint
distribution is not part of any output (suppression.py), so a joint standardisation would need microdata,
which never leave a municipality.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import AssociationSettings, Tenant

from . import protected
from .comparison import association_comparison
from .suppression import is_small

MEASURES = {
    "dual": ("higher", _("duale Ausbildung")),
    "transition": ("lower", _("Übergangsbereich")),
    "unknown": ("lower", _("Verbleib unbekannt")),
}
ADJUST_BY = ("qualification", "school_type")


@dataclass
class Adjusted:
    expected_share: float | None = None  # E / n: what the mix alone would give, in %
    share: float | None = None  # O / E × P, in %
    low: float | None = None
    high: float | None = None

    @property
    def hidden(self) -> bool:
        return self.share is None


@dataclass
class Row:
    tenant: Tenant
    headline: dict | None  # comparison.association_comparison's row
    complete: bool
    measure: str
    adjusted: dict[str, Adjusted] = field(default_factory=dict)  # by ADJUST_BY

    @property
    def observed(self):
        """The raw figure of the measure (queries.Figure), protected at the common threshold."""
        return self.headline[self.measure] if self.headline else None


@dataclass
class Comparison:
    year: int
    measure: str
    better: str  # "higher" or "lower"
    rows: list[Row]
    reference: dict[str, float | None]  # by ADJUST_BY: the reference share P in %
    threshold: int

    def row_of(self, tenant: Tenant) -> Row | None:
        return next((row for row in self.rows if row.tenant.pk == tenant.pk), None)

    def similar_better(self, tenant: Tenant, by: str = "qualification") -> list[Row]:
        """Members of a similar structure (same kind, population within a factor of two) whose adjusted
        share is better than the tenant's, best first."""
        own = self.row_of(tenant)
        if own is None or not own.complete or own.adjusted[by].hidden:
            return []
        mine = own.adjusted[by].share
        result = []
        for row in self.rows:
            if row is own or not row.complete or row.adjusted[by].hidden or not similar(tenant, row.tenant):
                continue
            theirs = row.adjusted[by].share
            if (theirs > mine) if self.better == "higher" else (theirs < mine):
                result.append(row)
        return sorted(result, key=lambda r: r.adjusted[by].share, reverse=self.better == "higher")


def similar(a: Tenant, b: Tenant) -> bool:
    """Of a similar structure: the same kind of municipality and populations within a factor of two."""
    if a.kind != b.kind or not a.population or not b.population:
        return False
    return max(a.population, b.population) <= 2 * min(a.population, b.population)


def fair_comparison(year: int, measure: str = "dual") -> Comparison:
    better, _label = MEASURES[measure]
    settings = AssociationSettings.current()
    rows, cohorts, thresholds = [], {}, {}
    for entry in association_comparison(year):
        tenant, headline = entry["tenant"], entry["headline"]
        row = Row(tenant, headline, bool(headline and headline["complete"]), measure)
        rows.append(row)
        if headline is None:
            continue
        thresholds[tenant.pk] = settings.threshold_for(tenant)
        cohorts[tenant.pk] = protected.cohorts(tenant, [year]).get(year)

    reference: dict[str, float | None] = {}
    for by in ADJUST_BY:
        numerators: dict = {}
        denominators: dict = {}
        for row in rows:
            cohort = cohorts.get(row.tenant.pk)
            if cohort is None or not row.complete:
                continue
            for value, (n, n_d) in _rows(cohort, by, measure, thresholds[row.tenant.pk]).items():
                if n is None or n_d is None:
                    continue
                numerators[value] = numerators.get(value, 0) + n_d
                denominators[value] = denominators.get(value, 0) + n
        rates = {
            value: numerators[value] / denominators[value] for value in denominators if denominators[value]
        }
        total = sum(denominators.values())
        share = sum(numerators.values()) / total if total else None
        reference[by] = round(100 * share, 1) if share is not None else None
        for row in rows:
            row.adjusted[by] = _adjust(row, cohorts.get(row.tenant.pk), by, measure, rates, share, thresholds)
    return Comparison(year, measure, better, rows, reference, settings.common_threshold)


def _rows(cohort, by: str, measure: str, threshold: int) -> dict:
    """value → (n(x), n(x, d)), each None where the member's protection or the common threshold hides it."""
    result = {}
    for key, n in cohort.values.items():
        if len(key) != 2 or key[0] != by or n == 0:
            continue
        value = key[1]
        result[value] = (_usable(cohort, key, threshold), _usable(cohort, (by, value, measure), threshold))
    return result


def _usable(cohort, key: tuple, threshold: int) -> int | None:
    n, hidden = cohort.count(key)
    return None if hidden or is_small(n, threshold) else n


def _adjust(
    row: Row, cohort, by: str, measure: str, rates: dict, share: float | None, thresholds
) -> Adjusted:
    if cohort is None or not row.complete or share is None:
        return Adjusted()
    observed = row.headline[measure]
    if observed.count is None:
        return Adjusted()
    expected, total = 0.0, 0
    for value, (n, _n_d) in _rows(cohort, by, measure, thresholds[row.tenant.pk]).items():
        if n is None or value not in rates:
            return Adjusted()  # the mix is not fully shown: no adjusted share
        expected += n * rates[value]
        total += n
    if not expected or not total:
        return Adjusted()
    ratio = observed.count / expected
    spread = 1.96 / math.sqrt(observed.count) if observed.count else None
    adjusted = Adjusted(round(100 * expected / total, 1), round(100 * ratio * share, 1))
    if spread is not None:
        adjusted.low = round(100 * ratio * math.exp(-spread) * share, 1)
        adjusted.high = round(100 * ratio * math.exp(spread) * share, 1)
    return adjusted
