"""What differs between the Länder: the names of school types and the programmes of the transition.

School types are stored as common categories (the codes of `network.Organisation.SchoolType`, plus
"primary" for offerings), so that figures compare across Länder; each Land names them in its own words
and lacks some (Bavaria has no school of several courses). A municipality picks its Land
(`Tenant.land`); forms, the finder, dashboards and imports then speak its language. Programmes of the
transition sector and similar paths are destination sub-codes of the Land (seeded as data by a
migration: `monitoring.Destination` rows with `land`), so Kreis Offenbach records InteA and BÜA, not
AVdual and VABO. Another Land is added here and in that data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LAENDER = [
    ("BW", _("Baden-Württemberg")),
    ("BY", _("Bayern")),
    ("BE", _("Berlin")),
    ("BB", _("Brandenburg")),
    ("HB", _("Bremen")),
    ("HH", _("Hamburg")),
    ("HE", _("Hessen")),
    ("MV", _("Mecklenburg-Vorpommern")),
    ("NI", _("Niedersachsen")),
    ("NW", _("Nordrhein-Westfalen")),
    ("RP", _("Rheinland-Pfalz")),
    ("SL", _("Saarland")),
    ("SN", _("Sachsen")),
    ("ST", _("Sachsen-Anhalt")),
    ("SH", _("Schleswig-Holstein")),
    ("TH", _("Thüringen")),
]

# Common category → name, where a Land has no list of its own.
GENERAL_SCHOOL_TYPES = {
    "primary": _("Grundschule"),
    "werkrealschule": _("Hauptschule"),
    "realschule": _("Realschule"),
    "gemeinschaftsschule": _("Schule mit mehreren Bildungsgängen"),
    "gymnasium": _("Gymnasium"),
    "sbbz": _("Förderschule"),
    "vocational": _("Berufliche Schule"),
}

# Land → common category → the Land's name; a category missing from a Land's list does not exist there.
SCHOOL_TYPES = {
    "BW": {
        "primary": _("Grundschule"),
        "werkrealschule": _("Werkrealschule/Hauptschule"),
        "realschule": _("Realschule"),
        "gemeinschaftsschule": _("Gemeinschaftsschule"),
        "gymnasium": _("Gymnasium"),
        "sbbz": _("SBBZ (Sonderpädagogisches Bildungs- und Beratungszentrum)"),
        "vocational": _("Berufliche Schule"),
    },
    "BY": {
        "primary": _("Grundschule"),
        "werkrealschule": _("Mittelschule"),
        "realschule": _("Realschule"),
        "gymnasium": _("Gymnasium"),
        "sbbz": _("Förderzentrum"),
        "vocational": _("Berufliche Schule (Berufsschule, FOS/BOS)"),
    },
    "HE": {
        "primary": _("Grundschule"),
        "werkrealschule": _("Hauptschule"),
        "realschule": _("Realschule"),
        "gemeinschaftsschule": _("Integrierte Gesamtschule / Mittelstufenschule"),
        "gymnasium": _("Gymnasium"),
        "sbbz": _("Förderschule"),
        "vocational": _("Berufliche Schule"),
    },
    "NI": {
        "primary": _("Grundschule"),
        "werkrealschule": _("Hauptschule"),
        "realschule": _("Realschule"),
        "gemeinschaftsschule": _("Oberschule / Integrierte Gesamtschule"),
        "gymnasium": _("Gymnasium"),
        "sbbz": _("Förderschule"),
        "vocational": _("Berufsbildende Schule (BBS)"),
    },
    "NW": {
        "primary": _("Grundschule"),
        "werkrealschule": _("Hauptschule"),
        "realschule": _("Realschule"),
        "gemeinschaftsschule": _("Gesamtschule / Sekundarschule"),
        "gymnasium": _("Gymnasium"),
        "sbbz": _("Förderschule"),
        "vocational": _("Berufskolleg"),
    },
}

# Land → programmes recorded as destination sub-codes: (code, label, top-level code). Codes carry the
# Land so that they stay unique across the installation. Seeded by monitoring migration 0011.
PROGRAMMES = {
    "BW": [
        ("bw_av", "AV – Ausbildungsvorbereitung", "transition"),
        ("bw_avdual", "AVdual – Ausbildungsvorbereitung dual", "transition"),
        ("bw_vabo", "VABO – Vorqualifizierung Arbeit/Beruf ohne Deutschkenntnisse", "transition"),
        ("bw_bej", "BEJ – Berufseinstiegsjahr", "transition"),
        ("bw_2bfs", "2BFS – zweijährige Berufsfachschule (Fachschulreife)", "transition"),
    ],
    "BY": [
        ("by_bvj", "BVJ – Berufsvorbereitungsjahr", "transition"),
        ("by_bik", "BIK – Berufsintegrationsklasse", "transition"),
        ("by_joa", "JoA – Klasse für Jugendliche ohne Ausbildungsplatz", "transition"),
    ],
    "HE": [
        ("he_bzb", "BzB – Bildungsgänge zur Berufsvorbereitung", "transition"),
        ("he_intea", "InteA – Integration durch Anschluss und Abschluss", "transition"),
        ("he_bua", "BÜA – Berufsfachschule zum Übergang in Ausbildung", "transition"),
    ],
    "NI": [
        ("ni_bvj", "BVJ – Berufseinstiegsschule: Berufsvorbereitungsjahr", "transition"),
        ("ni_bek", "BEK – Berufseinstiegsklasse", "transition"),
        ("ni_sprint", "SPRINT – Sprach- und Integrationsprojekt", "transition"),
    ],
    "NW": [
        ("nw_av", "Ausbildungsvorbereitung am Berufskolleg", "transition"),
        ("nw_ifk", "IFK – Internationale Förderklasse", "transition"),
        ("nw_bfs", "Berufsfachschule (Anlage B, Hauptschulabschluss/mittlerer Schulabschluss)", "transition"),
    ],
}


def school_types(land: str, *, primary: bool = False) -> list[tuple[str, str]]:
    """The Land's school types as (common category, the Land's name), in the common order."""
    names = SCHOOL_TYPES.get(land, GENERAL_SCHOOL_TYPES)
    return [
        (code, names[code])
        for code in GENERAL_SCHOOL_TYPES
        if code in names and (primary or code != "primary")
    ]


def school_type_choices(land: str, *, kept=(), primary: bool = False) -> list[tuple[str, str]]:
    """A form's choices: the Land's school types, plus stored ones its list lacks (a save keeps them)."""
    choices = school_types(land, primary=primary)
    listed = {code for code, _label in choices}
    return choices + [(code, school_type_label(land, code)) for code in kept if code and code not in listed]


def school_type_label(land: str, code: str) -> str:
    """A stored category as the Land says it (the general name where the Land lacks the category)."""
    return str(SCHOOL_TYPES.get(land, GENERAL_SCHOOL_TYPES).get(code) or GENERAL_SCHOOL_TYPES.get(code, code))


def school_type_aliases(land: str) -> dict[str, str]:
    """Names a file may use for a school type → category: the Land's, then common abbreviations."""
    aliases = {
        "IGS": "gemeinschaftsschule",
        "KGS": "gemeinschaftsschule",
        "Gesamtschule": "gemeinschaftsschule",
    }
    aliases |= {"Förderschule": "sbbz", "Berufsschule": "vocational", "Mittelschule": "werkrealschule"}
    for names in (GENERAL_SCHOOL_TYPES, SCHOOL_TYPES.get(land, {})):
        for code, name in names.items():
            aliases[str(name)] = code
            for part in str(name).replace("(", "/").replace(")", "").split("/"):
                if part.strip():
                    aliases.setdefault(part.strip(), code)
    return aliases
