"""Importing school leavers (microdata) and aggregate counts from CSV or XLSX files.

`import_file()` is the one entry point (upload page, background task, `manage.py import_leavers`,
benchmarks, demo data). It reads the file as a stream — memory does not grow with the file (XLSX through
`xlsx.rows`, a streaming reader of the sheet XML):

1. the header: the row among the first ten whose cells match the most known column titles (title
   rows above it are skipped); delimiter (semicolon, comma, tab) and encoding (UTF-8 with or without
   BOM, else Windows-1252) are detected from the first chunk; columns that look like names, birth
   dates or addresses refuse the whole file before anything else;
2. a check (dry run, in the background for uploads) reads every row once: the report, the row count
   and the cohorts (leaving year × school) the file replaces;
3. the import, one transaction and one pass: validate and write every row — on PostgreSQL straight
   into a binary `COPY … FROM STDIN`, elsewhere with `executemany` in big chunks. Re-imported cohorts
   are replaced: on PostgreSQL the cohorts of the check are deleted before the COPY and any others the
   pass met after it (sparing the new rows); elsewhere each cohort is deleted when its first row comes.
   Any invalid row rolls the whole transaction back (all or nothing) unless only the valid rows were
   asked for — and even then a stored cohort none of whose new rows is valid refuses the import instead
   of being emptied. A pupil id stored for the same year at a school the file does not bring is an
   invalid row (`_others`). The pass also counts the rows per count cell, so the cohorts' CohortCount
   rows (and YearSummary) are swapped without grouping the records again; an audit event is written.

Values are converted through small per-column caches (a file has few distinct years, schools, dates
and codes), so the hot loop is a dictionary look-up per cell. The pupil id of the source is turned
into a keyed pseudonym at once and never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .. import clarifications, codes, summaries
from ..bulk import row_writer
from ..models import DUAL_PLACES, CohortCount, ImportBatch, ImportMapping, Leaver, MonitoringSettings
from ..pseudonyms import tenant_key
from . import preview
from .convert import _Converters, _Plan, _plan
from .passes import LEAVER_COLUMNS, _count_pass, _leaver_pass, _others
from .report import Report, UnreadableFile, _Refused
from .sheet import SheetChoiceNeeded, estimate_rows
from .vocabulary import COUNTS, LEAVERS

SQLITE_CHUNK = 5_000
MAX_SKIPPED_LISTED = 1_000


class _Retry(Exception):
    """A pass that did not know the file's cohorts found pseudonyms stored at another school: run again
    knowing them, so each such row is reported (and left out when only valid rows are imported)."""

    def __init__(self, cohorts: set[tuple[int, int]]):
        super().__init__()
        self.cohorts = cohorts


def import_file(
    *,
    tenant: Tenant,
    path: str | Path,
    source: str,
    user=None,
    kind: str = LEAVERS,
    mapping: ImportMapping | None = None,
    batch: ImportBatch | None = None,
    on_progress: Callable[[int], None] | None = None,
    only_valid: bool = False,
    dry_run: bool = False,
    sheet: str = "",
    not_collected: bool = False,
) -> ImportBatch:
    """Check a file and, unless `dry_run`, import it; the batch tells the outcome and carries the report.

    Without `only_valid` nothing is written if any row is invalid (status FAILED). `on_progress` is
    called every 10,000 rows from inside the import; on PostgreSQL it must not use the default database
    connection then (it is busy with the COPY). A dry run writes
    no records: the batch ends PENDING (ready to import), MAPPING (columns or values to assign first)
    or FAILED (the file cannot be read at all). A workbook with several sheets that have a header needs
    `sheet` (a dry run ends MAPPING with the sheets to choose from). `not_collected`: a leaver file
    without a destination column stores every destination as "not collected yet".
    """
    path = Path(path)
    if batch is None:
        batch = ImportBatch.objects.create(
            tenant=tenant,
            created_by=user,
            kind=kind,
            source=source,
            file_name=path.name,
            sheet=sheet,
            not_collected=not_collected,
            status=ImportBatch.Status.PENDING if dry_run else ImportBatch.Status.RUNNING,
        )
    kind = batch.kind
    if mapping is None:
        mapping = ImportMapping.objects.for_tenant(tenant).filter(source=batch.source, kind=kind).first()
    checked = Report.of(batch)
    report = Report(started_at=checked.started_at, preview=checked.preview)
    plan: _Plan | None = None
    try:
        plan = _plan(
            tenant,
            path,
            kind,
            mapping,
            report,
            sheet_name=batch.sheet,
            not_collected=batch.not_collected,
            provisional=dry_run,
        )
        if not plan.complete:
            raise _Refused
        if kind == COUNTS:
            _run_counts(tenant, plan, batch, user=user, dry_run=dry_run, only_valid=only_valid)
        else:
            if on_progress is not None:
                if not batch.total_rows:
                    batch.total_rows = estimate_rows(path) or None
                    batch.save(update_fields=["total_rows"])
                on_progress(0)
            # A checked batch knows its cohorts (and its exact row count) from the check.
            known = {tuple(cohort) for cohort in checked.cohorts} if checked.total_rows else None
            _run_leavers(
                tenant,
                plan,
                batch,
                known,
                user=user,
                dry_run=dry_run,
                only_valid=only_valid,
                on_progress=on_progress,
            )
    except SheetChoiceNeeded as error:
        if dry_run:  # the mapping page asks which sheet
            report.sheets, report.sheet_candidates = list(error.sheets), list(error.candidates)
        else:
            report.file_problem = str(error)
    except UnreadableFile as error:
        report.file_problem = str(error)
    except _Refused:
        pass
    if plan is not None:
        report.skipped = plan.sheet.skipped[:MAX_SKIPPED_LISTED]  # every row not read, with why
        report.unmapped = {
            group: sorted(values) for group, values in plan.converters.unmapped.items() if values
        }
    _finish(batch, report, dry_run=dry_run)
    if on_progress is not None and batch.status == ImportBatch.Status.DONE:
        on_progress(batch.total_rows or 0)
    return batch


def _finish(batch: ImportBatch, report: Report, *, dry_run: bool) -> None:
    Status = ImportBatch.Status
    if batch.status == Status.DONE:
        pass
    elif report.file_problem:
        batch.status = Status.FAILED
    elif dry_run:
        batch.status = Status.MAPPING if report.needs_mapping else Status.PENDING
        if batch.status == Status.MAPPING:
            report.preview = {}  # figures come once every column is decided (and no suggestion is read)
    else:
        batch.status = Status.FAILED
    batch.report = report.as_json()
    if report.total_rows:
        batch.total_rows = report.total_rows
    if batch.status in (Status.DONE, Status.FAILED):
        batch.finished_at = timezone.now()
    if batch.status == Status.DONE:
        batch.processed_rows = batch.total_rows or 0
    batch.save()


def _no_data_rows() -> UnreadableFile:
    return UnreadableFile(_("Die Datei enthält unter der Kopfzeile keine Datenzeilen."))


def _run_leavers(tenant, plan, batch, known, *, user, dry_run, only_valid, on_progress) -> None:
    """Check (dry run) or import the leaver rows: one pass over the file.

    Re-importing a cohort (leaving year × school) replaces it. On SQLite each cohort's stored records
    are deleted when the pass meets its first row. On PostgreSQL the COPY occupies the connection for
    the whole pass: the cohorts the batch's check found (`known`) are deleted before it, any others the
    pass meets after it (all of them for an unchecked file), sparing the rows just written.

    Knowing the cohorts also gives the pseudonyms stored at other schools for the same years (`_others`),
    which the pass refuses. A pass without them (a check, an unchecked import) looks afterwards and, only
    if one of its pseudonyms is there, runs once more knowing them.
    """
    report = plan.report
    key = tenant_key(tenant)
    passing = {"only_valid": only_valid, "on_progress": on_progress, "key": key}
    if dry_run:
        tally: dict[tuple, int] = {}
        result = _leaver_pass(tenant, plan, batch, write=None, preview=tally, **passing)
        others = _others(tenant, result.file_cohorts)
        if not others.keys().isdisjoint(result.seen):
            report.restart()
            tally.clear()
            result = _leaver_pass(tenant, plan, batch, write=None, others=others, preview=tally, **passing)
        if report.total_rows == 0:
            raise _no_data_rows()
        report.cohorts = [list(cohort) for cohort in sorted(result.file_cohorts)]
        top = {destination.pk: destination.top_level_code for destination in plan.converters.codes.values()}
        by_code: dict[tuple[int, int, str], int] = {}
        for (year, school, actual), count in tally.items():
            key = (year, school, top.get(actual, "unknown"))
            by_code[key] = by_code.get(key, 0) + count
        report.preview = preview.build(tenant, plan.kind, by_code)
        return
    try:
        _import_leavers(tenant, plan, batch, known, user=user, passing=passing)
    except _Retry as retry:
        report.restart()
        _import_leavers(tenant, plan, batch, retry.cohorts, user=user, passing=passing)


def _import_leavers(tenant, plan, batch, known, *, user, passing) -> None:
    report = plan.report
    only_valid = passing["only_valid"]
    copying = connection.vendor == "postgresql"
    with _import_pragmas(), transaction.atomic():
        _take_turns(tenant)  # the check against other schools' stored pseudonyms sees what others wrote
        leavers = Leaver.objects.for_tenant(tenant)
        stored = stored_cohorts(tenant)
        checked = known or set()  # the cohorts of the batch's check, if it had one
        replaced = 0
        on_cohort = None
        if copying:
            replaced = _delete_cohorts(leavers, stored & checked)
        else:

            def on_cohort(cohort: tuple[int, int]) -> None:
                nonlocal replaced
                if cohort in stored:
                    replaced += _delete_cohorts(leavers, {cohort})

        others = _others(tenant, known) if known is not None else None
        tally: dict[tuple, int] = {}
        with row_writer(Leaver, LEAVER_COLUMNS) as write:
            result = _leaver_pass(
                tenant, plan, batch, write=write, on_cohort=on_cohort, tally=tally, others=others, **passing
            )
        written, years, written_cohorts, file_cohorts, seen = result
        if report.total_rows == 0:
            raise _no_data_rows()
        if (report.invalid_rows and not only_valid) or not written:
            raise _Refused
        if others is None and not _others(tenant, file_cohorts).keys().isdisjoint(seen):
            raise _Retry(file_cohorts)
        if copying:
            # Stored cohorts the pass met besides those of the check, sparing the rows just written.
            late = (file_cohorts - checked) & stored
            replaced += _delete_cohorts(leavers.exclude(batch_id=batch.pk), late)
            file_cohorts |= checked  # every cohort deleted gets its counts swapped too
        emptied = sorted((file_cohorts - written_cohorts) & stored)
        if emptied:
            raise UnreadableFile(_emptied_message(emptied))
        summaries.replace_cohort_counts(tenant, file_cohorts, _count_cells(tally, plan.converters))
        # Cases cleared destinations the school reported as unknown: the new records keep them.
        clarifications.reapply(tenant, {year for year, _school in file_cohorts})
        all_years = years | {year for year, _school in file_cohorts}
        _done(batch, report, user=user, imported=written, replaced=replaced, years=all_years)


def _take_turns(tenant: Tenant) -> None:
    """One import per municipality writes at a time, until the surrounding transaction ends.

    A row lock on the municipality's monitoring settings on PostgreSQL; SQLite lets one transaction write
    at a time anyway.
    """
    MonitoringSettings.objects.get_or_create(tenant=tenant)  # the row to lock (usually there already)
    list(MonitoringSettings.objects.select_for_update().filter(tenant=tenant).values_list("pk"))


@contextmanager
def _import_pragmas() -> Iterator[None]:
    """SQLite: a 64 MB page cache for this connection while the import runs (index pages stay in memory).

    Durability is left as configured (WAL, synchronous=NORMAL): a crash never leaves half an import.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


