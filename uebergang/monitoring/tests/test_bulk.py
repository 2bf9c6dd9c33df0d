"""The bulk writer: every row arrives with every value, whatever the chunking (binary COPY or INSERTs)."""

from __future__ import annotations

from datetime import date

import pytest

from uebergang.monitoring import bulk
from uebergang.monitoring.models import Leaver

pytestmark = pytest.mark.django_db

FIELDS = ("tenant", "pseudonym", "school", "school_type", "leaving_year", "qualification", "gender")
FIELDS += ("age_at_leaving", "special_needs", "actual_as_of")


@pytest.mark.parametrize("count", [1, 49, 50, 123, 20_001])
def test_every_row_is_written_with_its_values(cast, monkeypatch, count):
    """With 500 parameters per statement and ten columns, SQLite writes 50 rows per INSERT: 1 and 49 rows
    take the single-row path, 50 one full INSERT, 123 both, 20,001 more than one chunk."""
    monkeypatch.setattr(bulk, "SQLITE_VARIABLES", 500)  # 50 rows per INSERT for ten columns
    school = cast.network_a.organisation
    rows = [
        (
            cast.tenant_a.pk,
            f"p{n}",
            school.pk,
            "realschule",
            2020 + n % 5,
            "intermediate",
            "fmdx"[n % 4],
            None if n % 7 == 0 else 15 + n % 4,
            (None, True, False)[n % 3],
            date(2025, 7, 1 + n % 28) if n % 2 else None,
        )
        for n in range(count)
    ]

    assert bulk.write_rows(Leaver, FIELDS, rows) == count

    stored = Leaver.objects.for_tenant(cast.tenant_a).values_list(
        "pseudonym", "leaving_year", "gender", "age_at_leaving", "special_needs", "actual_as_of"
    )
    assert sorted(stored) == sorted((row[1], row[4], row[6], row[7], row[8], row[9]) for row in rows)
