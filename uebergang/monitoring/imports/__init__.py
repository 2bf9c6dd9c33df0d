"""Importing school leavers (microdata) and aggregate counts from CSV or XLSX files, by stage.

vocabulary (fields, titles, codes) → sheet (reading a file) → convert (cells to values) → passes (every
row once) → run (`import_file`, the one entry point, and the replacement of stored cohorts); report is
what a check or an import found. The names other modules use are re-exported here.
"""

from __future__ import annotations

from .columns import plan_columns, suggest_field
from .convert import value_tables
from .report import Report, UnreadableFile
from .run import import_file, stored_cohorts
from .sheet import Sheet, estimate_rows, open_sheet
from .vocabulary import (
    ALIASES,
    COUNTS,
    FIELD_LABELS,
    FIELDS_OF_KIND,
    GROUP_LABELS,
    LEAVERS,
    REQUIRED,
    VALUE_GROUP,
    normalise,
    personal_column,
    refuse_personal_columns,
    value_key,
)

__all__ = [
    "ALIASES",
    "COUNTS",
    "FIELDS_OF_KIND",
    "FIELD_LABELS",
    "GROUP_LABELS",
    "LEAVERS",
    "REQUIRED",
    "VALUE_GROUP",
    "Report",
    "Sheet",
    "UnreadableFile",
    "estimate_rows",
    "import_file",
    "normalise",
    "open_sheet",
    "personal_column",
    "plan_columns",
    "refuse_personal_columns",
    "stored_cohorts",
    "suggest_field",
    "value_key",
    "value_tables",
]
