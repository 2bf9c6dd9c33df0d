#!/usr/bin/env python
"""Import speed: the project's `import_file` beside a raw COPY of the same CSV, on a throwaway PostgreSQL.

    .venv/bin/python bench/import_bench.py                                  # 1M CSV, 750k XLSX, SQLite 1M
    .venv/bin/python bench/import_bench.py --rows 100000 --xlsx-rows 75000  # a quick run

Figures, in one run:
  1. raw `COPY … FROM STDIN (FORMAT csv)` of the CSV into a bare table with the same 16 columns (text);
  2. `uebergang.monitoring.imports.import_file` of the same CSV: every cell validated and mapped through
     the source's saved mapping, pupil ids pseudonymised, cohorts replaced, written with COPY into
     monitoring_leaver (with its two indexes), counts refreshed — goal ≤ 1.5× the raw COPY, peak memory
     ≤ 300 MB; once as a one-shot call and once as the upload flow runs it, for a batch checked before
     (the check's time is printed too);
  3. the same for an XLSX file — goal ≤ 15 s for 750,000 rows;
  4. the CSV into SQLite — goal ≥ 100,000 rows/s.
Every import runs in its own process (`--child`), so its peak memory (VmHWM) is its own. Generated files
are kept in bench/out/ and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import HEADER, VALUE_MAPPING, ensure
from bench.pg import OUT, ROOT, Timer, machine, postgres, setup_django, table

SOURCE = "Schulamt Benchkreis, Abgangsstatistik"
CSV_TENANT, CHECKED_TENANT, XLSX_TENANT = "import-000", "import-001", "import-002"


def peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# The child processes ------------------------------------------------------------------------------


def prepare(database_url: str) -> None:
    """Schema, three benchmark tenants with their schools and regions, and the source's saved mapping."""
    setup_django(database_url)
    from bench.data import create_tenants
    from uebergang.monitoring.models import ImportBatch, ImportMapping

    for bench in create_tenants(3, prefix="import"):
        ImportMapping.objects.create(
            tenant=bench.tenant,
            source=SOURCE,
            kind=ImportBatch.Kind.LEAVERS,
            columns={},
            values=VALUE_MAPPING,
        )


