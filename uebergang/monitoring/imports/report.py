"""The report of a check or an import: what the file held, what was wrong with it, and where.

It is stored as JSON on the ImportBatch (`as_json`, `Report.of`) and shown by the batch page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import ImportBatch

MAX_REPORTED_PROBLEMS = 200
MAX_VALUE_CHARS = 80  # a report keeps only an excerpt of an invalid value
MAX_GROUPS = 50  # kinds of problem (column × reason) summarised
MAX_GROUP_ROWS = 5  # rows named per kind of problem
MAX_GROUP_VALUES = 5  # values counted per kind of problem

# What a column becomes (columns.py). Taken over: KNOWN (exact title), SAVED (the source's mapping).
KNOWN, SAVED = "known", "saved"
# Not taken over, as decided in the source's mapping (needs nothing more).
SKIPPED = "skipped"
# Not taken over, and the coordinator has to look at it (the check ends on the mapping step).
SUGGESTED, UNKNOWN, DUPLICATE, OTHER_KIND = "suggested", "unknown", "duplicate", "other_kind"
# Without a title: empty in the first rows (UNTITLED, needs nothing), or with values (needs a decision,
# saved under "Spalte N").
UNTITLED, UNTITLED_VALUES = "untitled", "untitled_values"
OPEN = frozenset({SUGGESTED, UNKNOWN, DUPLICATE, OTHER_KIND, UNTITLED_VALUES})


def excerpt(value: Any) -> str:
    """At most MAX_VALUE_CHARS characters of a cell, for the report."""
    text = str(value).strip()
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why, in German."""


class _Refused(Exception):
    """Leave the import transaction without keeping anything."""


@dataclass
class Report:
    """What an import found: problems (the first 200) with row, column, value and reason, and counts."""

    problems: list[dict] = field(default_factory=list)
    file_problem: str = ""
    total_rows: int = 0
    invalid_rows: int = 0
    problem_count: int = 0
    columns: list[dict] = field(default_factory=list)  # [{"title": …, "field": …}] in file order
    missing: list[str] = field(default_factory=list)  # required fields without a column
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # value group → file values
    started_at: str = ""
    cohorts: list[list[int]] = field(default_factory=list)  # [leaving year, school id] the file replaces
    # Every problem, summarised per column and reason: count, first rows, most frequent values.
    groups: list[dict] = field(default_factory=list)
    sheet: str = ""  # the sheet read ("" for CSV)
    sheets: list[str] = field(default_factory=list)  # the workbook's sheets, when one has to be chosen
    sheet_candidates: list[str] = field(default_factory=list)  # … of them those with a header
    skipped: list[dict] = field(default_factory=list)  # [{"row": n, "reason": …}] rows not read
    not_collected: bool = False  # the destination is stored as "not collected yet"
    preview: dict = field(default_factory=dict)  # figures and warnings of the check (preview.py)
    _group_index: dict = field(default_factory=dict, repr=False, compare=False)  # (column, reason) → group

    def restart(self) -> None:
        """Forget the rows' problems and counts before another pass over the same file."""
        self.problems.clear()
        self.groups.clear()
        self._group_index.clear()
        self.total_rows = self.invalid_rows = self.problem_count = 0

    def add(self, row: int, column: str, value: Any, reason: str) -> None:
        self.problem_count += 1
        text = excerpt(value)
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append({"row": row, "column": column, "value": text, "reason": reason})
        if len(self._group_index) != len(self.groups):  # a report read back from the batch
            self._group_index = {(g["column"], g["reason"]): g for g in self.groups}
        group = self._group_index.get((column, reason))
        if group is None:
            if len(self.groups) >= MAX_GROUPS:
                return
            group = {"column": column, "reason": reason, "count": 0, "rows": [], "values": {}}
            self.groups.append(group)
            self._group_index[(column, reason)] = group
        group["count"] += 1
        if len(group["rows"]) < MAX_GROUP_ROWS:
            group["rows"].append(row)
        if text in group["values"] or len(group["values"]) < MAX_GROUP_VALUES:
            group["values"][text] = group["values"].get(text, 0) + 1

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def needs_mapping(self) -> bool:
        """Whether the coordinator has to decide something first: a sheet, a required field without a
        column, a column that is not taken over (or only suggested), a value without a code."""
        return bool(
            self.sheets
            or self.missing
            or any(self.unmapped.values())
            or any(column.get("status") in OPEN for column in self.columns)
        )

    @property
    def warnings(self) -> list[str]:
        return list(self.preview.get("warnings", []))

    def as_json(self) -> dict:
        return {
            "problems": self.problems,
            "file_problem": self.file_problem,
            "total_rows": self.total_rows,
            "invalid_rows": self.invalid_rows,
            "problem_count": self.problem_count,
            "columns": self.columns,
            "missing": self.missing,
            "unmapped": self.unmapped,
            "started_at": self.started_at,
            "cohorts": self.cohorts,
            "groups": self.groups,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "sheet_candidates": self.sheet_candidates,
            "skipped": self.skipped,
            "not_collected": self.not_collected,
            "preview": self.preview,
        }

    @classmethod
    def of(cls, batch: ImportBatch) -> Report:
        data = batch.report if isinstance(batch.report, dict) else {}
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})
