"""A relevance test set for the offering search over the Musterkreis demo catalogue.

Each case is a query a young person, a parent or a teacher would type, and the offerings a practitioner
would expect to find (by the start of their titles; an offering that runs in several places counts once
per place). `evaluate()` runs them through `search.search()` and measures

- recall: how many of the expected offerings the search finds at all, and
- precision at 10: how many of the first ten hits (the first screen) are expected ones,

averaged over the queries. `bench/search_relevance_bench.py` prints them (with and without synonyms
and compound splitting); `tests/test_relevance.py` holds a floor.
"""

from __future__ import annotations

from dataclasses import dataclass

from uebergang.tenants.models import Tenant

from .models import Offering
from .search import SearchQuery, search

NEWLY_ARRIVED = (
    "Sprachcafé für neu zugewanderte",
    "Sprachcafe für neu zugewanderte",
    "Berufsbezogener Deutschkurs",
    "VABO",
    "Jugendmigrationsdienst",
    "Integrationskurs",
)
APPLICATION = ("Bewerbungstraining kompakt", "Fit für die Bewerbung", "Vorstellungsgespräche üben")
TRAINING_PLACE = (
    "Ausbildungslotsen",
    "Berufseinstiegsbegleitung",
    "Passgenaue Besetzung",
    "Berufsberatung in der Schule",
    "Ausbildungsmesse",
)
INTERNSHIPS = (
    "Werkstatttage",
    "Handwerk erleben",
    "Praktikumsbörse",
    "Pflege ausprobieren",
    "Schnupperwoche Logistik",
    "Holzwerkstatt-Praktikum",
    "Backstube erleben",
    "Girls' und Boys' Day",
)
ORIENTATION = (
    "Potenzialanalyse",
    "Werkstatttage",
    "Fortbildung Berufsorientierung",
    "Studien- und Berufsorientierung",
    "Digitale Berufsorientierung",
    "Berufliche Orientierung für Schülerinnen",
    "Elternabend Berufswahl",
)
LEARNING = ("Lernpaten", "Prüfungsvorbereitung", "Hausaufgabenhilfe", "Sommerschule Mathe", "Lerncoaching")
GERMAN = (
    "Berufsbezogener Deutschkurs",
    "Integrationskurs",
    "Sprachcafé für neu",
    "Sprachcafe für neu",
    "VABO",
)
AGENCY = (
    "Berufsberatung in der Schule",
    "Neustart nach Ausbildungsabbruch",
    "Jugendberufsagentur",
    "Studien- und",
)
DROPOUT = ("Neustart nach Ausbildungsabbruch", "Ausbildung sichern")

