"""Importing offerings from the CSV or XLSX lists coordination offices keep.

`analyse()` reads and checks an upload and returns an `ImportReport` (nothing is written): each row
with the values it sets and the problems found (row number as in the file, column title, value,
German reason), and whether it creates an offering or updates one. `import_offerings()` writes the
rows of a report in one transaction — all of them, or only the valid ones if the user chose so.

Matching: an offering of the same provider with the same title (case and spaces do not matter) is
updated; otherwise a new one is created, as a draft or published at once. Empty cells leave an
updated offering's values as they are. A row describes one location: the offering's location with
the same address is updated; an offering with at most one location gets the row's location instead
(the address moved); an offering with several keeps them and gains the new one. "Adresse vertraulich"
without an address changes the flag of all the offering's locations.

The parts: `columns` (titles, limits, template), `check` (read and check: `analyse`), `write`
(`import_offerings`, the worker's `write_job`). Reading (encodings, delimiters, title rows, header detection) is shared with the actor import in
`uebergang.lib.tabular`.
"""

from .check import ImportReport, ImportRow, analyse, parse_amount, parse_date, split_values
from .columns import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    SESSION_LIMIT_BYTES,
    TEMPLATE_COLUMNS,
    hints,
    template_csv,
    template_rows,
    template_xlsx,
)
from .write import ImportCounts, ImportRefused, import_offerings, job_summary, keeper, write_job

__all__ = [
    "COLUMNS",
    "MAX_IMPORT_BYTES",
    "SESSION_LIMIT_BYTES",
    "TEMPLATE_COLUMNS",
    "ImportCounts",
    "ImportRefused",
    "ImportReport",
    "ImportRow",
    "analyse",
    "hints",
    "import_offerings",
    "job_summary",
    "keeper",
    "parse_amount",
    "parse_date",
    "split_values",
    "template_csv",
    "template_rows",
    "template_xlsx",
    "write_job",
]
