"""The protected cohorts of a tenant: its finest counts read once, the protection decided once per cohort.

Every output (dashboard, filters, exports, API, the association's comparison) reads its figures from
`cohorts()`, so all of them show the same cells hidden (see suppression.py for why).

Deciding the protection runs an audit by linear programming and takes from milliseconds to seconds.
It is cached under a digest of the cohort's counts and the threshold: the key changes by itself when an
import changes the cohort (summaries.py rewrites its CohortCount rows), so nothing needs invalidating
and a stale protection can never be served.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum

from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from . import suppression
from .models import TOP_LEVEL_CODES, CohortCount

CACHE_SECONDS = 7 * 24 * 3600
MARK = "."  # German official statistics: "Zahlenwert geheim zu halten"
FIELDS = (
    "leaving_year",
    *(f if f not in ("school", "region") else f"{f}_id" for f in suppression.MICRO_FIELDS),
)


@dataclass
class ProtectedCohort:
    """One leaving year of a tenant: every cell of its linked set and whether it is shown."""

    year: int
    threshold: int
    values: dict
    hidden: frozenset
    fallback: str
    schools: frozenset  # the schools with counts (for completeness)
    expected: frozenset = frozenset()  # the schools expected to report

    @property
    def reported(self) -> int:
        return len(self.expected & self.schools)

    @property
    def complete(self) -> bool:
        return self.expected <= self.schools

    def count(self, key: tuple) -> tuple[int, bool]:
        """(count, hidden) of a cell; a cell outside the set (a school without leavers) is a shown 0."""
        return self.values.get(key, 0), key in self.hidden


def effective_threshold(tenant: Tenant) -> int:
    return tenant.suppression_threshold


def expected_schools(tenant: Tenant) -> frozenset[int]:
    """The schools expected to report: the tenant's active school organisations."""
    schools = Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL, is_active=True)
    return frozenset(schools.values_list("pk", flat=True))


def microcells(tenant: Tenant, years: list[int] | None = None) -> dict[int, dict[tuple, int]]:
    """year → finest counts of the tenant (one grouped query)."""
    counts = CohortCount.objects.for_tenant(tenant)
    if years is not None:
        counts = counts.filter(leaving_year__in=years)
    by_year: dict[int, dict[tuple, int]] = defaultdict(dict)
    for row in counts.values_list(*FIELDS).annotate(n=Sum("count")).order_by():
        year, *key, n = row
        if n:
            by_year[year][tuple(key)] = n
    return dict(by_year)


def protect(cells: dict[tuple, int], year: int, threshold: int) -> ProtectedCohort:
    """The cohort's protection, from the cache when these very counts were protected before."""
    digest = hashlib.sha256(repr((threshold, sorted(cells.items(), key=repr))).encode()).hexdigest()
    cache_key = f"monitoring:protection:v1:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        hidden, fallback = cached
        cohort = suppression.build_cohort(cells, TOP_LEVEL_CODES, with_variables=False)
    else:
        cohort = suppression.build_cohort(cells, TOP_LEVEL_CODES)
        decision = suppression.protect(cohort, threshold)
        hidden, fallback = frozenset(decision.hidden), decision.fallback
        cache.set(cache_key, (hidden, fallback), CACHE_SECONDS)
    schools = frozenset(key[0] for key in cells if key[0] is not None)
    return ProtectedCohort(year, threshold, cohort.values, hidden, fallback, schools)


def cohorts(tenant: Tenant, years: list[int] | None = None) -> dict[int, ProtectedCohort]:
    """year → the tenant's protected cohort, for `years` (all with counts if None), ascending."""
    threshold = effective_threshold(tenant)
    expected = expected_schools(tenant)
    result = {}
    for year, cells in sorted(microcells(tenant, years).items()):
        result[year] = protect(cells, year, threshold)
        result[year].expected = expected
    return result