def run_import(database_url: str, slug: str, path: str, mode: str = "import") -> dict:
    setup_django(database_url, migrate=False)
    from uebergang.monitoring import imports, summaries
    from uebergang.monitoring.models import ImportBatch
    from uebergang.tenants.models import Tenant

    tenant = Tenant.objects.get(slug=slug)
    refresh_seconds = []

    def timed(function):
        def timed_refresh(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                refresh_seconds.append(time.perf_counter() - start)

        return timed_refresh

    # Only to report how much of the time writing the counts (and the per-year summary) takes.
    summaries.refresh_cohort_counts = timed(summaries.refresh_cohort_counts)
    summaries.replace_cohort_counts = timed(summaries.replace_cohort_counts)
    before = peak_kib()
    check_seconds = None
    if mode == "checked":
        # The upload flow: the check (in the background) first, then the import of the checked batch.
        with Timer() as check_timer:
            checked = imports.import_file(tenant=tenant, path=path, source=SOURCE, dry_run=True)
        check_seconds = check_timer.seconds
        refresh_seconds.clear()
        mode = "import"
    else:
        checked = None
    with Timer() as timer:
        batch = imports.import_file(
            tenant=tenant, path=path, source=SOURCE, batch=checked, dry_run=mode == "check"
        )
    expected = ImportBatch.Status.PENDING if mode == "check" else ImportBatch.Status.DONE
    return {
        "seconds": timer.seconds,
        "check_seconds": check_seconds,
        "refresh_seconds": sum(refresh_seconds),
        "status": "done" if batch.status == expected else batch.status,
        "rows": batch.total_rows or 0,
        "imported": batch.imported_rows if mode == "import" else batch.total_rows,
        "report": str(batch.report)[:600] if batch.status != expected else "",
        "peak_kib": peak_kib(),
        "peak_before_kib": before,
    }


def child(*args: str) -> dict:
    """Run this script as a child process; returns the JSON it prints last."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        sys.exit(f"child {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(lines[-1].removeprefix("RESULT ")) if lines else {}


# The baseline -------------------------------------------------------------------------------------


def raw_copy(server, path: Path) -> float:
    import psycopg

    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    with psycopg.connect(host=str(server.dir), user="postgres", dbname="uebergang", autocommit=True) as conn:
        conn.execute(f"CREATE TABLE raw_leavers ({columns})")
        statement = "COPY raw_leavers FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
        with (
            Timer() as timer,
            conn.cursor() as cursor,
            open(path, "rb") as file,
            cursor.copy(statement) as copy,
        ):
            while block := file.read(1 << 20):
                copy.write(block)
        rows = conn.execute("SELECT count(*) FROM raw_leavers").fetchone()[0]
        conn.execute("DROP TABLE raw_leavers")
    return timer.seconds, rows


def copy_into_leavers(server, slug: str) -> tuple[float, int]:
    """The write floor: the rows just imported, already converted, copied back into monitoring_leaver.

    Exported with COPY TO, the table emptied, then timed: a text COPY FROM into the real table with its
    two indexes — what any import has to pay for writing.
    """
    import psycopg

    dump = OUT / "leavers-converted.copy"
    select = (
        "SELECT * FROM monitoring_leaver WHERE tenant_id = (SELECT id FROM tenants_tenant WHERE slug = %s)"
    )
    with psycopg.connect(host=str(server.dir), user="postgres", dbname="uebergang", autocommit=True) as conn:
        with (
            conn.cursor() as cursor,
            open(dump, "wb") as file,
            cursor.copy(f"COPY ({select}) TO STDOUT", (slug,)) as copy,
        ):
            for block in copy:
                file.write(block)
        conn.execute("TRUNCATE monitoring_leaver")
        with (
            Timer() as timer,
            conn.cursor() as cursor,
            open(dump, "rb") as file,
            cursor.copy("COPY monitoring_leaver FROM STDIN") as copy,
        ):
            while block := file.read(1 << 20):
                copy.write(block)
        rows = conn.execute("SELECT count(*) FROM monitoring_leaver").fetchone()[0]
    dump.unlink()
    return timer.seconds, rows


# The run ------------------------------------------------------------------------------------------


def row(label: str, rows: int, seconds: float, baseline: float | None, peak_kib: int | None, goal: str, met):
    return [
        label,
        f"{rows:,}",
        f"{seconds:.1f}",
        f"{rows / seconds:,.0f}",
        "1.00×" if baseline == 0 else (f"{seconds / baseline:.2f}×" if baseline else "—"),
        f"{peak_kib / 1024:.0f}" if peak_kib else "—",
        goal,
        "" if met is None else ("yes" if met else "NO"),
    ]


def imported(label: str, result: dict, expected: int) -> None:
    if result.get("status") != "done" or result.get("imported") != expected:
        sys.exit(f"{label}: import did not succeed: {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the CSV (PostgreSQL and SQLite)")
    parser.add_argument("--xlsx-rows", type=int, default=750_000, help="rows of the XLSX (0: skip)")
    parser.add_argument(
        "--sqlite-rows", type=int, help="rows of the CSV imported into SQLite (default: --rows; 0: skip)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        command, *rest = args.child
        if command == "prepare":
            prepare(*rest)
            print("RESULT {}")
        else:
            print("RESULT " + json.dumps(run_import(*rest)))
        return

    sqlite_rows = args.rows if args.sqlite_rows is None else args.sqlite_rows
    print(f"Machine: {machine()}", flush=True)
    csv_path = ensure(args.rows, "csv")
    xlsx_path = ensure(args.xlsx_rows, "xlsx") if args.xlsx_rows else None
    sqlite_path = ensure(sqlite_rows, "csv") if sqlite_rows else None
    print(f"CSV: {csv_path} ({csv_path.stat().st_size / 1024 / 1024:.0f} MB)", flush=True)

    results = []
    with postgres() as server:
        child("prepare", server.url)
        copy_seconds, copied = raw_copy(server, csv_path)
        results.append(
            row("PostgreSQL: raw COPY into a bare table", copied, copy_seconds, 0, None, "baseline", None)
        )
        check = child("import", server.url, CSV_TENANT, str(csv_path), "check")
        imported("CSV check", check, args.rows)
        results.append(
            row(
                "PostgreSQL: import_file(dry_run=True), CSV: read+validate+map only",
                args.rows,
                check["seconds"],
                copy_seconds,
                check["peak_kib"],
                "",
                None,
            )
        )
        csv_result = child("import", server.url, CSV_TENANT, str(csv_path))
        imported("CSV", csv_result, args.rows)
        ratio = csv_result["seconds"] / copy_seconds
        results.append(
            row(
                "PostgreSQL: import_file, CSV",
                args.rows,
                csv_result["seconds"],
                copy_seconds,
                csv_result["peak_kib"],
                "≤ 1.5× COPY, ≤ 300 MB",
                ratio <= 1.5 and csv_result["peak_kib"] <= 300 * 1024,
            )
        )
        floor_seconds, floor_rows = copy_into_leavers(server, CSV_TENANT)
        results.append(
            row(
                "PostgreSQL: COPY of the converted rows into monitoring_leaver",
                floor_rows,
                floor_seconds,
                copy_seconds,
                None,
                "write floor",
                None,
            )
        )
        checked = child("import", server.url, CHECKED_TENANT, str(csv_path), "checked")
        imported("CSV checked", checked, args.rows)
        results.append(
            row(
                "PostgreSQL: import_file of a checked batch (upload flow), CSV",
                args.rows,
                checked["seconds"],
                copy_seconds,
                checked["peak_kib"],
                "",
                None,
            )
        )
        if xlsx_path:
            xlsx_result = child("import", server.url, XLSX_TENANT, str(xlsx_path))
            imported("XLSX", xlsx_result, args.xlsx_rows)
            results.append(
                row(
                    "PostgreSQL: import_file, XLSX",
                    args.xlsx_rows,
                    xlsx_result["seconds"],
                    copy_seconds * args.xlsx_rows / args.rows,
                    xlsx_result["peak_kib"],
                    f"≤ {15 * args.xlsx_rows / 750_000:.1f} s",
                    xlsx_result["seconds"] <= 15 * args.xlsx_rows / 750_000,
                )
            )
    if sqlite_path:
        database = OUT / "import-bench.sqlite3"
        for stale in OUT.glob("import-bench.sqlite3*"):
            stale.unlink()
        url = f"sqlite:///{database}"
        child("prepare", url)
        sqlite_result = child("import", url, CSV_TENANT, str(sqlite_path))
        imported("SQLite", sqlite_result, sqlite_rows)
        results.append(
            row(
                "SQLite: import_file, CSV",
                sqlite_rows,
                sqlite_result["seconds"],
                None,
                sqlite_result["peak_kib"],
                "≥ 100,000 rows/s",
                sqlite_rows / sqlite_result["seconds"] >= 100_000,
            )
        )
        for stale in OUT.glob("import-bench.sqlite3*"):
            stale.unlink()
    print()
    print(
        table(
            ["run", "rows", "seconds", "rows/s", "× raw COPY", "peak MB", "goal", "met"],
            results,
        )
    )
    print()
    refresh_rows = [["CSV, PostgreSQL", csv_result]]
    if xlsx_path:
        refresh_rows.append(["XLSX, PostgreSQL", xlsx_result])
    if sqlite_path:
        refresh_rows.append(["CSV, SQLite", sqlite_result])
    print(
        table(
            ["import_file", "of which count refresh s", "peak MB before import (Django loaded)"],
            [
                [label, f"{r['refresh_seconds']:.1f}", f"{r['peak_before_kib'] / 1024:.0f}"]
                for label, r in refresh_rows
            ],
        )
    )
    print(
        "\nRaw COPY ratio is import_file seconds / raw COPY seconds (XLSX: against the COPY time scaled to its rows)."
        "\nThe checked batch: its check (the dry run before it) took "
        f"{checked['check_seconds']:.1f} s; its cohorts are deleted before the import's COPY instead of after it."
    )
    if os.environ.get("DATABASE_URL"):
        print("(DATABASE_URL of the environment was ignored: the benchmark uses its own databases.)")


if __name__ == "__main__":
    main()
