"""The passes over a file's rows: validate every row and, when importing, write the valid ones.

The leaver pass turns the pupil id of the source into a keyed pseudonym at once (it is never stored),
counts the written rows per count cell and notes every cohort (leaving year × school) it meets; the
count pass adds up an aggregate table's cells.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .. import summaries
from ..models import Gender, ImportBatch, Leaver
from ..pseudonyms import hmac_states
from .convert import _MISSING, _padded, _Plan
from .sheet import Sheet
from .vocabulary import FIELDS_OF_KIND, LEAVERS

PROGRESS_EVERY = 10_000


LEAVER_COLUMNS = (
    "tenant",
    "pseudonym",
    "school",
    "school_type",
    "leaving_year",
    "qualification",
    "gender",
    "age_at_leaving",
    "region",
    "special_needs",
    "non_german",
    "planned_destination",
    "planned_on",
    "actual_destination",
    "actual_as_of",
    "followup_destination",
    "followup_as_of",
    "batch",
)


# Every leaver field but the source id, which only ever becomes the pseudonym.
LEAVER_SLOTS = tuple(field for field in FIELDS_OF_KIND[LEAVERS] if field != "source_id")


class _Pass(NamedTuple):
    written: int  # rows written
    years: set[int]  # leaving years written
    written_cohorts: set[tuple[int, int]]  # (leaving year, school id) of the rows written
    file_cohorts: set[tuple[int, int]]  # … of every row whose year and school are known, valid or not
    seen: set[int]  # hash((leaving year, pseudonym)) of every row with both


def _others(tenant: Tenant, cohorts: set[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """The tenant's stored leavers of the cohorts' years at schools whose cohort is not among `cohorts`.

    hash((leaving year, pseudonym)) → (school id, school name). A young person leaves one school per
    year: a pseudonym of the file already stored for the same year at another school (a cohort the file
    does not replace) is refused row by row. This is the uniqueness check of (tenant, year, pseudonym) —
    the table has no unique index for it, which would cost more than the rest of the write together
    (bench/README.md). Usually small: only the cohorts a file does not bring.
    """
    file_schools = summaries.cohorts_by_year(cohorts)
    if not file_schools:
        return {}
    names = dict(Organisation.objects.for_tenant(tenant).values_list("pk", "name"))
    condition = Q()
    for year, schools in file_schools.items():
        elsewhere = [school_id for school_id in names if school_id not in schools]
        if elsewhere:
            condition |= Q(leaving_year=year, school_id__in=elsewhere)
    if not condition:
        return {}
    rows = Leaver.objects.for_tenant(tenant).filter(condition).order_by()
    return {
        hash((year, pseudonym)): (school_id, names[school_id])
        for year, pseudonym, school_id in rows.values_list("leaving_year", "pseudonym", "school_id").iterator(
            chunk_size=20_000
        )
    }


def _leaver_pass(
    tenant: Tenant,
    plan: _Plan,
    batch: ImportBatch,
    *,
    write: Callable[[tuple], None] | None,
    only_valid: bool,
    on_progress: Callable[[int], None] | None,
    key: bytes,
    on_cohort: Callable[[tuple[int, int]], None] | None = None,
    tally: dict[tuple, int] | None = None,
    others: dict[int, tuple[int, str]] | None = None,
    preview: dict[tuple, int] | None = None,
) -> _Pass:
    """Validate every row and write the valid ones.

    A cohort is (leaving year, school id) of any row whose year and school are known, valid or not.
    `on_cohort` is called once per cohort of the file before its first row is written; `tally` counts
    the written rows per count cell (school, year, codes: see summaries.replace_cohort_counts), with
    destination ids; a row whose pseudonym is among `others` (see `_others`) is invalid. `preview` counts
    the valid rows per (leaving year, school id, actual destination id or None), for the check's preview.

    No database query may run in here on PostgreSQL, where the connection is busy with the COPY.
    """
    report = plan.report
    readers = plan.readers(LEAVER_SLOTS, absent={"gender": Gender.UNKNOWN.value})
    width = readers.width
    fill, pick, caches, misses, dict_get = (
        readers.fill,
        readers.pick,
        readers.caches,
        readers.misses,
        dict.get,
    )
    id_position = plan.position("source_id")
    id_title = plan.title("source_id")
    # Reports are kept: they name the row of a problem pupil id, never the id itself.
    id_kept = _("(Schüler-ID nicht gespeichert)")
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    inner_copy, outer_copy = (state.copy for state in hmac_states(key))
    tenant_id, batch_id = tenant.pk, batch.pk
    seen: set[int] = set()
    years: set[int] = set()
    written_cohorts: set[tuple[int, int]] = set()
    file_cohorts: set[tuple[int, int]] = set()
    tally_get = tally.get if tally is not None else None
    others_get = others.get if others else None
    preview_get = preview.get if preview is not None else None
    written = 0
    processed = 0
    for number, cells in plan.sheet.rows():
        processed += 1
        if on_progress is not None and processed % PROGRESS_EVERY == 0:
            on_progress(processed)
        if len(cells) == width:
            cells.append("")  # the empty cell that fields without a column read
        else:
            cells = _padded(cells, width)
        raws = pick(cells)
        values = list(map(dict_get, caches, raws, misses))
        valid = True
        if _MISSING in values:
            valid = fill(raws, values, number, report)
        school = values[0] or values[1]
        year = values[2]
        if school is None:
            if valid:
                report.add(
                    number, school_title, "", _("Die Schule fehlt (Schulnummer oder Name der Schule).")
                )
                valid = False
        elif year is not None:
            cohort = (year, school[0])
            if cohort not in file_cohorts:
                file_cohorts.add(cohort)
                if on_cohort is not None:
                    on_cohort(cohort)
        source_id = cells[id_position]
        normalized = " ".join(source_id.split()).casefold()
        if not normalized:
            report.add(number, id_title, "", _("Die Schüler-ID fehlt."))
            valid = False
            pseudonym = ""
        else:
            # pseudonyms.pseudonym(key, source_id) from the prepared HMAC states.
            inner = inner_copy()
            inner.update(normalized.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            pseudonym = outer.hexdigest()
            if year is not None:
                # A hash of (year, pseudonym) keeps this set small; a clash (p ≈ n²/2⁶⁴) is negligible.
                seen_key = hash((year, pseudonym))
                if seen_key in seen:
                    report.add(
                        number,
                        id_title,
                        id_kept,
                        _("Diese Schüler-ID kommt im Abgangsjahr %(year)d mehrfach vor.") % {"year": year},
                    )
                    valid = False
                else:
                    seen.add(seen_key)
                    stored = others_get(seen_key) if others_get is not None else None
                    if stored is not None and school is not None and stored[0] != school[0]:
                        report.add(
                            number,
                            id_title,
                            id_kept,
                            _(
                                "Diese Schüler-ID ist im Abgangsjahr %(year)d schon bei einer anderen Schule "
                                "gespeichert (%(school)s)."
                            )
                            % {"year": year, "school": stored[1]},
                        )
                        valid = False
        if not valid:
            report.invalid_rows += 1
            continue
        if preview_get is not None:
            cell_key = (year, school[0], values[11])
            preview[cell_key] = preview_get(cell_key, 0) + 1
        if write is None or (report.invalid_rows and not only_valid):
            continue
        write((tenant_id, pseudonym, school[0], school[1], *values[2:], batch_id))
        written += 1
        if cohort not in written_cohorts:
            written_cohorts.add(cohort)
            years.add(year)
        if tally_get is not None:
            # (year, school, school type, qualification, gender, region, actual, planned, follow-up)
            cell = (year, *school, values[3], values[4], values[6], values[11], values[9], values[13])
            tally[cell] = tally_get(cell, 0) + 1
    report.total_rows = processed
    return _Pass(written, years, written_cohorts, file_cohorts, seen)


COUNT_SLOTS = ("school_number", "school", "leaving_year", "qualification", "gender", "actual", "count")


def _count_pass(tenant: Tenant, plan: _Plan, sheet: Sheet) -> dict[tuple, int]:
    """Validate every row of an aggregate table; returns cell → count (repeated cells add up)."""
    report = plan.report
    readers = plan.readers(COUNT_SLOTS)
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    cells_by_key: dict[tuple, int] = {}
    processed = 0
    for number, cells in sheet.rows():
        processed += 1
        raws, values = readers.values(_padded(cells, readers.width))
        valid = readers.fill(raws, values, number, report) if _MISSING in values else True
        by_number, by_name, year, qualification, gender, destination, count = values
        school = by_number or by_name
        if school is None and valid:
            report.add(number, school_title, "", _("Die Schule fehlt (Schulnummer oder Name der Schule)."))
            valid = False
        if not valid:
            report.invalid_rows += 1
            continue
        cell = (year, school[0], school[1], qualification or "", gender or "", destination)
        cells_by_key[cell] = cells_by_key.get(cell, 0) + count
    report.total_rows = processed
    return cells_by_key