STORED_COHORTS_SQL = f"""
WITH RECURSIVE cohort (school_id, leaving_year) AS (
    SELECT s.id, (SELECT min(l.leaving_year) FROM {Leaver._meta.db_table} l WHERE l.school_id = s.id)
    FROM {Organisation._meta.db_table} s
    WHERE s.tenant_id = %s
  UNION ALL
    SELECT c.school_id, (
        SELECT min(l.leaving_year) FROM {Leaver._meta.db_table} l
        WHERE l.school_id = c.school_id AND l.leaving_year > c.leaving_year
    )
    FROM cohort c
    WHERE c.leaving_year IS NOT NULL
)
SELECT leaving_year, school_id FROM cohort WHERE leaving_year IS NOT NULL
"""  # noqa: S608 - table names only


def stored_cohorts(tenant: Tenant) -> set[tuple[int, int]]:
    """The cohorts (leaving year, school id) of which the tenant has stored leavers.

    A skip scan of the (school, year) index: one probe per school and stored year, a few milliseconds
    however many records there are (DISTINCT over the records would read all of them). A school's id
    belongs to its tenant, so the tenant's schools find only the tenant's records.
    """
    with connection.cursor() as cursor:
        cursor.execute(STORED_COHORTS_SQL, [tenant.pk])
        return set(cursor.fetchall())


