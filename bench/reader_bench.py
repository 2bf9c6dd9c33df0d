#!/usr/bin/env python
"""Reading speed and memory of the one table reader (`uebergang.lib.tablereader`), beside baselines.

    .venv/bin/python bench/reader_bench.py                      # 100,000 and 750,000 rows (~10 min)
    .venv/bin/python bench/reader_bench.py --rows 100000        # one size
    .venv/bin/python bench/reader_bench.py --no-openpyxl        # without the slow baseline

For each size, the generated leaver files (bench/generate.py: CSV with BOM and ";"; XLSX written by
openpyxl with inline strings and a title row) are read to the last row, each run in its own process so
that its peak memory (VmHWM) is its own:

  - CSV: `open_table` + `rows()` (header detection, encoding, delimiter, row limit) beside a bare
    `csv.reader` loop over the same file;
  - XLSX: `filesafety.check_archive` alone (the hostile-file check: every part inflated once, sheet
    extents measured), python-calamine alone (loading the sheet, iterating its rows), `open_table` +
    `rows()` (the check, calamine, cells to text), beside openpyxl's read-only mode (`values_only`) as
    the baseline.

No database. Not a test: figures, not a target (issue 11, section 2).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import HEADER, ensure  # noqa: E402
from bench.pg import machine, table  # noqa: E402

RUNS = ("csv-reader", "csv-baseline", "xlsx-check", "xlsx-calamine", "xlsx-reader", "xlsx-openpyxl")


def peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(run: str, path: str) -> dict:
    """One reading, in this (child) process: rows read, seconds, peak memory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uebergang.settings")
    import django

    django.setup()
    from uebergang.lib import filesafety, tablereader

    known = {tablereader.normalise(title) for title in HEADER}
    before = peak_mib()
    start = time.perf_counter()
    rows = 0
    if run in ("csv-reader", "xlsx-reader"):
        opened = tablereader.open_table(path, known_titles=known, minimum=2, cell_text=tablereader.iso_text)
        for _row in opened.rows():
            rows += 1
    elif run == "csv-baseline":
        import csv

        with open(path, encoding="utf-8-sig", newline="") as file:
            for _row in csv.reader(file, delimiter=";"):
                rows += 1
        rows -= 1  # the header
    elif run == "xlsx-check":
        filesafety.check_archive(path)
    elif run == "xlsx-calamine":
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(path)
        for values in workbook.get_sheet_by_name(workbook.sheet_names[0]).iter_rows():
            rows += any(value != "" for value in values)
        rows -= 2  # the title row and the header
    elif run == "xlsx-openpyxl":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows += any(value is not None for value in values)
        workbook.close()
        rows -= 2  # the title row and the header
    return {"rows": rows, "seconds": time.perf_counter() - start, "peak": peak_mib(), "before": before}


def child(run: str, path: Path) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", run, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


LABELS = {
    "csv-reader": "CSV: open_table + rows()",
    "csv-baseline": "CSV: csv.reader loop (baseline)",
    "xlsx-check": "XLSX: filesafety.check_archive alone",
    "xlsx-calamine": "XLSX: python-calamine alone (load + iter_rows)",
    "xlsx-reader": "XLSX: open_table + rows() (check + calamine)",
    "xlsx-openpyxl": "XLSX: openpyxl read-only (baseline)",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="sizes (default 100000 and 750000)")
    parser.add_argument("--no-openpyxl", action="store_true", help="leave out the openpyxl baseline")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(*arguments.child)))
        return
    print(machine(), flush=True)
    lines = []
    for count in arguments.rows or [100_000, 750_000]:
        files = {"csv": ensure(count, "csv"), "xlsx": ensure(count, "xlsx")}
        for run in RUNS:
            if run == "xlsx-openpyxl" and arguments.no_openpyxl:
                continue
            path = files[run.split("-")[0]]
            result = child(run, path)
            rows = result["rows"] or count
            lines.append(
                [
                    LABELS[run],
                    f"{count:,}",
                    f"{path.stat().st_size / 1024 / 1024:.0f}",
                    f"{result['seconds']:.1f}",
                    f"{rows / result['seconds']:,.0f}",
                    f"{result['peak']:.0f}",
                    f"{result['before']:.0f}",
                ]
            )
            print(
                table(["run", "rows", "file MB", "seconds", "rows/s", "peak MB", "before MB"], lines[-1:]),
                flush=True,
            )
    print()
    print(table(["run", "rows", "file MB", "seconds", "rows/s", "peak MB", "before MB"], lines))


if __name__ == "__main__":
    main()
