"""Which column of a file feeds which field — and, for every column that feeds none, why.

Exact titles (the aliases of vocabulary.py) and the source's saved mapping are applied at once. Titles
that only resemble a field ("Verbleib zum 01.10.", "Geplanter Verbleib (Stand März)", "Abg.-Jahr",
"Abschluss 2025", "Schuler-ID") are *suggested*: the mapping page pre-selects the field and asks the
coordinator to confirm it, which saves it in the source's mapping. A suggestion is never applied on its
own: until it is confirmed the column feeds nothing, and the check ends on the mapping step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import ImportMapping
from .report import (
    DUPLICATE,
    KNOWN,
    OPEN,
    OTHER_KIND,
    SAVED,
    SKIPPED,
    SUGGESTED,
    UNKNOWN,
    UNTITLED,
    UNTITLED_VALUES,
    UnreadableFile,
    excerpt,
)
from .sheet import Sheet, open_sheet
from .vocabulary import FIELD_LABELS, FIELDS_OF_KIND, TITLE_TO_FIELD, normalise

# Bracketed parts, dates and years, and words that only say when or as of when.
_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]")
_DATES = re.compile(
    r"\d{1,2}\.\s*\d{1,2}\.(\s*\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}|\b(19|20)\d{2}\b|\b\d{1,2}/\d{2,4}\b"
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
FILLER_WORDS = {
    "stand",
    "zum",
    "zur",
    "am",
    "per",
    "bis",
    "vom",
    "ab",
    "im",
    "in",
    "lt",
    "laut",
    "ende",
    "anfang",
    "mitte",
    "stichtag",
    "schuljahr",
    "sj",
    "fruehjahr",
    "herbst",
    "sommer",
    "winter",
    "januar",
    "jan",
    "februar",
    "feb",
    "maerz",
    "mrz",
    "april",
    "apr",
    "mai",
    "juni",
    "jun",
    "juli",
    "jul",
    "august",
    "aug",
    "september",
    "sep",
    "sept",
    "oktober",
    "okt",
    "november",
    "nov",
    "dezember",
    "dez",
}
# Abbreviations offices use (normalised) → field.
ABBREVIATIONS = {
    "abgjahr": "leaving_year",
    "abgj": "leaving_year",
    "abgangsj": "leaving_year",
    "entljahr": "leaving_year",
    "entlj": "leaving_year",
    "schnr": "school_number",
    "schulnr": "school_number",
    "schulnummer": "school_number",
    "dstnr": "school_number",
    "dienststnr": "school_number",
    "schuelid": "source_id",
    "schid": "source_id",
    "abschl": "qualification",
    "geschl": "gender",
    "staatsang": "citizenship",
    "nat": "citizenship",
    "foerderb": "special_needs",
    "verbl": "actual",
    "anschl": "actual",
    "geplverbleib": "planned",
    "geplanschluss": "planned",
}


def _folded(key: str) -> str:
    """A normalised title without umlaut spellings: "schueler" and "schuler" compare equal."""
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u").replace("ss", "s")


FOLDED_TITLES = {_folded(key): field for key, field in TITLE_TO_FIELD.items()}


def suggest_field(title: str) -> str | None:
    """The field a title resembles without being one of its known titles, or None."""
    text = _DATES.sub(" ", _BRACKETS.sub(" ", str(title)))
    words = [word.casefold() for word in _WORDS.findall(text)]
    while len(words) > 1 and normalise(words[-1]) in FILLER_WORDS:
        words.pop()
    key = normalise("".join(words))
    if not key:
        return None
    for candidate in (
        key,
        normalise(" ".join(word for word in words if normalise(word) not in FILLER_WORDS)),
    ):
        if candidate in TITLE_TO_FIELD:
            return TITLE_TO_FIELD[candidate]
        if candidate in ABBREVIATIONS:
            return ABBREVIATIONS[candidate]
        if _folded(candidate) in FOLDED_TITLES:
            return FOLDED_TITLES[_folded(candidate)]
    return None


@dataclass
class ColumnPlan:
    """Position → field of the columns taken over, and one entry per column for the report."""

    fields: dict[int, str]
    columns: list[dict]

    @property
    def open(self) -> bool:
        """Whether any column needs the coordinator's decision (a suggestion, an unknown title …)."""
        return any(column["status"] in OPEN for column in self.columns)


def untitled_name(position: int) -> str:
    """The name a column without a title is saved under in a mapping."""
    return _("Spalte %(n)d") % {"n": position + 1}