def _emptied_message(cohorts: list[tuple[int, int]]) -> str:
    names = dict(
        Organisation.objects.filter(pk__in={school for _year, school in cohorts}).values_list("pk", "name")
    )
    listed = "; ".join(
        _("%(school)s, Abgangsjahr %(year)d") % {"school": names.get(school, "?"), "year": year}
        for year, school in cohorts
    )
    return _(
        "Für diese Jahrgänge ist keine Zeile der Datei gültig: %(cohorts)s. Nur die gültigen Zeilen zu "
        "importieren würde ihre gespeicherten Datensätze löschen, ohne sie zu ersetzen. Bitte korrigieren Sie "
        "diese Zeilen (siehe Prüfbericht) und laden Sie die Datei erneut hoch. Es wurde nichts gespeichert."
    ) % {"cohorts": listed}


def _count_cells(tally: dict[tuple, int], converters: _Converters) -> dict[tuple, int]:
    """The import's tally (destination ids) as CohortCount cells (top-level codes), as REFRESH_SQL groups."""
    top = {destination.pk: destination.top_level_code for destination in converters.codes.values()}
    place = {d.pk: d.code for d in converters.codes.values() if d.code in DUAL_PLACES}
    cells: dict[tuple, int] = {}
    for (*facts, actual, planned, followup), count in tally.items():
        cell = (
            *facts,
            top.get(actual, "unknown"),
            top.get(planned, ""),
            top.get(followup, ""),
            place.get(actual, ""),
        )
        cells[cell] = cells.get(cell, 0) + count
    return cells


