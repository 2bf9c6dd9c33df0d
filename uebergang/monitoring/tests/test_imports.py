"""import_file(): good files of every shape, each kind of broken file, replacement, mapping, pseudonyms."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum
from openpyxl import Workbook

from uebergang.audit.models import AuditEvent
from uebergang.monitoring import imports
from uebergang.monitoring.imports import Report, import_file
from uebergang.monitoring.models import CohortCount, ImportBatch, ImportMapping, Leaver, MonitoringSettings
from uebergang.monitoring.pseudonyms import hmac_states, pseudonym, tenant_key
from uebergang.network.models import Organisation
from uebergang.test import build_cast, create_organisation

pytestmark = pytest.mark.django_db

HEADER = "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Alter;Wohnort;Anschluss;Stand"
GOOD_ROWS = [
    "A-1;04123;2025;MSA;w;16;West;dual;31.07.2025",
    "A-2;04123;2025;Hauptschulabschluss;m;15;;Übergangsbereich;31.07.2025",
    "A-3;04124;2025;Abitur;d;19;West;Studium;2025-09-30",
    "A-4;04124;2025;FHR;;18;;bvb;",
]


@pytest.fixture
def schools(cast):
    return {
        "real": create_organisation(
            cast.tenant_a,
            "Realschule Musterstadt",
            kind=Organisation.Kind.SCHOOL,
            school_type=Organisation.SchoolType.REALSCHULE,
            identifier="04123",
        ),
        "gym": create_organisation(
            cast.tenant_a,
            "Gymnasium am Park",
            kind=Organisation.Kind.SCHOOL,
            school_type=Organisation.SchoolType.GYMNASIUM,
            identifier="04124",
        ),
        "b": create_organisation(
            cast.tenant_b,
            "Realschule Beta",
            kind=Organisation.Kind.SCHOOL,
            school_type=Organisation.SchoolType.REALSCHULE,
            identifier="04123",
        ),
    }


def csv_file(tmp_path, lines, *, name="abgaenge.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def run(cast, path, **kwargs):
    kwargs.setdefault("source", "Schulamt")
    return import_file(tenant=cast.tenant_a, path=path, user=cast.coordinator, **kwargs)


def assert_nothing_written(cast):
    assert not Leaver.objects.for_tenant(cast.tenant_a).exists()
    assert not CohortCount.objects.for_tenant(cast.tenant_a).exists()


# Good files ------------------------------------------------------------------------------------------


def test_a_good_csv_with_bom_and_title_row_is_imported(cast, schools, tmp_path):
    path = csv_file(
        tmp_path, ["Abgänge 2025 – Schulamt Musterkreis", "", HEADER, *GOOD_ROWS], encoding="utf-8-sig"
    )
    progress = []

    batch = run(cast, path, on_progress=progress.append)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert (batch.total_rows, batch.imported_rows, batch.replaced_rows) == (4, 4, 0)
    assert progress[0] == 0 and progress[-1] == 4
    leavers = {leaver.age_at_leaving: leaver for leaver in Leaver.objects.for_tenant(cast.tenant_a)}
    first = leavers[16]
    assert (first.school, first.school_type, first.leaving_year) == (schools["real"], "realschule", 2025)
    assert (first.qualification, first.gender, first.region) == ("intermediate", "f", cast.region_a)
    assert first.actual_destination.code == "dual" and first.actual_as_of == date(2025, 7, 31)
    assert leavers[15].qualification == "first" and leavers[15].actual_destination.code == "transition"
    assert leavers[19].actual_as_of == date(2025, 9, 30) and leavers[19].gender == "d"
    assert leavers[18].gender == "x" and leavers[18].actual_destination.code == "bvb"
    assert leavers[18].qualification == "advanced_technical"
    # The summaries of the year are refreshed: the local sub-code counts under its top-level code.
    counts = CohortCount.objects.for_tenant(cast.tenant_a).filter(leaving_year=2025)
    assert sum(c.count for c in counts) == 4
    assert sum(c.count for c in counts if c.destination == "transition") == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED, object_id=str(batch.pk))
    assert event.data["imported"] == 4 and event.actor == cast.coordinator
    assert "A-1" not in str(event.data)


def test_windows_1252_comma_and_school_names(cast, schools, tmp_path):
    lines = [
        "Schüler-ID,Schule,Abgangsjahr,Abschluss,Geschlecht,geplanter Anschluss,geplant am,Verbleib",
        "7,Realschule Musterstadt,2024,Mittlerer Schulabschluss,männlich,Ausbildung,01.03.2024,dual",
        '8,"Gymnasium am Park",2024,Abi,weiblich,Studium,1.3.2024,unbekannt',
    ]
    path = csv_file(tmp_path, lines, encoding="cp1252", newline="\r\n")

    batch = run(cast, path)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    gym = Leaver.objects.get(school=schools["gym"])
    assert gym.planned_on == date(2024, 3, 1) and gym.planned_destination.code == "higher_ed"
    assert gym.actual_destination.code == "unknown" and gym.gender == "f"


def test_a_good_xlsx_with_real_dates(cast, schools, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Verbleibsstatistik Schulamt"])
    sheet.append(
        ["Schüler-ID", "Schulnummer", "Abgangsjahr", "Abschluss", "Anschluss", "Stand", "Staatsangehörigkeit"]
    )
    sheet.append([1001, 4124, 2023, "Abitur", "Studium", datetime(2023, 10, 1), "deutsch"])
    sheet.append(["1002", "04123", 2023.0, "HSA", "FSJ", None, "türkisch"])
    path = tmp_path / "abgaenge.xlsx"
    workbook.save(path)
    schools["gym"].identifier = "4124"
    schools["gym"].save()

    batch = run(cast, path)

    assert batch.status == ImportBatch.Status.DONE, batch.report
    gym = Leaver.objects.get(school=schools["gym"])
    assert gym.actual_as_of == date(2023, 10, 1) and gym.non_german is False
    real = Leaver.objects.get(school=schools["real"])
    assert real.actual_destination.code == "service" and real.non_german is True and real.leaving_year == 2023
    assert not list(tmp_path.glob("*.spool.csv")), "the spooled copy of the spreadsheet is gone"


# Broken files: nothing is written, the report names row, column and reason -----------------------------

BROKEN = [
    ("unknown school", "A-9;99999;2025;MSA;w;16;;dual;", "Schulnummer", "Keine Schule"),
    ("bad year", "A-9;04123;25;MSA;w;16;;dual;", "Abgangsjahr", "Abgangsjahr"),
    ("unknown qualification", "A-9;04123;2025;Sonderabschluss;w;16;;dual;", "Abschluss", "zugeordnet"),
    ("unknown destination", "A-9;04123;2025;MSA;w;16;;Weltreise;", "Anschluss", "zugeordnet"),
    ("bad date", "A-9;04123;2025;MSA;w;16;;dual;31.02.2025", "Stand", "Datum"),
    ("duplicate id", "A-1;04124;2025;MSA;w;16;;dual;", "Schüler-ID", "mehrfach"),
    ("missing id", ";04123;2025;MSA;w;16;;dual;", "Schüler-ID", "fehlt"),
    ("unknown region", "A-9;04123;2025;MSA;w;16;Atlantis;dual;", "Wohnort", "zugeordnet"),
]


@pytest.mark.parametrize("label, bad_row, column, reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_row_refuses_the_whole_file(cast, schools, tmp_path, label, bad_row, column, reason):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS[:2], bad_row, *GOOD_ROWS[2:]])

    batch = run(cast, path)

    assert batch.status == ImportBatch.Status.FAILED
    assert_nothing_written(cast)
    report = Report.of(batch)
    assert report.invalid_rows == 1 and report.total_rows == 5
    problem = report.problems[0]
    assert problem["row"] == 4 and problem["column"] == column and reason in problem["reason"], problem


@pytest.mark.parametrize(
    "label, content, message",
    [
        ("missing column", "Schüler-ID;Schulnummer;Abschluss\nA-1;04123;MSA\n", None),
        (
            "name column",
            "Schüler-ID;Vorname;Schulnummer;Abgangsjahr;Abschluss\nA-1;Lena;04123;2025;MSA\n",
            "Vorname",
        ),
        (
            "birth date",
            "ID;Schule;Abgangsjahr;Abschluss;Geburtsdatum\n1;X;2025;MSA;01.01.2009\n",
            "Geburtsdatum",
        ),
        ("not a table", "%PDF-1.7\x00\x00binary", "weder eine CSV"),
        ("empty", "", "leer"),
        ("no header", "foo;bar\n1;2\n", "Kopfzeile"),
        ("header only", HEADER + "\n", "keine Datenzeilen"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(cast, schools, tmp_path, label, content, message):
    path = tmp_path / "datei.csv"
    path.write_bytes(content.encode())

    batch = run(cast, path)

    assert batch.status == ImportBatch.Status.FAILED
    assert_nothing_written(cast)
    report = Report.of(batch)
    if message is None:
        assert report.missing == ["leaving_year", "actual"]
    else:
        assert message in report.file_problem
    if label == "name column":
        assert "Die Spalte „Vorname“ sieht nach personenbezogenen Daten aus" in report.file_problem


def test_a_broken_xlsx_is_refused(cast, schools, tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    batch = run(cast, path)
    assert batch.status == ImportBatch.Status.FAILED
    assert "Excel" in Report.of(batch).file_problem


def test_only_valid_rows(cast, schools, tmp_path):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS, "A-9;99999;2025;MSA;w;16;;dual;"])

    batch = run(cast, path, only_valid=True)

    assert batch.status == ImportBatch.Status.DONE
    assert batch.imported_rows == 4 and Report.of(batch).invalid_rows == 1
    assert Leaver.objects.for_tenant(cast.tenant_a).count() == 4


def test_reimporting_a_cohort_replaces_it(cast, schools, tmp_path):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS])
    run(cast, path)
    changed = [row.replace("dual", "work") for row in GOOD_ROWS]

    batch = run(cast, csv_file(tmp_path, [HEADER, *changed], name="neu.csv"))

    assert batch.status == ImportBatch.Status.DONE
    assert batch.replaced_rows == 4
    assert Leaver.objects.for_tenant(cast.tenant_a).count() == 4
    assert Leaver.objects.filter(actual_destination__code="work").count() == 1
    counts = CohortCount.objects.for_tenant(cast.tenant_a)
    assert sum(c.count for c in counts) == 4 and not counts.filter(destination="dual").exists()


def test_a_cohort_of_another_school_stays(cast, schools, tmp_path):
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS]))
    batch = run(cast, csv_file(tmp_path, [HEADER, GOOD_ROWS[0]], name="nur-real.csv"))
    assert batch.replaced_rows == 2
    assert Leaver.objects.for_tenant(cast.tenant_a).count() == 3


MOVED = "A-3;04123;2025;MSA;w;16;West;dual;31.07.2025"  # A-3 of the Gymnasium, now in the Realschule's file


@pytest.mark.parametrize("checked", [False, True], ids=["one-shot", "checked-batch"])
def test_an_id_stored_at_another_school_for_the_year_is_refused_row_by_row(cast, schools, tmp_path, checked):
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS[2:]]))  # the Gymnasium's 2025
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS[:2], MOVED], name="real.csv")

    check = run(cast, path, dry_run=True)
    batch = run(cast, path, batch=check if checked else None)

    for report in (Report.of(check), Report.of(batch)):
        assert (report.total_rows, report.invalid_rows) == (3, 1)
        (problem,) = report.problems
        assert (problem["row"], problem["column"]) == (4, "Schüler-ID")
        assert problem["value"] == "(Schüler-ID nicht gespeichert)"
        assert "A-3" not in str(report.as_json()), "a report never keeps a pupil id"
        assert problem["reason"] == (
            "Diese Schüler-ID ist im Abgangsjahr 2025 schon bei einer anderen Schule gespeichert "
            "(Gymnasium am Park)."
        )
    assert batch.status == ImportBatch.Status.FAILED
    gymnasium = Leaver.objects.for_tenant(cast.tenant_a)
    assert gymnasium.count() == 2 and {leaver.school for leaver in gymnasium} == {schools["gym"]}

    valid_only = run(cast, path, only_valid=True)

    assert valid_only.status == ImportBatch.Status.DONE
    assert valid_only.imported_rows == 2 and Report.of(valid_only).invalid_rows == 1
    stored = Leaver.objects.for_tenant(cast.tenant_a)
    assert stored.filter(school=schools["real"]).count() == 2 and stored.count() == 4
    assert sum(c.count for c in CohortCount.objects.for_tenant(cast.tenant_a)) == 4


def test_the_same_id_at_another_school_is_fine_in_another_year_or_when_both_come_together(
    cast, schools, tmp_path
):
    run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS[2:]]))
    next_year = MOVED.replace(";2025;", ";2026;")
    batch = run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS[:2], next_year], name="2026.csv"))
    assert batch.status == ImportBatch.Status.DONE, batch.report
    # The Gymnasium's cohort comes again without A-3, so A-3 may move to the Realschule in 2025.
    both = csv_file(tmp_path, [HEADER, *GOOD_ROWS[:2], MOVED, GOOD_ROWS[3]], name="beide.csv")
    batch = run(cast, both)
    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert Leaver.objects.for_tenant(cast.tenant_a).filter(leaving_year=2025).count() == 4
    # The same pupil id in another municipality is another young person.
    in_b = csv_file(tmp_path, [HEADER, MOVED.replace("West", "")], name="b.csv")
    other = import_file(tenant=cast.tenant_b, path=in_b, source="Schulamt B")
    assert other.status == ImportBatch.Status.DONE, other.report


COUNT_LINES = ["Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss;Anzahl", "04123;2025;MSA;w;dual;12"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind, lines", [("leavers", [HEADER, GOOD_ROWS[0]]), ("counts", COUNT_LINES)])
def test_two_imports_of_one_municipality_take_turns(tmp_path, kind, lines):
    """The second import waits for the first one's lock on the municipality's monitoring settings: the
    check against other schools' pupil ids must see what a concurrent leaver import wrote, and two
    count imports replacing the same cohort must not add up."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time by itself; the row lock is PostgreSQL's")
    cast = build_cast()
    create_organisation(
        cast.tenant_a, "Realschule Musterstadt", kind=Organisation.Kind.SCHOOL, identifier="04123"
    )
    MonitoringSettings.objects.create(tenant=cast.tenant_a)  # the row the imports lock
    locked, release = threading.Event(), threading.Event()

    def first_import_holding_the_lock():
        with transaction.atomic():
            MonitoringSettings.objects.select_for_update().get(tenant=cast.tenant_a)
            locked.set()
            release.wait(10)
        connection.close()

    outcome = {}

    def second_import():
        outcome["batch"] = run(cast, csv_file(tmp_path, lines), kind=kind)
        connection.close()

    holder = threading.Thread(target=first_import_holding_the_lock)
    holder.start()
    assert locked.wait(10)
    importer = threading.Thread(target=second_import)
    importer.start()
    importer.join(1.5)
    waited = importer.is_alive()
    release.set()
    holder.join(10)
    importer.join(10)
    assert waited, "the second import did not wait for the first one's lock"
    assert outcome["batch"].status == ImportBatch.Status.DONE, outcome["batch"].report


