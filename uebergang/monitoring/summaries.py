"""Pre-computed counts: every import of microdata refreshes the CohortCount rows of its years.

Dashboards, exports and the API read CohortCount only; they never scan leaver records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from uebergang.tenants.models import Tenant

from .models import CohortCount, Destination, Leaver


def _top_level(alias: str, default: str) -> str:
    """SQL for the top-level code of a joined destination: the parent's code for a local sub-code."""
    return f"COALESCE({alias}p.code, {alias}.code, '{default}')"


REFRESH_SQL = f"""
INSERT INTO {CohortCount._meta.db_table}
    (tenant_id, origin, leaving_year, school_id, school_type, qualification, gender, region_id,
     destination, planned, followup, count)
SELECT l.tenant_id, %s, l.leaving_year, l.school_id, l.school_type, l.qualification, l.gender, l.region_id,
       {_top_level("a", "unknown")}, {_top_level("p", "")}, {_top_level("f", "")}, COUNT(*)
FROM {Leaver._meta.db_table} l
LEFT JOIN {Destination._meta.db_table} a ON a.id = l.actual_destination_id
LEFT JOIN {Destination._meta.db_table} ap ON ap.id = a.parent_id
LEFT JOIN {Destination._meta.db_table} p ON p.id = l.planned_destination_id
LEFT JOIN {Destination._meta.db_table} pp ON pp.id = p.parent_id
LEFT JOIN {Destination._meta.db_table} f ON f.id = l.followup_destination_id
LEFT JOIN {Destination._meta.db_table} fp ON fp.id = f.parent_id
WHERE l.tenant_id = %s {{years}}
GROUP BY l.tenant_id, l.leaving_year, l.school_id, l.school_type, l.qualification, l.gender, l.region_id,
         {_top_level("a", "unknown")}, {_top_level("p", "")}, {_top_level("f", "")}
"""  # noqa: S608 - only table names and constants are interpolated; values are parameters


@transaction.atomic
def refresh_cohort_counts(tenant: Tenant, years: Iterable[int] | None = None) -> int:
    """Recompute the tenant's microdata counts for `years` (all years if None); returns the cells written.

    One set-based INSERT … SELECT … GROUP BY (the same SQL on SQLite and PostgreSQL): the counts never
    travel through Python.
    """
    counts = CohortCount.objects.for_tenant(tenant).filter(origin=CohortCount.Origin.MICRODATA)
    params: list = [CohortCount.Origin.MICRODATA.value, tenant.pk]
    years_sql = ""
    if years is not None:
        years = sorted(set(years))
        if not years:
            return 0
        counts = counts.filter(leaving_year__in=years)
        years_sql = "AND l.leaving_year IN (" + ", ".join(["%s"] * len(years)) + ")"
        params += years
    counts.delete()
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL.format(years=years_sql), params)
        return cursor.rowcount