def plan_columns(
    titles: list[str], kind: str, mapping: ImportMapping | None, filled: frozenset[int] = frozenset()
) -> ColumnPlan:
    """Every column with what it becomes: the saved mapping first, then known titles, then suggestions.

    `filled`: the positions of untitled columns that hold values (they need a decision like unknown ones).
    """
    saved = {normalise(title): target for title, target in (mapping.columns if mapping else {}).items()}
    allowed = FIELDS_OF_KIND[kind]
    fields: dict[int, str] = {}
    holder: dict[str, int] = {}  # field → the position it comes from
    columns = [{"title": title, "field": "", "status": "", "suggested": "", "other": ""} for title in titles]

    def take(position: int, target: str, status: str) -> None:
        if target in holder:
            columns[position].update(status=DUPLICATE, other=titles[holder[target]], suggested=target)
            return
        fields[position] = target
        holder[target] = position
        columns[position].update(field=target, status=status)

    for position, title in enumerate(titles):
        key = normalise(title) or normalise(untitled_name(position))
        column = columns[position]
        if not normalise(title) and key not in saved:
            column["status"] = UNTITLED_VALUES if position in filled else UNTITLED
        elif key in saved:
            target = saved[key]
            if not target:
                column["status"] = SKIPPED
            elif target in allowed:
                take(position, target, SAVED)
            else:
                column["status"] = UNKNOWN
        elif key in TITLE_TO_FIELD:
            target = TITLE_TO_FIELD[key]
            if target in allowed:
                take(position, target, KNOWN)
            else:
                column["status"] = OTHER_KIND
    suggested: set[str] = set()
    for position, title in enumerate(titles):
        column = columns[position]
        if column["status"]:
            continue
        target = suggest_field(title)
        if target is None or target not in allowed:
            column["status"] = UNKNOWN
        elif target in holder:
            column.update(status=DUPLICATE, other=titles[holder[target]], suggested=target)
        elif target in suggested:
            column["status"] = UNKNOWN
        else:
            suggested.add(target)
            column.update(status=SUGGESTED, suggested=target)
    return ColumnPlan(fields, columns)


def reason(column: dict) -> str:
    """What a column becomes, in words, for the mapping page, the report and the command line."""
    status = column.get("status", "")
    if column.get("field"):
        label = FIELD_LABELS.get(column["field"], column["field"])
        if status == SAVED:
            return _("wird „%(field)s“ (gespeicherte Zuordnung der Quelle)") % {"field": label}
        return _("wird „%(field)s“") % {"field": label}
    if status == SUGGESTED:
        return _("Vorschlag: „%(field)s“ — bitte bestätigen; bis dahin nicht übernommen") % {
            "field": FIELD_LABELS.get(column["suggested"], column["suggested"])
        }
    if status == DUPLICATE:
        return _("nicht übernommen: „%(field)s“ kommt schon aus der Spalte „%(other)s“") % {
            "field": FIELD_LABELS.get(column["suggested"], column["suggested"]),
            "other": column["other"],
        }
    if status == SKIPPED:
        return _("nicht übernommen (so in der Zuordnung der Quelle festgelegt)")
    if status == OTHER_KIND:
        return _("nicht übernommen: gehört nicht zu dieser Art von Import")
    if status == UNTITLED:
        return _("nicht übernommen: Spalte ohne Titel (in den ersten Zeilen leer)")
    if status == UNTITLED_VALUES:
        return _("nicht übernommen: Spalte ohne Titel, aber mit Werten — bitte zuordnen oder bestätigen")
    return _("nicht übernommen: unbekannter Spaltentitel")


SAMPLE_ROWS = 200  # rows read for the sample values of the mapping page
SAMPLES = 3


def filled_untitled(sheet: Sheet) -> frozenset[int]:
    """The positions of untitled columns with a value in the first SAMPLE_ROWS rows."""
    untitled = [position for position, title in enumerate(sheet.titles) if not normalise(title)]
    if not untitled:
        return frozenset()
    samples = column_samples(sheet)
    return frozenset(position for position in untitled if samples[position])


def column_samples(sheet: Sheet) -> list[list[str]]:
    """Up to three different values of each column, from the first rows under the header (an excerpt each)."""
    samples: list[list[str]] = [[] for _title in sheet.titles]
    for count, (_number, cells) in enumerate(sheet.rows()):
        for position, cell in enumerate(cells[: len(samples)]):
            text = excerpt(cell)
            if text and text not in samples[position] and len(samples[position]) < SAMPLES:
                samples[position].append(text)
        if count >= SAMPLE_ROWS or all(len(values) >= SAMPLES for values in samples):
            break
    return samples


def samples_of(path: Path, kind: str, mapping: ImportMapping | None, sheet_name: str = "") -> list[list[str]]:
    """The sample values of a stored file's columns (none if it cannot be read any more)."""
    known = set(mapping.columns) if mapping else None
    try:
        sheet = open_sheet(path, kind, known, sheet=sheet_name or None)
        return column_samples(sheet)
    except (UnreadableFile, OSError):
        return []