# Mapping -------------------------------------------------------------------------------------------


def test_a_saved_mapping_is_used_for_the_next_file_of_the_source(cast, schools, tmp_path):
    lines = ["Kennnummer;Schulnummer;Jahr;Abschlussart;Verbleib", "X1;04123;2025;RS-Abschl.;Lehre"]
    path = csv_file(tmp_path, lines)

    first = run(cast, path, source="Landesamt", dry_run=True)

    report = Report.of(first)
    assert first.status == ImportBatch.Status.MAPPING
    assert report.missing == ["source_id", "qualification"]
    ImportMapping.objects.create(
        tenant=cast.tenant_a,
        source="Landesamt",
        columns={"Kennnummer": "source_id", "Abschlussart": "qualification"},
        values={"qualification": {"RS-Abschl.": "intermediate"}, "destination": {"Lehre": "dual"}},
    )

    second = run(
        cast, csv_file(tmp_path, [*lines, "X2;04123;2025;rs-abschl.;lehre"], name="2.csv"), source="Landesamt"
    )

    assert second.status == ImportBatch.Status.DONE, second.report
    assert set(Leaver.objects.values_list("qualification", "actual_destination__code")) == {
        ("intermediate", "dual")
    }


def test_a_dry_run_lists_the_unmapped_values(cast, schools, tmp_path):
    lines = [HEADER, "A-1;04123;2025;Realschulabschl.;w;16;;Lehre;", "A-2;04123;2025;MSA;w;16;;Lehre;"]
    batch = run(cast, csv_file(tmp_path, lines), dry_run=True)
    report = Report.of(batch)
    assert batch.status == ImportBatch.Status.MAPPING
    assert report.unmapped == {"qualification": ["Realschulabschl."], "destination": ["Lehre"]}
    assert_nothing_written(cast)


