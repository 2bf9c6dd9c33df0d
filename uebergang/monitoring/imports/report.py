"""The report of a check or an import: what the file held, what was wrong with it, and where.

It is stored as JSON on the ImportBatch (`as_json`, `Report.of`) and shown by the batch page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import ImportBatch

MAX_REPORTED_PROBLEMS = 200


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

    def restart(self) -> None:
        """Forget the rows' problems and counts before another pass over the same file."""
        self.problems.clear()
        self.total_rows = self.invalid_rows = self.problem_count = 0

    def add(self, row: int, column: str, value: Any, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(
                {"row": row, "column": column, "value": str(value).strip(), "reason": reason}
            )

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def needs_mapping(self) -> bool:
        return bool(self.missing or any(self.unmapped.values()))

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
        }

    @classmethod
    def of(cls, batch: ImportBatch) -> Report:
        data = batch.report if isinstance(batch.report, dict) else {}
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})
