"""The fast import paths: XLSX files with dates, the cohort guard of valid-rows-only imports, the
counts and the per-year summary the import writes itself, the check in the background."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from uebergang.monitoring import queries
from uebergang.monitoring.imports import Report, estimate_rows, import_file, stored_cohorts
from uebergang.monitoring.models import TOP_LEVEL_CODES, CohortCount, ImportBatch, Leaver, YearSummary
from uebergang.monitoring.summaries import refresh_cohort_counts
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

from .test_imports import GOOD_ROWS, HEADER, csv_file, run
from .test_imports import schools as schools  # the fixture

pytestmark = pytest.mark.django_db


def test_xlsx_with_german_text_dates_date_cells_and_day_numbers(cast, schools, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Abgänge 2025"])
    sheet.append(
        ["Schüler-ID", "Schulnummer", "Abgangsjahr", "Abschluss", "Anschluss", "Stand", "geplant am"]
    )
    sheet.append(["A-1", "04123", 2025, "MSA", "dual", "31.07.2025", 45700])  # day number: 2025-02-12
    sheet.append(["A-2", "04124", 2025, "Abitur", "Studium", datetime(2025, 9, 30), date(2025, 3, 1)])
    path = tmp_path / "daten.xlsx"
    workbook.save(path)

    batch = run(cast, path)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    first, second = Leaver.objects.order_by("school__identifier")
    assert (first.actual_as_of, first.planned_on) == (date(2025, 7, 31), date(2025, 2, 12))
    assert (second.actual_as_of, second.planned_on) == (date(2025, 9, 30), date(2025, 3, 1))


def test_the_row_estimate_for_the_progress_bar(tmp_path):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS * 50])
    assert estimate_rows(path) == 201


# Valid rows only: a cohort without a valid row is not emptied ----------------------------------------------


def test_valid_rows_only_refuses_to_empty_a_stored_cohort(cast, schools, tmp_path):
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS]))
    before = sorted(Leaver.objects.values_list("pseudonym", flat=True))
    # The Realschule's rows (04123) are all broken now; the Gymnasium's are fine.
    broken = [
        row.replace(";MSA;", ";Sonder;").replace(";Hauptschulabschluss;", ";Sonder;") for row in GOOD_ROWS
    ]

    batch = run(cast, csv_file(tmp_path, [HEADER, *broken], name="neu.csv"), only_valid=True)

    assert batch.status == ImportBatch.Status.FAILED
    problem = Report.of(batch).file_problem
    assert "Realschule Musterstadt, Abgangsjahr 2025" in problem and "Es wurde nichts gespeichert" in problem
    assert "Gymnasium" not in problem
    assert sorted(Leaver.objects.values_list("pseudonym", flat=True)) == before


def test_valid_rows_only_imports_beside_a_cohort_that_was_never_stored(cast, schools, tmp_path):
    broken = [row.replace("MSA", "Sonderabschluss") if ";04123;" in row else row for row in GOOD_ROWS[:1]]

    batch = run(cast, csv_file(tmp_path, [HEADER, *broken, *GOOD_ROWS[2:]]), only_valid=True)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert batch.imported_rows == 2 and batch.replaced_rows == 0


def test_the_stored_cohorts_are_those_of_the_records_of_the_tenant(cast, schools, tmp_path):
    other_year = [row.replace(";2025;", ";2024;") for row in GOOD_ROWS[:2]]
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS, *[f"B{row}" for row in other_year]]))
    create_organisation(cast.tenant_b, name="Schule in B", kind=Organisation.Kind.SCHOOL)

    records = set(Leaver.objects.for_tenant(cast.tenant_a).values_list("leaving_year", "school_id"))
    assert stored_cohorts(cast.tenant_a) == records
    assert {year for year, _school in records} == {2024, 2025} and len(records) == 3
    assert stored_cohorts(cast.tenant_b) == set()


# Counts and the summary the import writes ----------------------------------------------------------------


def counts_of(tenant):
    fields = ("leaving_year", "school_id", "school_type", "qualification", "gender", "region_id")
    fields += ("destination", "planned", "followup", "count", "origin")
    return sorted(CohortCount.objects.for_tenant(tenant).values_list(*fields))


def summary_of(tenant):
    return sorted(YearSummary.objects.for_tenant(tenant).values_list("leaving_year", "destination", "count"))


def test_the_counts_of_an_import_equal_those_grouped_from_the_records(cast, schools, tmp_path):
    other_year = [row.replace(";2025;", ";2024;") for row in GOOD_ROWS]
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS, *[f"B{row}" for row in other_year]]))
    changed = [row.replace("dual", "work").replace(";w;", ";m;") for row in GOOD_ROWS[:2]]
    run(cast, csv_file(tmp_path, [HEADER, *changed], name="neu.csv"))  # replaces the Realschule's 2025

    written, summary = counts_of(cast.tenant_a), summary_of(cast.tenant_a)
    refresh_cohort_counts(cast.tenant_a)  # from the records, set-based

    assert written == counts_of(cast.tenant_a)
    assert summary == summary_of(cast.tenant_a)
    assert {(year, code): n for year, code, n in summary}[(2025, "work")] == 1
    assert sum(n for year, _code, n in summary if year == 2025) == 4


def test_a_counts_import_refreshes_the_summary(cast, schools, tmp_path):
    lines = [
        "Schulnummer;Abgangsjahr;Abschluss;Anschluss;Anzahl",
        "04123;2025;MSA;dual;12",
        "04123;2025;MSA;BvB;7",
    ]
    batch = run(cast, csv_file(tmp_path, lines), kind=ImportBatch.Kind.COUNTS)
    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert summary_of(cast.tenant_a) == [(2025, "dual", 12), (2025, "transition", 7)]


def comparison_from_the_records(year):
    """The comparison as each tenant's own dashboard shows the year (its protection, from CohortCount)."""
    from uebergang.tenants.models import Tenant

    result = {}
    for tenant in Tenant.objects.active():
        rows = [row for row in queries.headline(tenant) if row["year"] == year]
        result[tenant.pk] = {key: rows[0][key] for key in MEASURES} if rows else None
    return result