# Pseudonyms ------------------------------------------------------------------------------------------


def test_the_pseudonym_is_never_the_source_id_and_is_stable(cast, schools, tmp_path):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS])
    run(cast, path)
    stored = set(Leaver.objects.values_list("pseudonym", flat=True))
    assert stored.isdisjoint({"A-1", "A-2", "A-3", "A-4", "a-1"})
    key = tenant_key(cast.tenant_a)
    assert pseudonym(key, "A-1") in stored and pseudonym(key, " a-1 ") == pseudonym(key, "A-1")
    run(cast, path)
    assert set(Leaver.objects.values_list("pseudonym", flat=True)) == stored
    # The same id in another tenant gives another pseudonym.
    run_b = import_file(
        tenant=cast.tenant_b, path=csv_file(tmp_path, [HEADER, GOOD_ROWS[1]], name="b.csv"), source="Schulamt"
    )
    assert run_b.status == ImportBatch.Status.DONE, run_b.report
    in_b = Leaver.objects.for_tenant(cast.tenant_b).get().pseudonym
    assert in_b not in stored and in_b == pseudonym(tenant_key(cast.tenant_b), "A-2")


# Counts ----------------------------------------------------------------------------------------------


def test_counts_are_imported_as_table_counts_and_replace_their_cohort(cast, schools, tmp_path):
    lines = [
        "Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss;Anzahl",
        "04123;2025;MSA;w;dual;12",
        "04123;2025;MSA;m;BvB;3",
        "04124;2025;Abitur;;Studium;40",
    ]
    batch = run(cast, csv_file(tmp_path, lines), kind="counts")

    assert batch.status == ImportBatch.Status.DONE, batch.report
    table = CohortCount.objects.for_tenant(cast.tenant_a).filter(origin=CohortCount.Origin.TABLE)
    assert {(c.school_id, c.gender, c.destination, c.count) for c in table} == {
        (schools["real"].pk, "f", "dual", 12),
        (schools["real"].pk, "m", "transition", 3),
        (schools["gym"].pk, "x", "higher_ed", 40),
    }
    again = run(cast, csv_file(tmp_path, [lines[0], "04123;2025;MSA;w;dual;10"], name="2.csv"), kind="counts")
    assert again.replaced_rows == 2
    assert sorted(table.values_list("count", flat=True)) == [10, 40]


