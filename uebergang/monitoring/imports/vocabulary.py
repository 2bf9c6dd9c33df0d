"""The words of the leaver and count imports: fields, their German labels and the titles offices use.

Column titles and code values are compared loosely (`normalise`, `value_key`); titles that look like
personal data refuse a file. Everything here is data or a pure function, so every stage can use it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..models import ImportBatch
from .report import UnreadableFile

LEAVERS, COUNTS = ImportBatch.Kind.LEAVERS, ImportBatch.Kind.COUNTS

# Field → German label, then the titles offices use for that column (compared loosely).
FIELD_LABELS: dict[str, str] = {
    "source_id": "Schüler-ID",
    "school_number": "Schulnummer",
    "school": "Schule",
    "leaving_year": "Abgangsjahr",
    "qualification": "Abschluss",
    "gender": "Geschlecht",
    "age": "Alter",
    "region": "Wohnort/Region",
    "special_needs": "Förderbedarf",
    "citizenship": "Staatsangehörigkeit",
    "planned": "geplanter Anschluss",
    "planned_on": "geplant am",
    "actual": "Anschluss/Verbleib",
    "actual_as_of": "Stand",
    "followup": "Verbleib nach 1 Jahr",
    "followup_as_of": "Stand Folgejahr",
    "count": "Anzahl",
}
ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": (
        "Schüler-ID",
        "Schueler-ID",
        "ID",
        "Schüler-Nr",
        "Schülernummer",
        "Schüler-Kennung",
        "Pers-ID",
    ),
    "school_number": ("Schulnummer", "Schul-Nr", "Schulkennung", "Dienststellennummer"),
    "school": ("Schule", "Schulname", "Name der Schule"),
    "leaving_year": ("Abgangsjahr", "Entlassjahr", "Abgangsjahrgang", "Jahr"),
    "qualification": ("Abschluss", "Schulabschluss", "erreichter Abschluss"),
    "gender": ("Geschlecht",),
    "age": ("Alter", "Alter beim Abgang"),
    "region": ("Wohnort", "Region", "Wohnregion", "Sozialraum", "Wohnort/Region"),
    "special_needs": ("Förderbedarf", "sonderpädagogischer Förderbedarf", "SPF"),
    "citizenship": ("Staatsangehörigkeit", "Nationalität"),
    "planned": ("geplanter Anschluss", "Anschlussplanung", "geplanter Verbleib", "Plan"),
    "planned_on": ("geplant am", "Stand Planung", "Datum Planung"),
    "actual": ("Anschluss", "Verbleib", "Anschluss/Verbleib", "tatsächlicher Anschluss"),
    "actual_as_of": ("Stand", "Stand Anschluss", "Stand des Anschlusses"),
    "followup": ("Verbleib nach 1 Jahr", "Verbleib nach einem Jahr", "Folgeverbleib"),
    "followup_as_of": ("Stand Folgejahr", "Stand Verbleib", "Stand des Verbleibs"),
    "count": ("Anzahl", "Fälle", "Zahl"),
}
FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
    LEAVERS: (
        "source_id",
        "school_number",
        "school",
        "leaving_year",
        "qualification",
        "gender",
        "age",
        "region",
        "special_needs",
        "citizenship",
        "planned",
        "planned_on",
        "actual",
        "actual_as_of",
        "followup",
        "followup_as_of",
    ),
    COUNTS: ("school_number", "school", "leaving_year", "qualification", "gender", "actual", "count"),
}
# Besides these, every import needs the school (its number or its name).
REQUIRED: dict[str, tuple[str, ...]] = {
    LEAVERS: ("source_id", "leaving_year", "qualification", "actual"),
    COUNTS: ("leaving_year", "actual", "count"),
}
# Fields whose values map onto codes; the three destination fields share one value list.
VALUE_GROUP = {
    "qualification": "qualification",
    "gender": "gender",
    "region": "region",
    "planned": "destination",
    "actual": "destination",
    "followup": "destination",
}
GROUP_LABELS = {
    "qualification": "Abschluss",
    "gender": "Geschlecht",
    "region": "Wohnort/Region",
    "destination": "Anschluss/Verbleib",
}

# Column titles that hold personal data a pseudonymised monitoring must not receive.
PERSONAL_TITLES = {
    "name",
    "namen",
    "vorname",
    "vornamen",
    "nachname",
    "familienname",
    "rufname",
    "geburtsname",
    "geb",
    "gebam",
    "gebdat",
    "gebdatum",
    "geboren",
    "geborenam",
    "adresse",
    "anschrift",
    "strasse",
    "strasseundhausnummer",
    "hausnummer",
    "telefon",
    "email",
    "emailadresse",
}
PERSONAL_TITLES |= {
    "schueler",
    "schuelerin",
    "schuelerinnen",
    "schuelerinschueler",
    "schuelerschuelerin",
    "schuelerinnenundschueler",
    "kind",
    "person",
    "vollername",
}
PERSONAL_PARTS = (
    "vorname",
    "nachname",
    "familienname",
    "zuname",
    "geburt",
    "strasse",
    "adresse",
    "anschrift",
    "telefon",
    "namedes",  # "Name des Schülers", "Name des Kindes" — but not "Name der Schule"
)
# A title with "name" and one of these is a pupil's name ("Schülername", "Name Schüler/in").
PERSONAL_NAME_OWNERS = ("schueler", "kind", "person", "jugendliche")

QUALIFICATION_ALIASES = {
    "ohne": "none",
    "oA": "none",
    "kein Abschluss": "none",
    "ohne HSA": "none",
    "HSA": "first",
    "HS": "first",
    "Hauptschulabschluss": "first",
    "ESA": "first",
    "BBR": "first",
    "eBBR": "first",
    "Berufsbildungsreife": "first",
    "Erster Schulabschluss": "first",
    "MSA": "intermediate",
    "RSA": "intermediate",
    "RS": "intermediate",
    "Realschulabschluss": "intermediate",
    "Mittlere Reife": "intermediate",
    "FOR": "intermediate",
    "FHR": "advanced_technical",
    "Fachabitur": "advanced_technical",
    "Abi": "abitur",
    "AHR": "abitur",
    "allgemeine Hochschulreife": "abitur",
    "Hochschulreife": "abitur",
}
GENDER_ALIASES = {
    "w": "f",
    "weiblich": "f",
    "female": "f",
    "m": "m",
    "männlich": "m",
    "male": "m",
    "d": "d",
    "divers": "d",
    "x": "x",
    "o": "x",
    "ohne Angabe": "x",
    "unbekannt": "x",
    "keine Angabe": "x",
}
DESTINATION_ALIASES = {
    "Ausbildung": "dual",
    "duale Ausbildung": "dual",
    "Ausbildung dual": "dual",
    "betriebliche Ausbildung": "dual_company",
    "betrieblich": "dual_company",
    "außerbetriebliche Ausbildung": "dual_external",
    "außerbetrieblich": "dual_external",
    "BaE": "dual_external",
    "Fachpraktiker": "rehab_training",
    "Fachpraktikerausbildung": "rehab_training",
    "Werkstatt für behinderte Menschen": "rehab_workshop",
    "WfbM": "rehab_workshop",
    "Reha-BvB": "rehab_bvb",
    "Reha": "rehab",
    "Rehabilitation": "rehab",
    "schulische Ausbildung": "school_vet",
    "vollqualifizierende Berufsfachschule": "school_vet",
    "Übergang": "transition",
    "Übergangssystem": "transition",
    "BvB": "transition",
    "BVJ": "transition",
    "BEJ": "transition",
    "EQ": "transition",
    "AV": "transition",
    "AV dual": "transition",
    "VABO": "transition",
    "Berufseinstiegsklasse": "transition",
    "Oberstufe": "upper_secondary",
    "gymnasiale Oberstufe": "upper_secondary",
    "berufliches Gymnasium": "upper_secondary",
    "Fachoberschule": "upper_secondary",
    "FOS": "upper_secondary",
    "BOS": "upper_secondary",
    # "Schule" or "weiterführende Schule" alone may mean either: the import asks for a mapping.
    "Klasse 10": "general_school",
    "10. Klasse": "general_school",
    "Wiederholung": "general_school",
    "bleibt an der Schule": "general_school",
    "allgemeinbildende Schule": "general_school",
    "Studium": "higher_ed",
    "Hochschule": "higher_ed",
    "FSJ": "service",
    "FÖJ": "service",
    "BFD": "service",
    "Bundesfreiwilligendienst": "service",
    "Freiwilligendienst": "service",
    "Wehrdienst": "service",
    "Bundeswehr": "service",
    "Arbeit": "work",
    "Job": "work",
    "Erwerbstätigkeit": "work",
    "arbeitslos": "neet",
    "NEET": "neet",
    "sonstiges": "other",
    "anderweitig": "other",
    "unbekannt": "unknown",
    "?": "unknown",
}
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
NO = {"nein", "n", "0", "falsch", "false", "no", "-"}
GERMAN = {"deutsch", "de", "d", "deu", "deutschland", "german", "germany"}


def normalise(text: Any) -> str:
    """Titles and values compare loosely: case, umlauts, ß, spaces and punctuation do not matter."""
    text = str(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(char for char in text if char.isalnum())


def value_key(text: Any) -> str:
    """Values keep their punctuation ("?", "-"), but not case or repeated spaces."""
    return " ".join(str(text).casefold().split())


TITLE_TO_FIELD = {normalise(title): key for key, titles in ALIASES.items() for title in titles}


def is_personal(title: str) -> bool:
    """A title that looks like a name, a birth date or an address (a known field's title never does)."""
    key = normalise(title)
    if key in TITLE_TO_FIELD:
        return False
    if key in PERSONAL_TITLES or any(part in key for part in PERSONAL_PARTS):
        return True
    return "name" in key and any(owner in key for owner in PERSONAL_NAME_OWNERS)


def personal_column(titles: list[str]) -> str | None:
    """The first column title that looks like a name, a birth date or an address."""
    return next((title for title in titles if is_personal(title)), None)


def refuse_personal_columns(titles: list[str]) -> None:
    title = personal_column(titles)
    if title is not None:
        raise UnreadableFile(
            _(
                "Die Spalte „%(title)s“ sieht nach personenbezogenen Daten aus (Namen, Geburtsdaten oder "
                "Anschriften). Solche Daten gehören nicht ins Monitoring: Entfernen Sie die Spalte und laden "
                "Sie die Datei erneut hoch. Es wurde nichts gespeichert."
            )
            % {"title": title}
        )
