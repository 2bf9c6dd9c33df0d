#!/usr/bin/env python
"""Generates leaver files as a school authority would send them: CSV (semicolon, UTF-8 with BOM, German
column titles, German dates and values) and XLSX (a title row above the header).

    .venv/bin/python bench/generate.py --rows 1000000                 # bench/out/leavers-1000000.csv
    .venv/bin/python bench/generate.py --rows 750000 --format xlsx    # bench/out/leavers-750000.xlsx

Leavers are drawn like the Musterkreis demo (bench/data.py) for 20 schools (school numbers and names of
the benchmark tenants) over ten leaving years. Some values need the source's saved mapping
(`VALUE_MAPPING`: e.g. "Ausbildung (betrieblich)", "AV dual"); every row is valid with it.
No names, no birth dates: the files carry only a pupil id, which the import turns into a pseudonym.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import REGIONS, SCHOOL_MIX, school_name, school_number

OUT = Path(__file__).resolve().parent / "out"
FIRST_YEAR = 2016
YEARS = 10
SCHOOLS = 20
SCHOOL_WEIGHTS = {
    "werkrealschule": 45,
    "realschule": 90,
    "gemeinschaftsschule": 70,
    "gymnasium": 110,
    "sbbz": 20,
    "vocational": 110,
}

# Exactly the titles of uebergang.monitoring.imports.FIELD_LABELS (leavers).
HEADER = [
    "Schüler-ID",
    "Schulnummer",
    "Schule",
    "Abgangsjahr",
    "Abschluss",
    "Geschlecht",
    "Alter",
    "Wohnort/Region",
    "Förderbedarf",
    "Staatsangehörigkeit",
    "geplanter Anschluss",
    "geplant am",
    "Anschluss/Verbleib",
    "Stand",
    "Verbleib nach 1 Jahr",
    "Stand Folgejahr",
]
QUALIFICATION_TEXT = {
    "none": "ohne Abschluss",
    "first": "Hauptschulabschluss",
    "intermediate": "Mittlerer Schulabschluss",
    "advanced_technical": "Fachhochschulreife",
    "abitur": "Abitur",
}
GENDER_TEXT = {"f": "w", "m": "m", "d": "d", "x": "x"}
# How offices write each destination (first choice twice as often as the others).
DESTINATION_TEXT = {
    "dual": ["duale Ausbildung", "Ausbildung", "Ausbildung (betrieblich)"],
    "school_vet": ["schulische Ausbildung", "Berufsfachschule (vollqualifizierend)"],
    "transition": ["Übergangssystem", "BVJ", "VABO"],
    "av_dual": ["AV dual"],
    "bvb": ["BvB"],
    "eq": ["EQ"],
    "upper_secondary": ["gymnasiale Oberstufe", "Berufliches Gymnasium"],
    "higher_ed": ["Studium"],
    "service": ["Bundesfreiwilligendienst", "Wehrdienst"],
    "fsj": ["FSJ"],
    "work": ["Arbeit"],
    "neet": ["arbeitslos"],
    "other": ["sonstiges"],
    "unknown": ["unbekannt"],
}
# The source's saved value mapping (ImportMapping.values) for the values the import does not know itself.
VALUE_MAPPING = {
    "destination": {
        "Ausbildung (betrieblich)": "dual",
        "Berufsfachschule (vollqualifizierend)": "school_vet",
        "Berufliches Gymnasium": "upper_secondary",
        "AV dual": "av_dual",
        "BvB": "bvb",
        "EQ": "eq",
        "FSJ": "fsj",
    }
}
CITIZENSHIPS = ["türkisch", "syrisch", "ukrainisch", "italienisch", "polnisch", "rumänisch", "afghanisch"]


def _text(rng: random.Random, code: str | None) -> str:
    if code is None:
        return ""
    choices = DESTINATION_TEXT[code]
    return choices[0] if rng.random() < 0.6 else rng.choice(choices)


def rendered_pools(seed: str = "uebergang-bench-files") -> dict[str, list[tuple]]:
    """Per school type: pre-drawn leavers as the texts of a file (the dates and region are added per row)."""
    from bench.data import pools

    rng = random.Random(seed)
    result = {}
    for school_type, facts in pools(seed).items():
        result[school_type] = [
            (
                QUALIFICATION_TEXT[f.qualification],
                GENDER_TEXT[f.gender],
                str(f.age),
                "ja" if f.special_needs else "nein",
                "" if f.non_german is None else (rng.choice(CITIZENSHIPS) if f.non_german else "deutsch"),
                _text(rng, f.planned),
                _text(rng, f.actual),
                _text(rng, f.followup),
            )
            for f in facts
        ]
    return result


def rows(count: int, seed: str = "uebergang-bench-files"):
    """`count` leaver rows (lists of 16 texts), spread over ten years and 20 schools."""
    setup()
    rng = random.Random(seed)
    pools = rendered_pools(seed)
    schools = [(school_number(s), school_name(s), SCHOOL_MIX[s % len(SCHOOL_MIX)]) for s in range(SCHOOLS)]
    weights = [SCHOOL_WEIGHTS[school_type] for *_, school_type in schools]
    per_year = count // YEARS
    for y in range(YEARS):
        year = FIRST_YEAR + y
        in_year = per_year if y < YEARS - 1 else count - per_year * (YEARS - 1)
        as_of = f"01.10.{year}"
        followup_as_of = f"01.10.{year + 1}" if y < YEARS - 2 else ""
        year_text = str(year)
        picks = rng.choices(range(SCHOOLS), weights=weights, k=in_year)
        for n, s in enumerate(picks, start=1):
            number, name, school_type = schools[s]
            pool = pools[school_type]
            q, g, age, sn, cit, planned, actual, followup = pool[rng.randrange(len(pool))]
            region = REGIONS[s % len(REGIONS)] if rng.random() < 0.85 else rng.choice(REGIONS)
            yield [
                f"S{year}-{n:07d}",
                number,
                name,
                year_text,
                q,
                g,
                age,
                region,
                sn,
                cit,
                planned,
                f"{rng.randint(1, 28):02d}.{rng.choice((3, 4)):02d}.{year}" if planned else "",
                actual,
                as_of,
                followup if followup_as_of else "",
                followup_as_of,
            ]


def write_csv(path: Path, count: int) -> Path:
    """Semicolon-separated, UTF-8 with BOM (as Excel saves "CSV UTF-8"); no value contains ; or "."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        file.write(";".join(HEADER) + "\r\n")
        chunk = []
        for row in rows(count):
            chunk.append(";".join(row))
            if len(chunk) == 10_000:
                file.write("\r\n".join(chunk) + "\r\n")
                chunk = []
        if chunk:
            file.write("\r\n".join(chunk) + "\r\n")
    return path