def test_broken_counts_write_nothing(cast, schools, tmp_path):
    lines = ["Schulnummer;Abgangsjahr;Anschluss;Anzahl", "04123;2025;dual;12", "04123;2025;dual;viele"]
    batch = run(cast, csv_file(tmp_path, lines), kind="counts")
    assert batch.status == ImportBatch.Status.FAILED
    assert Report.of(batch).problems[0]["row"] == 3
    assert_nothing_written(cast)


# Command and database path ---------------------------------------------------------------------------


def test_the_command_imports_and_reports(cast, schools, tmp_path, capsys):
    path = csv_file(tmp_path, [HEADER, *GOOD_ROWS])
    call_command("import_leavers", "--tenant", "kreis-a", "--source", "Schulamt", str(path))
    assert "Fertig: 4 importiert" in capsys.readouterr().out
    assert Leaver.objects.for_tenant(cast.tenant_a).count() == 4


def test_the_command_fails_with_the_report(cast, schools, tmp_path):
    path = csv_file(tmp_path, [HEADER, "A-9;99999;2025;MSA;w;16;;dual;"], name="kaputt.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_leavers", "--tenant", "kreis-a", str(path))
    assert error.value.returncode == 1
    assert "Spalte „Schulnummer“: 1 Zeile – Keine Schule der Kommune hat diese Schulnummer" in str(
        error.value
    )
    assert "Werte: „99999“ 1×. (z. B. Zeilen 2)" in str(error.value) and "--only-valid" in str(error.value)
    assert_nothing_written(cast)