CASES: list[tuple[str, tuple[str, ...]]] = [
    ("Ausbildungsabbruch", DROPOUT),
    ("Abbruch der Ausbildung", DROPOUT),
    ("Abbruch", DROPOUT),
    ("Flüchtling", NEWLY_ARRIVED),
    ("Flüchtlinge", NEWLY_ARRIVED),
    ("Geflüchtete", NEWLY_ARRIVED),
    ("neu zugewandert", NEWLY_ARRIVED),
    ("Bewerbung", (*APPLICATION, "Bewerbungsfotos")),
    ("Bewerbungstraining", APPLICATION[:2]),
    ("Lebenslauf", APPLICATION[:2]),
    ("Vorstellungsgespräch", APPLICATION),
    ("Praktikum", INTERNSHIPS),
    ("Schnuppertag", ("Pflege ausprobieren", "Schnupperwoche Logistik")),
    ("Ausbildungsplatz", TRAINING_PLACE),
    ("Lehrstelle", TRAINING_PLACE),
    ("Berufsorientierung", ORIENTATION),
    ("Berufswahl", ORIENTATION),
    ("Hauptschulabschluss", ("Prüfungsvorbereitung Hauptschulabschluss", "Hauptschulabschluss für Erwachsene", "Berufsvorbereitende Bildungsmaßnahme")),
    ("Schulabschluss nachholen", ("Hauptschulabschluss für Erwachsene",)),
    ("Nachhilfe", (*LEARNING, "Assistierte Ausbildung")),
    ("Hausaufgabenhilfe", ("Hausaufgabenhilfe", "Lernpaten")),
    ("Deutschkurs", GERMAN),
    ("Sprachkurs", GERMAN),
    ("Deutsch lernen", GERMAN),
    ("Behinderung", ("Berufliche Orientierung für Schülerinnen", "Unterstützte Beschäftigung")),
    ("Jobcenter", ("Coaching für junge Erwachsene", "Teilqualifizierung", "Ausbildung in Teilzeit", "Jugendberufsagentur")),
    ("Agentur für Arbeit", AGENCY),
    ("Berufsberatung", AGENCY),
    ("junge Mütter", ("Treffpunkt junge Mütter", "Ausbildung in Teilzeit")),
    ("Teilzeitausbildung", ("Ausbildung in Teilzeit",)),
    ("Mentoring", ("Ausbildungspaten", "Senior-Partner", "Berufseinstiegsbegleitung", "Schulstart-Paten")),
    ("Paten", ("Ausbildungspaten", "Schulstart-Paten", "Lernpaten")),
    ("Mädchen Technik", ("Technik ausprobieren: Mädchen-Werkstatt", "Girls' und Boys' Day")),
    ("Ausbildungsmesse", ("Ausbildungsmesse",)),
    ("Berufsmesse", ("Ausbildungsmesse",)),
    ("Kita", ("Rucksack KiTa", "Forscherkiste", "Schulstart-Paten")),
    ("Grundschule", ("Forscherkiste", "Übergangsberatung nach Klasse 4", "Schulstart-Paten")),
    ("Einstiegsqualifizierung", ("Einstiegsqualifizierung",)),
    ("Langzeitpraktikum", ("Einstiegsqualifizierung",)),
    ("Assistierte Ausbildung", ("Assistierte Ausbildung",)),
    ("Azubi", ("Senior-Partner für Azubis", "Assistierte Ausbildung", "Ausbildung sichern", "Jugendwohnen")),
    ("Schulsozialarbeit", ("Schulsozialarbeit",)),
    ("Streetwork", ("Streetwork Ost",)),
    ("Pflege", ("Pflege ausprobieren", "Nachqualifizierung Pflegehilfe", "Infotag Gesundheits-")),
    ("Berufsvorbereitung", ("Berufsvorbereitende Bildungsmaßnahme", "Ausbildungsvorbereitung dual", "Jugendwerkstatt", "Einstiegsqualifizierung")),
    ("Handwerk", ("Handwerk erleben", "Ausbildungsbegleitung im Handwerk", "Holzwerkstatt", "Backstube")),
    ("Jugendberufsagentur", ("Jugendberufsagentur",)),
]  # fmt: skip

TOP = 10


@dataclass
class Outcome:
    query: str
    expected: int
    found: int  # expected offerings among all hits
    hits: int
    top_relevant: int  # expected offerings among the first TOP hits

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        shown = min(self.hits, TOP)
        return self.top_relevant / shown if shown else 0.0


def evaluate(tenant: Tenant) -> list[Outcome]:
    """Every case of CASES searched in the tenant's catalogue."""
    published = list(Offering.objects.for_tenant(tenant).published().values_list("pk", "title"))
    outcomes = []
    for text, prefixes in CASES:
        expected = {pk for pk, title in published if title.startswith(prefixes)}
        hits = [offering.pk for offering in search(tenant, SearchQuery(text=text), all_hits=True).offerings]
        outcomes.append(
            Outcome(
                text,
                len(expected),
                len(expected & set(hits)),
                len(hits),
                len(expected & set(hits[:TOP])),
            )
        )
    return outcomes


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
