"""CSV and XLSX of a protected table: exactly the figures a page shows, "." for every hidden cell.

Written by the one spreadsheet writer (uebergang.lib.spreadsheets): German CSV, XLSX, formulas
neutralised (a school a partner renamed to `=HYPERLINK(…)` stays text), and a note row with the legend
of the hidden mark and, where it applies, that a cohort is incomplete.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from uebergang.lib.spreadsheets import Sheet

from .queries import Figure, SuppressedTable


def dimension_titles() -> dict[str, str]:
    return {
        "year": _("Abgangsjahr"),
        "school": _("Schule"),
        "school_type": _("Schulart"),
        "qualification": _("Abschluss"),
        "gender": _("Geschlecht"),
        "region": _("Wohnregion"),
        "destination": _("Anschluss"),
        "planned": _("geplanter Anschluss"),
        "followup": _("Verbleib nach einem Jahr"),
        "status": _("nach einem Jahr"),
    }


def legend(threshold: int) -> str:
    """The legend of the hidden mark, as on every page, export and in the API documentation."""
    return _(
        "„.“ = Zahlenwert geheim zu halten: Anzahlen unter %(n)s und, wo nötig, weitere Felder, damit "
        "sich keine verdeckte Zahl aus anderen Zahlen errechnen lässt (auch nicht aus anderen Tabellen, "
        "Filtern oder Downloads). Verdeckte Felder können auch größere Zahlen verbergen."
    ) % {"n": threshold}


def incomplete_note(years: list[int]) -> str:
    return _("Unvollständig: Für %(years)s haben noch nicht alle erwarteten Schulen gemeldet.") % {
        "years": ", ".join(str(y) for y in years)
    }


def _title(dimension: str) -> str:
    return dimension_titles().get(dimension, dimension)


def _cell(figure: Figure | None):
    """A shown count stays a number; a hidden one is the mark."""
    if figure is None:
        return ""
    return figure.count if figure.count is not None else figure.display


def table_rows(table: SuppressedTable) -> list[list]:
    """The table as rows of cells, header first, as on the page (2-D: wide, with totals where they
    do not add different leaving years)."""
    with_total = table.total is not None
    if len(table.dimensions) == 1:
        (dimension,) = table.dimensions
        rows = [[_title(dimension), _("Anzahl"), _("Anteil in %")]]
        for row in table.rows:
            figure = row["figure"]
            rows.append(
                [
                    str(row[f"label:{dimension}"]),
                    _cell(figure),
                    figure.share if figure.share is not None else "",
                ]
            )
        if with_total:
            rows.append([_("Insgesamt"), _cell(table.total), ""])
        return rows
    first, second = table.dimensions
    columns = table.values(second)
    row_totals = first in table.margins
    header = [f"{_title(first)} / {_title(second)}", *(str(label) for _value, label in columns)]
    total_title = _("Basis: in Ausbildung gegangen") if second == "status" else _("Insgesamt")
    rows = [header + ([total_title] if row_totals else [])]
    for line in table.grid():
        cells = [str(line["label"]), *(_cell(f) for f in line["cells"])]
        rows.append(cells + ([_cell(line["total"])] if row_totals else []))
    if with_total and table.margins.get(second):
        rows.append(
            [_("Insgesamt"), *(_cell(m["figure"]) for m in table.margins[second]), _cell(table.total)]
        )
    return rows


def sheet(table: SuppressedTable, *, title: str) -> Sheet:
    header, *rows = table_rows(table)
    note = legend(table.threshold)
    if table.incomplete_years:
        note = f"{incomplete_note(table.incomplete_years)} {note}"
    return Sheet(title=title, header=header, rows=rows, note=note)