def test_the_database_path(cast, schools, tmp_path, monkeypatch):
    """PostgreSQL writes through COPY; other databases through executemany."""
    statements = []
    if connection.vendor == "postgresql":
        from psycopg import Cursor

        original = Cursor.copy

        def spy(self, statement, *args, **kwargs):
            statements.append(str(statement))
            return original(self, statement, *args, **kwargs)

        monkeypatch.setattr(Cursor, "copy", spy)
    batch = run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS]))
    assert batch.status == ImportBatch.Status.DONE
    if connection.vendor == "postgresql":
        assert statements and statements[0].startswith("COPY ")
    assert Leaver.objects.count() == 4


@pytest.mark.parametrize("key_length", [16, 32, 64, 65, 100])
def test_the_prepared_hmac_states_give_the_reference_pseudonym(key_length):
    import hmac
    import os

    key = os.urandom(key_length)
    inner, outer = hmac_states(key)
    for source_id in ["a-1", "12 345", "ünal-7", "x" * 200]:  # as normalised by pseudonym()
        first = inner.copy()
        first.update(source_id.encode())
        second = outer.copy()
        second.update(first.digest())
        assert second.hexdigest() == hmac.new(key, source_id.encode(), "sha256").hexdigest()
        assert second.hexdigest() == pseudonym(key, source_id)