MEASURES = ("total", "dual", "transition", "unknown")


def test_the_comparison_read_from_the_summary_equals_the_one_from_the_records(cast, schools, tmp_path):
    lines = [HEADER, *GOOD_ROWS, *(f"C-{n};04123;2025;MSA;w;16;;dual;" for n in range(30))]
    run(cast, csv_file(tmp_path, lines))
    create_organisation(
        cast.tenant_b,
        "Schule Beta",
        kind=Organisation.Kind.SCHOOL,
        identifier="777",
        school_type="realschule",
    )
    table = ["Schulnummer;Abgangsjahr;Anschluss;Anzahl", "777;2025;dual;3", "777;2025;unbekannt;40"]
    import_file(
        tenant=cast.tenant_b,
        path=csv_file(tmp_path, table, name="b.csv"),
        source="Tabellen",
        kind=ImportBatch.Kind.COUNTS,
    )

    comparison = {
        entry["tenant"].pk: entry["headline"] and {key: entry["headline"][key] for key in MEASURES}
        for entry in queries.association_comparison(2025)
    }

    assert comparison == comparison_from_the_records(2025)
    assert comparison[cast.tenant_b.pk]["dual"].display == "."
    assert comparison[cast.tenant_a.pk]["total"].count == 34
    assert queries.association_years() == [2025]


