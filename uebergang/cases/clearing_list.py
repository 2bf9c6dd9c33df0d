"""Importing a school's Klärungsliste: leavers without a confirmed next step become cases.

Allowed only where the municipality has recorded its legal basis (CaseSettings.import_legal_reference);
the import page shows that reference and text. The file is read by the shared tabular reader; it
lands whole or not at all: one problem in any row and nothing is stored, the report names each
rejected row and why. The file is never kept: no preview copy of personal data in a session or on
disk — a corrected file is simply uploaded again. The pupil id becomes the keyed pseudonym only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.record import record
from uebergang.lib import tabular
from uebergang.lib.tabular import Problem, UnreadableFile, normalise
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from . import actions
from .models import Case, CaseTeam

COLUMNS = {
    "first_name": ("Vorname",),
    "last_name": ("Nachname", "Name"),
    "date_of_birth": ("Geburtsdatum", "geboren am"),
    "email": ("E-Mail", "Email"),
    "phone": ("Telefon", "Handy"),
    "street": ("Straße", "Strasse", "Anschrift"),
    "postcode": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Wohnort"),
    "guardian_name": ("Sorgeberechtigte", "Erziehungsberechtigte"),
    "guardian_contact": ("Kontakt Sorgeberechtigte", "Kontakt Erziehungsberechtigte"),
    "school": ("Schule",),
    "school_class": ("Klasse",),
    "leaving_year": ("Abgangsjahr", "Schuljahr"),
    "pupil_id": ("Schüler-ID", "Schueler-ID", "SchülerID"),
}
TITLE_TO_FIELD = {normalise(title): key for key, titles in COLUMNS.items() for title in titles}
REQUIRED = ("first_name", "last_name", "leaving_year")


@dataclass
class Row:
    number: int
    data: dict = field(default_factory=dict)
    pupil_id: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


def parse_date(text: str) -> date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def check(tenant: Tenant, data: bytes, filename: str) -> tabular.ImportReport:
    """Read and check every row; nothing is written."""
    report = tabular.ImportReport(filename=filename)
    try:
        table = tabular.read_table(
            data, filename, TITLE_TO_FIELD, _("Keine Kopfzeile mit „Vorname“ und „Nachname“ gefunden.")
        )
        header = tabular.locate_header(table, TITLE_TO_FIELD)
    except UnreadableFile as error:
        report.file_problem = str(error)
        return report
    report.columns = header.titles
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in header.titles]
    if missing:
        report.file_problem = _("Es fehlen die Spalten: %(columns)s.") % {"columns": ", ".join(missing)}
        return report
    schools = {}
    for school in Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL):
        for name in (school.name, school.short_name, school.identifier):
            if name:
                schools[normalise(name)] = school
    today = timezone.localdate()
    seen: dict[str, int] = {}
    open_pseudonyms = set(
        Case.objects.for_tenant(tenant)
        .open()
        .exclude(pupil_pseudonym="")
        .values_list("pupil_pseudonym", flat=True)
    )
    for number, cells in tabular.data_rows(table, header):
        row = Row(number)

        def problem(key: str, reason: str, row=row, cells=cells) -> None:
            row.problems.append(
                Problem(row.number, header.titles.get(key, COLUMNS[key][0]), cells.get(key, ""), reason)
            )

        for key in REQUIRED:
            if not cells.get(key):
                problem(key, _("Pflichtangabe fehlt."))
        for key in (
            "first_name",
            "last_name",
            "phone",
            "street",
            "city",
            "guardian_name",
            "guardian_contact",
        ):
            value = cells.get(key, "")
            limit = Case._meta.get_field(key).max_length
            if len(value) > limit:
                problem(key, _("Höchstens %(n)s Zeichen.") % {"n": limit})
            row.data[key] = value
        row.data["school_class"] = cells.get("school_class", "")[:20]
        if cells.get("date_of_birth"):
            try:
                born = parse_date(cells["date_of_birth"])
            except ValueError:
                problem("date_of_birth", _("Kein Datum (TT.MM.JJJJ)."))
            else:
                row.data["date_of_birth"] = born
                if born > today:
                    problem("date_of_birth", _("Das Geburtsdatum liegt in der Zukunft."))
                elif Case(date_of_birth=born).age_on(today) < 18 and not cells.get("guardian_name"):
                    problem(
                        "guardian_name", _("Bei Minderjährigen bitte die sorgeberechtigte Person angeben.")
                    )
        if cells.get("email"):
            try:
                validate_email(cells["email"])
            except ValidationError:
                problem("email", _("Keine gültige E-Mail-Adresse."))
            row.data["email"] = cells["email"]
        if cells.get("postcode"):
            try:
                row.data["postcode"] = tabular.postcode(cells["postcode"])
            except tabular.CellError as error:
                problem("postcode", str(error))
        if cells.get("school"):
            school = schools.get(normalise(cells["school"]))
            if school is None:
                problem("school", _("Keine Schule dieses Namens im Akteursverzeichnis."))
            row.data["school"] = school
        year_text = cells.get("leaving_year", "")[:4]
        if year_text:
            if not year_text.isdigit() or not 2000 <= int(year_text) <= today.year + 1:
                problem("leaving_year", _("Bitte ein Jahr zwischen 2000 und dem nächsten Jahr."))
            else:
                row.data["leaving_year"] = int(year_text)
        pupil_id = " ".join(cells.get("pupil_id", "").split())
        if pupil_id:
            key = pupil_id.casefold()
            if key in seen:
                problem("pupil_id", _("Dieselbe Schüler-ID steht schon in Zeile %(n)s.") % {"n": seen[key]})
            elif actions.pupil_pseudonym(tenant, pupil_id) in open_pseudonyms:
                problem("pupil_id", _("Für diese Schüler-ID gibt es schon einen offenen Fall."))
            seen[key] = number
            row.pupil_id = pupil_id
        report.rows.append(row)
    if not report.rows:
        report.file_problem = _("Die Datei enthält keine Zeilen unter der Kopfzeile.")
    return report


@transaction.atomic
def import_cases(
    *, tenant: Tenant, actor, report: tabular.ImportReport, team: CaseTeam | None, request: HttpRequest | None
) -> list[Case]:
    """Open one case per row of a report without problems; all or none."""
    if not report.all_valid:
        raise actions.CaseError(_("Die Datei hat Fehler; es wurde nichts importiert."))
    cases = [
        actions.open_case(
            tenant=tenant,
            actor=actor,
            data={**row.data, "source": Case.Source.CLEARING_LIST, "team": team},
            pupil_id=row.pupil_id,
            request=request,
        )
        for row in report.rows
    ]
    record(
        "cases.imported",
        actor=actor,
        tenant=tenant,
        data={
            "file": report.filename,
            "cases": len(cases),
            "first": cases[0].number,
            "last": cases[-1].number,
        },
        request=request,
    )
    return cases