def _run_counts(tenant, plan, batch, *, user, dry_run, only_valid) -> None:
    report = plan.report
    cells = _count_pass(tenant, plan, plan.sheet)
    if report.total_rows == 0:
        raise _no_data_rows()
    if dry_run:
        by_code: dict[tuple[int, int, str], int] = {}
        for (year, school, _type, _qualification, _gender, code), count in cells.items():
            destination = "dual" if code in DUAL_PLACES else code
            by_code[(year, school, destination)] = by_code.get((year, school, destination), 0) + count
        report.preview = preview.build(tenant, plan.kind, by_code)
        return
    if (report.invalid_rows and not only_valid) or not cells:
        raise _Refused
    cohorts = {(year, school_id) for year, school_id, *_rest in cells}
    with transaction.atomic():
        _take_turns(tenant)  # two imports replacing the same cohorts would add up their counts
        replaced = _delete_cohorts(
            CohortCount.objects.for_tenant(tenant).filter(origin=CohortCount.Origin.TABLE),
            cohorts,
        )
        CohortCount.objects.bulk_create(
            (
                CohortCount(
                    tenant=tenant,
                    origin=CohortCount.Origin.TABLE,
                    leaving_year=year,
                    school_id=school_id,
                    school_type=school_type,
                    qualification=qualification,
                    gender=gender,
                    # A table's row for company-based or external training counts under "dual".
                    destination="dual" if destination in DUAL_PLACES else destination,
                    place=destination if destination in DUAL_PLACES else "",
                    count=count,
                )
                for (year, school_id, school_type, qualification, gender, destination), count in cells.items()
            ),
            batch_size=SQLITE_CHUNK,
        )
        years = {year for year, _school in cohorts}
        summaries.refresh_years(tenant, years)
        _done(batch, report, user=user, imported=report.valid_rows, replaced=replaced, years=years)


def _delete_cohorts(queryset, cohorts: set[tuple[int, int]]) -> int:
    """Delete the rows (leavers or counts) of `cohorts`; returns how many."""
    deleted = 0
    for year, school_ids in sorted(summaries.cohorts_by_year(cohorts).items()):
        _total, per_model = queryset.filter(leaving_year=year, school_id__in=school_ids).delete()
        deleted += per_model.get(queryset.model._meta.label, 0)
    return deleted


def _done(batch: ImportBatch, report: Report, *, user, imported: int, replaced: int, years: set[int]) -> None:
    codes.record_cohorts(batch.tenant, years)  # recorded with the current code list
    batch.status = ImportBatch.Status.DONE
    batch.imported_rows = imported
    batch.replaced_rows = replaced
    record(
        AuditEvent.Action.IMPORTED,
        actor=user,
        tenant=batch.tenant,
        obj=batch,
        data={
            "kind": batch.kind,
            "source": batch.source,
            "rows": report.total_rows,
            "imported": imported,
            "replaced": replaced,
            "skipped": report.invalid_rows,
            "years": sorted(years),
        },
    )
    _finish(batch, report, dry_run=False)
