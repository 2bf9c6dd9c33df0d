"""CSV and XLSX of a suppressed table: exactly the figures a page shows, "<5" as text, never the hidden count."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .queries import SuppressedTable


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


def _title(dimension: str) -> str:
    return dimension_titles().get(dimension, dimension)


def _cell(figure):
    """A shown count stays a number; a suppressed one is the text the page shows."""
    return figure.count if figure.count is not None else figure.display


def table_rows(table: SuppressedTable) -> list[list]:
    """The table as rows of cells, header first, as on the page (2-D: wide, with totals)."""
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
        rows.append([_("Insgesamt"), _cell(table.total), ""])
        return rows
    first, second = table.dimensions
    columns = table.values(second)
    rows = [
        [f"{_title(first)} / {_title(second)}", *(str(label) for _value, label in columns), _("Insgesamt")]
    ]
    for line in table.grid():
        rows.append([str(line["label"]), *(_cell(f) for f in line["cells"]), _cell(line["total"])])
    rows.append(
        [_("Insgesamt"), *(_cell(margin["figure"]) for margin in table.margins[second]), _cell(table.total)]
    )
    return rows


def to_csv(table: SuppressedTable) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark, as spreadsheet programs in Germany expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(table_rows(table))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: SuppressedTable, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in table_rows(table):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([])
    note = _(
        "Verdeckte Felder erscheinen als „<%(n)s“: Zahlen unter %(n)s und, wo nötig, weitere Zahlen, "
        "damit sich keine kleine Zahl aus den Summen errechnen lässt."
    )
    sheet.append([note % {"n": table.threshold}])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
