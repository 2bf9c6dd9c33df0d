"""Where dual training takes place: the company-based share of a cohort, protected like every figure.

The leavers who went into dual training (the protected "dual" cell of the cohort's destination margin)
split into company-based (`dual_company`), external (`dual_external`, BaE § 76 SGB III) and not told.
No other output breaks this split down, so it is one more line of the linked set whose total is the
dual cell: where that cell is hidden, the whole split is; where it is shown, the split is protected as
the margin is (`suppression.protect_line`: small members hidden, then more until no hidden member is
alone and the hidden ones add up to the threshold at least).

The share has two denominators to choose from (DESIGN.md): all leavers of the cohort, or those without
a higher entrance qualification (the cohort's total less the qualification cells "abitur" and
"advanced_technical", shown only where all three are).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from uebergang.tenants.models import Tenant

from . import protected, suppression
from .models import DUAL_PLACES, CohortCount

NOT_TOLD = "not_told"
HIGHER_ENTRANCE = ("abitur", "advanced_technical")
DENOMINATORS = ("all", "no_hzb")


@dataclass
class Share:
    count: int | None  # company-based training, None where hidden
    base: int | None  # the denominator, None where hidden
    share: float | None
    recorded: bool  # False: the cohort does not tell company-based from external training

    @property
    def display(self) -> str:
        return protected.MARK if self.count is None else str(self.count)


def split(tenant: Tenant, years: list[int] | None = None) -> dict[int, dict[str, int]]:
    """year → {dual_company, dual_external, not_told: count} of the dual training cell (one query)."""
    counts = CohortCount.objects.for_tenant(tenant).filter(destination="dual")
    if years is not None:
        counts = counts.filter(leaving_year__in=years)
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*DUAL_PLACES, NOT_TOLD), 0))
    for year, place, n in counts.values_list("leaving_year", "place").annotate(n=Sum("count")).order_by():
        result[year][place or NOT_TOLD] += n
    return dict(result)


def company_shares(tenant: Tenant, denominator: str = "all", cohorts: dict | None = None) -> dict[int, Share]:
    """year → the company-based training share of the cohort over `denominator` ("all" or "no_hzb")."""
    cohorts = protected.cohorts(tenant) if cohorts is None else cohorts
    places = split(tenant, list(cohorts))
    result = {}
    for year, cohort in cohorts.items():
        line = places.get(year, dict.fromkeys((*DUAL_PLACES, NOT_TOLD), 0))
        recorded = any(line[code] for code in DUAL_PLACES)
        # The dual cell hidden: so is its whole split; shown: the split is protected as the margin is.
        _dual, dual_hidden = cohort.count(("destination", "dual"))
        hidden = set(line) if dual_hidden else suppression.protect_line(line, False, cohort.threshold)
        count = None if "dual_company" in hidden or not recorded else line["dual_company"]
        base = _base(cohort, denominator)
        share = round(100 * count / base, 1) if count is not None and base else None
        result[year] = Share(count, base, share, recorded)
    return result


def _base(cohort: protected.ProtectedCohort, denominator: str) -> int | None:
    total, total_hidden = cohort.count(("total",))
    if total_hidden:
        return None
    if denominator == "all":
        return total
    higher = [cohort.count(("qualification", q)) for q in HIGHER_ENTRANCE]
    if any(hidden for _n, hidden in higher):
        return None
    return total - sum(n for n, _hidden in higher)