def test_personal_columns_are_recognised():
    assert imports.personal_column(["Schüler-ID", "Nachname"]) == "Nachname"
    assert imports.personal_column(["ID", "geb. am"]) == "geb. am"
    assert imports.personal_column(["Straße"]) == "Straße"
    assert imports.personal_column(["Schüler-ID", "Schule", "Abschluss", "Stand"]) is None


def test_company_based_external_and_general_school_destinations_of_2027(cast, schools, tmp_path):
    from uebergang.monitoring.models import CohortCodeList

    path = csv_file(
        tmp_path,
        [
            HEADER,
            "A-1;04123;2025;MSA;w;16;West;betriebliche Ausbildung;31.07.2025",
            "A-2;04123;2025;MSA;m;16;West;BaE;31.07.2025",
            "A-3;04123;2025;Hauptschulabschluss;m;15;;Klasse 10;31.07.2025",
            "A-4;04123;2025;ohne;m;16;;Fachpraktiker;31.07.2025",
        ],
    )
    run(cast, path)
    codes = sorted(
        Leaver.objects.for_tenant(cast.tenant_a).values_list("actual_destination__code", flat=True)
    )
    assert codes == ["dual_company", "dual_external", "general_school", "rehab_training"]
    counts = dict(
        CohortCount.objects.for_tenant(cast.tenant_a).values_list("destination").annotate(n=Sum("count"))
    )
    assert counts == {"dual": 2, "general_school": 1, "rehab": 1}
    # The cohort is recorded as one of the current code list.
    assert list(
        CohortCodeList.objects.for_tenant(cast.tenant_a).values_list("leaving_year", "version__version")
    ) == [(2025, "2027.1")]


def test_school_alone_is_no_destination_any_more(cast, schools, tmp_path):
    """Since 2027.1 "Schule" may mean the upper secondary or staying in general school: it is asked."""
    path = csv_file(tmp_path, [HEADER, "A-1;04123;2025;MSA;w;16;West;Schule;31.07.2025"])
    batch = run(cast, path, dry_run=True)
    assert batch.status == ImportBatch.Status.MAPPING
    assert Report.of(batch).unmapped == {"destination": ["Schule"]}
    assert_nothing_written(cast)
