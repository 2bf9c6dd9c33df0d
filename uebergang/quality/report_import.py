"""A provider's own table of partner reports, read through the shared tabular reader.

One row per offering: the offering (its number in the catalogue, or its exact title) and the figures of
the report form. Every column the import does not know is listed as ignored; a row whose offering is not
one of the period's offerings this person reports for, or whose figures fail the form's checks, is
refused with the reason. Nothing is saved unless every row can be: the page shows all problems at once.
Saved rows become drafts (a report already submitted stays submitted, its correction audited).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from uebergang.lib import tabular
from uebergang.lib.tablereader import normalise
from uebergang.tenants.models import Tenant

from . import actions
from .forms import (
    REPORT_DESTINATIONS,
    REPORT_QUALIFICATIONS,
    PartnerReportForm,
    destination_field,
    qualification_field,
)
from .models import PartnerReport, ReportingPeriod

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

COUNT_TITLES = {
    "participants": ("Teilnehmende", "Teilnehmende im Zeitraum", "TN"),
    "participants_female": ("davon weiblich", "weiblich"),
    "participants_non_german": (
        "davon nichtdeutsche Staatsangehörigkeit",
        "nichtdeutsch",
        "davon nichtdeutsch",
    ),
    "participants_special_needs": (
        "davon mit Förderbedarf oder Behinderung",
        "Förderbedarf",
        "davon mit Förderbedarf",
    ),
    "participants_no_qualification": ("davon ohne Schulabschluss", "ohne Schulabschluss"),
    "entries": ("Eintritte", "Eintritte im Zeitraum"),
    "completions": ("regulär beendet", "Abschlüsse", "beendet"),
    "dropouts": ("vorzeitig beendet", "Abbrüche", "Abbruch"),
}
OFFERING_TITLES = {
    "offering_id": ("Angebots-Nr.", "Angebotsnummer", "Angebot-Nr", "Nr.", "ID"),
    "offering_title": ("Angebot", "Titel", "Titel des Angebots", "Maßnahme"),
}


def _titles() -> dict[str, str]:
    """Normalised column title → field key."""
    mapping: dict[str, str] = {}
    for key, titles in {**OFFERING_TITLES, **COUNT_TITLES}.items():
        for title in titles:
            mapping[normalise(title)] = key
    for code, label in REPORT_DESTINATIONS:
        mapping[normalise(f"Verbleib: {label}")] = destination_field(code)
        mapping[normalise(f"Verbleib {code}")] = destination_field(code)
    for code, label in REPORT_QUALIFICATIONS:
        mapping[normalise(f"Abschluss: {label}")] = qualification_field(code)
        mapping[normalise(f"Abschluss {code}")] = qualification_field(code)
    mapping[normalise("Anmerkungen")] = "note"
    return mapping


def column_titles() -> list[str]:
    """The titles the page lists (the first spelling of each column)."""
    titles = [titles[0] for titles in OFFERING_TITLES.values()] + [t[0] for t in COUNT_TITLES.values()]
    titles += [f"Verbleib: {label}" for _code, label in REPORT_DESTINATIONS]
    titles += [f"Abschluss: {label}" for _code, label in REPORT_QUALIFICATIONS]
    return [*titles, "Anmerkungen"]


@dataclass
class RowProblem:
    row: int
    reason: str


@dataclass
class Outcome:
    error: str = ""
    ignored: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    saved: int = 0
    rows: int = 0


def _number(text: str) -> str:
    """A count as typed in a German table: "12", "1.200" (thousands), "12,0"; empty is 0. Anything else is
    passed on as it is, and the form refuses it with its message."""
    text = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if re.fullmatch(r"\d+[,.]0+", text):
        text = re.split(r"[,.]", text)[0]
    return text or "0"


def run(
    *, request: HttpRequest, tenant: Tenant, period: ReportingPeriod, offerings, data: bytes, filename: str
) -> Outcome:
    outcome = Outcome()
    if len(data) > MAX_BYTES:
        outcome.error = _(
            "Die Datei ist größer als 5 MB. Eine Tabelle mit einer Zeile je Angebot ist viel kleiner."
        )
        return outcome
    mapping = _titles()
    try:
        table = tabular.read_table(
            data,
            filename,
            mapping,
            _(
                "In der Datei fehlt eine Kopfzeile mit den Spalten „Angebot“ und „Teilnehmende“ (siehe unten)."
            ),
        )
        header = tabular.locate_header(table, mapping)
    except tabular.UnreadableFile as error:
        outcome.error = str(error)
        return outcome
    outcome.ignored = [title for title in table.titles if title.strip() and normalise(title) not in mapping]
    if "offering_id" not in header.titles and "offering_title" not in header.titles:
        outcome.error = _(
            "Die Tabelle braucht eine Spalte „Angebots-Nr.“ oder „Angebot“, die das Angebot nennt."
        )
        return outcome
    by_id = {str(o.pk): o for o in offerings}
    by_title = {normalise(o.title): o for o in offerings}
    pending: list[PartnerReportForm] = []
    seen: set[int] = set()
    for number, cells in tabular.data_rows(table, header):
        outcome.rows += 1
        if outcome.rows > MAX_ROWS:
            outcome.error = _("Mehr als %(n)s Zeilen: Das ist keine Tabelle von Angeboten.") % {"n": MAX_ROWS}
            return outcome
        offering = by_id.get(cells.get("offering_id", "").strip()) or by_title.get(
            normalise(cells.get("offering_title", ""))
        )
        if offering is None:
            named = cells.get("offering_id") or cells.get("offering_title") or "–"
            outcome.problems.append(
                RowProblem(
                    number,
                    _("„%(name)s“ ist keines der Angebote, für die Sie in diesem Zeitraum berichten.")
                    % {"name": named},
                )
            )
            continue
        if offering.pk in seen:
            outcome.problems.append(
                RowProblem(number, _("„%(name)s“ steht zweimal in der Tabelle.") % {"name": offering.title})
            )
            continue
        seen.add(offering.pk)
        report = PartnerReport.objects.filter(period=period, offering=offering).first() or PartnerReport(
            period=period, offering=offering
        )
        form = PartnerReportForm(instance=report)
        posted = {name: form.initial.get(name, form.fields[name].initial) for name in form.fields}
        for key, text in cells.items():
            if key in form.fields:
                posted[key] = text if key == "note" else _number(text)
        posted = {k: ("" if v is None else v) for k, v in posted.items()}
        form = PartnerReportForm(posted, instance=report)
        if not form.is_valid():
            reasons = "; ".join(
                f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
                for name, errors in form.errors.items()
            )
            outcome.problems.append(RowProblem(number, f"{offering.title}: {reasons}"))
            continue
        pending.append(form)
    if not outcome.rows:
        outcome.error = _("Unter der Kopfzeile steht keine Zeile mit Zahlen.")
        return outcome
    if outcome.problems:
        return outcome
    with transaction.atomic():
        for form in pending:
            actions.save_partner_report(request=request, tenant=tenant, form=form, submit=False)
            outcome.saved += 1
    return outcome
