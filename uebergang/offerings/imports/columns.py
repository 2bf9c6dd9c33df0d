"""The columns of an offering import: their titles as offices write them, limits, and the template."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.lib import spreadsheets
from uebergang.lib.tabular import normalise
from uebergang.network.models import FundingSource, LegalSphere, Organisation
from uebergang.tenants.models import Region, Tenant

from .. import versions
from ..models import (
    Category,
    Language,
    Phase,
    Qualification,
    SchoolType,
    TargetGroup,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_LIMIT_BYTES = 2 * 1024 * 1024
SESSION_KEY = "offerings_import"

# Field key → column title in the template, then further titles offices use for the same column.
# Keys are the model's field names, except `cost` (amount or text) and the location's fields.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("Titel", "Angebot", "Name des Angebots", "Titel des Angebots", "Maßnahme"),
    "provider": ("Anbieter", "Träger", "Anbieter/Träger", "Organisation"),
    "short_description": ("Kurzbeschreibung", "Kurztext"),
    "description": ("Beschreibung", "Langbeschreibung", "Inhalt", "Inhalte"),
    "plain_language": ("Einfache Sprache", "In Einfacher Sprache", "Leichte Sprache"),
    "phases": ("Phasen", "Phase", "Phasen der Bildungskette"),
    "categories": ("Kategorien", "Kategorie"),
    "target_groups": ("Zielgruppen", "Zielgruppe"),
    "min_age": ("Alter von", "Mindestalter", "ab Alter", "Alter ab"),
    "max_age": ("Alter bis", "Höchstalter", "bis Alter"),
    "school_types": ("Schularten", "Schulart", "Schulform"),
    "min_grade": ("Klasse von", "ab Klasse", "Klassenstufe von"),
    "max_grade": ("Klasse bis", "bis Klasse", "Klassenstufe bis"),
    "qualifications": ("Schulabschlüsse", "Schulabschluss"),
    "legal_sphere": ("Rechtskreis",),
    "legal_basis": ("Rechtsgrundlage",),
    "funding_source": ("Mittelgeber", "Mittelherkunft"),
    "funder_name": ("Förderer", "Geldgeber", "Zuwendungsgeber", "Finanzierung"),
    "statutory": ("gesetzliche Regelleistung", "Regelleistung"),
    "programme": ("Förderprogramm", "Programm"),
    "funding_start": ("Förderung von", "Förderung ab", "Förderbeginn", "Laufzeit von"),
    "funding_end": ("Förderung bis", "Förderende", "Laufzeit bis"),
    "funding_amount": ("Fördersumme", "Fördersumme (EUR)", "Fördersumme in Euro", "Fördervolumen"),
    "places_total": ("Plätze", "Plätze insgesamt", "Platzzahl", "Anzahl Plätze"),
    "places_free": ("freie Plätze", "davon frei"),
    "schedule": ("Zeiten", "Termine", "Zeitraum"),
    "is_free": ("Kostenfrei", "Kostenfrei (ja/nein)", "kostenlos"),
    "cost": ("Kosten", "Teilnahmekosten", "Teilnahmegebühr"),
    "languages": ("Sprachen", "Sprache"),
    "accessibility": ("Barrierefreiheit", "barrierefrei"),
    "how_to_apply": ("Anmeldung", "So melden Sie sich an", "Zugang"),
    "url": ("Weblink", "Website", "Webseite", "Internet", "Link"),
    "contact_name": ("Ansprechperson", "Ansprechpartner", "Ansprechpartner/in", "Kontaktperson"),
    "contact_email": ("E-Mail", "E-Mail-Adresse", "Mail"),
    "contact_phone": ("Telefon", "Tel.", "Telefonnummer"),
    "street": ("Straße", "Straße und Hausnummer", "Adresse", "Anschrift"),
    "postcode": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Stadt", "Gemeinde"),
    "region": ("Region", "Sozialraum", "Region/Sozialraum"),
    "is_confidential": ("Adresse vertraulich", "Adresse vertraulich (ja/nein)", "vertraulich"),
    "last_checked": ("Zuletzt geprüft", "geprüft am", "letzte Prüfung"),
}
TITLE_TO_FIELD = {normalise(title): key for key, titles in COLUMNS.items() for title in titles}
TEMPLATE_COLUMNS = [titles[0] for titles in COLUMNS.values()]

TEXT_FIELDS = (
    "title",
    "short_description",
    "description",
    "plain_language",
    "legal_basis",
    "funder_name",
    "programme",
    "schedule",
    "accessibility",
    "how_to_apply",
    "contact_name",
    "contact_phone",
)
LOCATION_TEXT_FIELDS = ("street", "city")
CODE_SET_FIELDS = {  # key → (vocabulary, extra names offices use)
    "phases": (
        Phase,
        {"Berufsorientierung": "orientation", "Übergang Schule–Beruf": "school_to_training"},
    ),
    "target_groups": (
        TargetGroup,
        {
            "Neuzugewanderte": "newly_arrived",
            "Geflüchtete": "newly_arrived",
            "Menschen mit Behinderung": "disability",
            "Mädchen": "girls",
            "junge Frauen": "girls",
            "Ausbildungsabbrecher": "training_dropouts",
        },
    ),
    "school_types": (
        SchoolType,
        {"Förderschule": "sbbz", "Berufsschule": "vocational", "Berufskolleg": "vocational"},
    ),
    "qualifications": (
        Qualification,
        {
            "ohne": "none",
            "Hauptschulabschluss": "first",
            "Realschulabschluss": "intermediate",
            "Fachabitur": "advanced_technical",
            "Allgemeine Hochschulreife": "abitur",
        },
    ),
    "languages": (
        Language,
        {"Farsi": "fa", "Dari": "fa", "Gebärdensprache": "gsg", "DGS": "gsg"},
    ),
}
NUMBER_RANGES = {"min_age": (0, 99), "max_age": (0, 99), "min_grade": (1, 13), "max_grade": (1, 13)}
ORDERED_PAIRS = [  # (lower, upper, reason when lower > upper)
    ("min_age", "max_age", gettext_lazy("Das Alter von ist größer als das Alter bis.")),
    ("min_grade", "max_grade", gettext_lazy("Die Klasse von ist größer als die Klasse bis.")),
    ("funding_start", "funding_end", gettext_lazy("Die Förderung beginnt nach ihrem Ende.")),
]
MAX_PLACES = 1_000_000
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
# What an import writes onto an offering (the provider is matched, not written).
OFFERING_FIELDS = [name for name in versions.FIELDS if name != "provider"]


def hints(tenant: Tenant) -> list[tuple[str, str]]:
    """(column, what to enter) for the hints sheet of the template and the upload page."""

    def labels(choices) -> str:
        return ", ".join(str(label) for label in choices.labels)

    several = _("mehrere durch Semikolon getrennt: ")
    categories = sorted({category.name for category in Category.objects.for_tenant(tenant)}, key=str.casefold)
    regions = [region.name for region in Region.objects.for_tenant(tenant)]
    return [
        (
            "Titel",
            _(
                "Pflicht, höchstens 200 Zeichen. Gleicher Anbieter und Titel aktualisiert das vorhandene Angebot."
            ),
        ),
        ("Anbieter", _("Pflicht: der Name des Akteurs genau wie im Akteursverzeichnis der Kommune.")),
        ("Kurzbeschreibung", _("Pflicht für neue Angebote, höchstens 400 Zeichen.")),
        ("Phasen", several + labels(Phase)),
        ("Kategorien", several + ", ".join(categories)),
        ("Zielgruppen", several + labels(TargetGroup)),
        ("Alter von, Alter bis", _("ganze Zahlen von 0 bis 99")),
        ("Schularten", several + labels(SchoolType)),
        ("Klasse von, Klasse bis", _("ganze Zahlen von 1 bis 13")),
        ("Schulabschlüsse", several + labels(Qualification)),
        ("Rechtskreis", _("einer von: ") + labels(LegalSphere)),
        ("Mittelgeber", _("einer von: ") + labels(FundingSource)),
        ("gesetzliche Regelleistung", _("ja oder nein; ja: unbefristet finanziert, z. B. Berufsberatung")),
        ("Förderung von, Förderung bis, Zuletzt geprüft", _("Datum als TT.MM.JJJJ, z. B. 31.07.2026")),
        ("Fördersumme, Kosten", _("Betrag in Euro, z. B. 12.500,00; bei Kosten auch ein kurzer Text")),
        ("Plätze, freie Plätze", _("ganze Zahlen")),
        ("Sprachen", several + labels(Language)),
        ("Kostenfrei, Adresse vertraulich", _("ja oder nein")),
        ("PLZ", _("fünf Ziffern")),
        ("Region", ", ".join(regions) or _("keine")),
        (
            "Straße, PLZ, Ort",
            _(
                "ein Standort je Zeile. Ist die Adresse vertraulich, erscheint öffentlich und in "
                "Exporten nur der Ort."
            ),
        ),
    ]


def template_rows(tenant: Tenant) -> list[list[str]]:
    """The header and one example row; the example's provider is one of the tenant's organisations."""
    provider = Organisation.objects.for_tenant(tenant).order_by("name").first()
    region = Region.objects.for_tenant(tenant).first()
    example = {
        "title": "Beispiel: Bewerbungstraining kompakt",
        "provider": provider.name if provider else "",
        "short_description": "Bewerbungsmappe, Vorstellungsgespräch, Online-Bewerbung: in vier Terminen fit.",
        "description": "Wir üben Anschreiben, Lebenslauf und Vorstellungsgespräche in kleinen Gruppen.",
        "plain_language": "Wir helfen dir bei der Bewerbung.",
        "phases": "Sek I–Ausbildung",
        "categories": "Bewerbungstraining",
        "target_groups": "Jugendliche; Neu zugewanderte junge Menschen",
        "min_age": "14",
        "max_age": "21",
        "school_types": "Werkrealschule/Hauptschule; Realschule",
        "min_grade": "8",
        "max_grade": "10",
        "qualifications": "",
        "legal_sphere": "SGB III (Arbeitsförderung)",
        "legal_basis": "§ 48 SGB III",
        "funding_source": "Bundesagentur/Jobcenter",
        "funder_name": "Agentur für Arbeit Musterstadt",
        "statutory": "nein",
        "programme": "Berufsorientierungsmaßnahme",
        "funding_start": "01.09.2025",
        "funding_end": "31.07.2027",
        "funding_amount": "12.500,00",
        "places_total": "12",
        "places_free": "4",
        "schedule": "dienstags 15–17 Uhr",
        "is_free": "ja",
        "cost": "",
        "languages": "Deutsch; Englisch",
        "accessibility": "Räume im Erdgeschoss, stufenlos erreichbar",
        "how_to_apply": "Anmeldung per E-Mail oder Telefon",
        "url": "https://www.example.org/bewerbungstraining",
        "contact_name": "Erika Beispiel",
        "contact_email": "bewerbung@example.org",
        "contact_phone": "01234 56789-0",
        "street": "Marktplatz 1",
        "postcode": "12345",
        "city": "Musterstadt",
        "region": region.name if region else "",
        "is_confidential": "nein",
        "last_checked": timezone.localdate().strftime("%d.%m.%Y"),
    }
    return [TEMPLATE_COLUMNS, [example[key] for key in COLUMNS]]


def template_csv(tenant: Tenant) -> bytes:
    header, *examples = template_rows(tenant)
    return spreadsheets.csv_bytes(header, examples)


def template_xlsx(tenant: Tenant) -> bytes:
    header, *examples = template_rows(tenant)
    text_columns = frozenset(range(len(header)))  # typed text: postcodes and phone numbers keep their zeros
    return spreadsheets.xlsx_bytes(
        [
            spreadsheets.Sheet(
                _("Angebote"), header, examples, widths=[18] * len(header), text_columns=text_columns
            ),
            spreadsheets.Sheet(
                _("Hinweise"),
                [_("Spalte"), _("Was eintragen?")],
                [list(h) for h in hints(tenant)],
                widths=[40, 120],
            ),
        ]
    )