def write_xlsx(path: Path, count: int) -> Path:
    """One sheet, a title row and an empty row above the header; years and ages as numbers."""
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Abgänger")
    sheet.append(["Staatliches Schulamt Benchkreis – Verbleib der Schulabgängerinnen und Schulabgänger"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows(count):
        row[3] = int(row[3])
        row[6] = int(row[6])
        sheet.append(row)
    workbook.save(path)
    return path


def default_path(count: int, file_format: str) -> Path:
    return OUT / f"leavers-{count}.{file_format}"


def ensure(count: int, file_format: str) -> Path:
    """The generated file of `count` rows (generated once, then reused: the output is deterministic)."""
    path = default_path(count, file_format)
    if not path.exists():
        partial = path.with_suffix(f".partial.{file_format}")
        start = time.perf_counter()
        (write_xlsx if file_format == "xlsx" else write_csv)(partial, count)
        partial.rename(path)
        print(f"generated {path} ({count:,} rows) in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def setup() -> None:
    """The demo's distributions live in a Django app module; settings are needed to import it."""
    import os

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uebergang.settings")
        django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--out", type=Path, help=f"file to write (default: {OUT}/leavers-<rows>.<format>)")
    args = parser.parse_args()
    path = args.out or default_path(args.rows, args.format)
    start = time.perf_counter()
    (write_xlsx if args.format == "xlsx" else write_csv)(path, args.rows)
    size = path.stat().st_size / 1024 / 1024
    print(f"{path}: {args.rows:,} rows, {size:.0f} MB, {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