# The check runs in the background ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as it does between tasks
def test_the_check_runs_in_the_background_and_the_page_moves_on(client, cast, schools, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SHARED_FILES_DIR = tmp_path / "var"
    client.force_login(cast.coordinator)
    content = "\n".join([HEADER, *GOOD_ROWS, "A-9;04123;2025;Sonderabschluss;w;16;;dual;"]).encode()
    response = client.post(
        "/kreis-a/intern/monitoring/import/",
        {"file": SimpleUploadedFile("a.csv", content), "source": "Schulamt", "kind": "leavers"},
    )
    batch = ImportBatch.objects.get(file_name="a.csv")
    queued = DBTaskResult.objects.get()
    assert batch.status == ImportBatch.Status.CHECKING and batch.task_id == str(queued.id)
    assert queued.status == "READY" and queued.args_kwargs["args"] == [batch.pk]
    assert response.url == f"/kreis-a/intern/monitoring/import/{batch.pk}/"
    page = client.get(response.url).content.decode()
    assert (
        "Die Datei wird geprüft" in page and 'id="import-progress"' in page and "Stand aktualisieren" in page
    )
    still = client.get(response.url, headers={"HX-Request": "true"})
    assert still.status_code == 200 and "hx-trigger" in still.content.decode()

    # The worker process's command, here in the test's process: it takes the queued check and runs it.
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    batch.refresh_from_db()
    report = Report.of(batch)
    assert batch.status == ImportBatch.Status.MAPPING and report.total_rows == 5
    assert report.cohorts == sorted([[2025, schools["real"].pk], [2025, schools["gym"].pk]])
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert done.status_code == 204
    assert done["HX-Redirect"] == f"/kreis-a/intern/monitoring/import/{batch.pk}/zuordnung/"
    assert not Leaver.objects.exists()


@given(
    counts=st.lists(st.integers(0, 30), min_size=len(TOP_LEVEL_CODES), max_size=len(TOP_LEVEL_CODES)),
    threshold=st.integers(min_value=2, max_value=11),
    common=st.integers(min_value=5, max_value=12),
)
@settings(max_examples=200, deadline=None)
def test_the_comparison_never_shows_what_the_tenants_dashboard_hides(counts, threshold, common):
    """The comparison's headline comes from YearSummary alone, yet it hides everything the tenant's
    full protection hides in its destination margin (which depends on that margin only)."""
    from uebergang.monitoring import comparison, suppression

    by_code = dict(zip(TOP_LEVEL_CODES, counts, strict=True))
    cells = {(1, "realschule", "msa", "f", None, "", "", code): n for code, n in by_code.items() if n}
    cohort = suppression.build_cohort(cells, TOP_LEVEL_CODES)
    protection = suppression.protect(cohort, threshold)
    row = comparison._headline(2025, by_code, threshold, max(threshold, common))
    for code in ("dual", "transition", "unknown"):
        if ("destination", code) in protection.hidden:
            assert row[code].hidden, code
        if not row[code].hidden:
            assert row[code].count == by_code[code]


def test_a_checked_batch_whose_schools_changed_since_the_check(cast, schools, tmp_path):
    """The check's cohorts are replaced first; a cohort the file now brings besides (its school number
    moved to another school since) is replaced too — after the pass on PostgreSQL, when met on SQLite."""
    newcomer = create_organisation(
        cast.tenant_a,
        "Neues Gymnasium",
        kind=Organisation.Kind.SCHOOL,
        identifier="04199",
        school_type="gymnasium",
    )
    earlier = ["N-1;04199;2025;Abitur;w;19;;Studium;", "N-2;04199;2025;Abitur;m;19;;Studium;"]
    run(cast, csv_file(tmp_path, [HEADER, *earlier], name="neu.csv"))
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS])
    checked = run(cast, path, dry_run=True)
    assert checked.status == ImportBatch.Status.PENDING
    schools["gym"].identifier = "09999"
    schools["gym"].save()
    newcomer.identifier = "04124"
    newcomer.save()

    batch = run(cast, path, batch=checked)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert batch.imported_rows == 4 and batch.replaced_rows == 2
    assert sorted(leaver.age_at_leaving for leaver in Leaver.objects.filter(school=newcomer)) == [18, 19]
    counts = CohortCount.objects.for_tenant(cast.tenant_a).filter(school=newcomer)
    assert sum(count.count for count in counts) == 2
    assert not Leaver.objects.filter(school=schools["gym"]).exists()
