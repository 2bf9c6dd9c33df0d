"""Demo offering catalogue of Musterkreis: about 150 offerings of the demo network's organisations.

Fictional throughout: invented offerings, functional mailboxes under example.org, no persons. Each
entry of OFFERINGS is one kind of offering and the places where it runs (a school of the network, a
town of the district, or the provider's own seat). Generated from a seeded random number generator,
so every run gives the same catalogue; a tenant that already has offerings is left alone. Dates count
from the day of loading (a parameter), so the demo always has offerings whose funding ends within six
months, some whose funding has ended, and some whose last check is older than the review interval.

On purpose for the gaps-and-overlaps pages: early phases (Familie–KiTa, KiTa–Grundschule) stay thin, so
the coverage matrix has empty cells, and a few offerings overlap (same profile from two providers, or
near-identical titles), so the duplicates page has something to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from uebergang.accounts.models import User
from uebergang.network.models import FundingSource, LegalSphere, Organisation
from uebergang.offerings import geo, synonyms, versions
from uebergang.offerings.models import Category, Offering, OfferingLocation, OfferingVersion
from uebergang.offerings.search import refresh_search_text
from uebergang.tenants.models import Region, Tenant

from .network import MUSTERKREIS_ACTORS, PARTNER_EMAIL, STREETS, TOWNS, ascii_slug

SEED = "uebergang-demo-offerings"
S = LegalSphere
F = FundingSource
Status = Offering.Status

# Every demo postcode falls back to the same area centre (geo.place_for): spread the towns around it
# (West to the west, Ost to the east) so the map shows the district's shape.
TOWN_OFFSETS = {
    "Musterstadt": (0.0, 0.0),
    "Lindenau": (0.035, 0.045),
    "Flussheim": (0.03, -0.1),
    "Westhafen": (-0.025, -0.13),
    "Auenbach": (0.07, -0.065),
    "Bergdorf": (-0.03, 0.11),
    "Waldhausen": (0.045, 0.145),
    "Hügelfeld": (-0.06, 0.085),
}
JITTER = 0.006


@dataclass(frozen=True)
class Kind:
    """One kind of offering and where it runs: (provider key, place). A place is a town, "school:<key>"
    (at that school, which it serves) or "" (the provider's own address). `{place}` in the title
    becomes the town or the school's short name, `{provider}` the provider's short name."""

    title: str
    short: str
    description: str
    phases: tuple[str, ...]
    categories: tuple[str, ...]
    groups: tuple[str, ...]
    runs: tuple[tuple[str, str], ...]
    sphere: str = ""  # Rechtskreis: the legal basis
    source: str = ""  # Mittelgeber: who pays
    basis: str = ""
    funder: str = ""
    programme: str = ""
    statutory: bool = False  # a gesetzliche Regelleistung: funded without end
    amount: tuple[int, int] | None = None  # plausible yearly funding in euros for one run (low, high)
    ages: tuple[int | None, int | None] = (None, None)
    grades: tuple[int | None, int | None] = (None, None)
    school_types: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    places: tuple[int, int] | None = None
    schedule: str = ""
    plain: str = ""
    languages: tuple[str, ...] = ("de",)
    cost: str = ""  # "" = free of charge; else an amount in euros
    confidential: bool = False
    status: str = Status.PUBLISHED
    service_status: str = Offering.ServiceStatus.ACTIVE


def at_schools(provider_of_region: dict[str, str], schools: list[str]) -> tuple[tuple[str, str], ...]:
    """Runs at schools, each by the provider of the school's region."""
    region_of = {actor.key: TOWNS[actor.town][0] for actor in MUSTERKREIS_ACTORS}
    return tuple((provider_of_region[region_of[key]], f"school:{key}") for key in schools)


BY_REGION = {"Mitte": "bildungswerk", "West": "bbz-west", "Ost": "zukunft-lernen"}
SECONDARY = [
    "wrs-muehlbach", "wrs-weststadt", "gms-schlossberg", "gms-lindenau", "wrs-flussheim", "wrs-deich",
    "gms-westhafen", "gms-auenbach", "wrs-bergdorf", "gms-kirchberg", "wrs-huegelfeld",
]  # fmt: skip
BEREB_SCHOOLS = [
    "wrs-muehlbach",
    "wrs-weststadt",
    "wrs-deich",
    "wrs-flussheim",
    "wrs-bergdorf",
    "wrs-huegelfeld",
]
SOCIAL_WORK_SCHOOLS = [
    ("sozialwerk", "wrs-muehlbach"), ("sozialwerk", "gms-schlossberg"), ("jugendamt", "gms-lindenau"),
    ("jugendamt", "wrs-deich"), ("sozialwerk", "gms-westhafen"), ("jugendamt", "gms-auenbach"),
    ("familienhilfe", "wrs-bergdorf"), ("familienhilfe", "gms-kirchberg"), ("jugendamt", "rs-hafen"),
    ("familienhilfe", "rs-bergdorf"), ("sozialwerk", "wrs-weststadt"), ("jugendamt", "wrs-flussheim"),
    ("familienhilfe", "wrs-huegelfeld"),
]  # fmt: skip
REAL_SCHOOLS = ["rs-lindenhof", "rs-hafen", "rs-bergdorf", "rs-waldhausen"]
SBBZ = ["sbbz-sonnenhalde", "sbbz-auwald", "sbbz-bergdorf"]

OFFERINGS = [
    Kind(
        "Potenzialanalyse an der {place}",
        "Zwei Tage, an denen Schülerinnen und Schüler herausfinden, was sie gut können.",
        "In praktischen Aufgaben, Gruppenübungen und einem Auswertungsgespräch erkennen die Jugendlichen "
        "ihre Stärken und Interessen. Die Ergebnisse fließen in den Berufswahlpass und in die Planung der "
        "Praktika ein. Eltern sind zum Auswertungsgespräch eingeladen.",
        ("orientation",), ("career_orientation",), ("young_people",),
        at_schools(BY_REGION, SECONDARY + REAL_SCHOOLS),
        sphere=S.SCHOOL_LAW, source=F.STATE, basis="VwV Berufliche Orientierung, § 48 SGB III",
        funder="Kultusministerium mit Kofinanzierung der Agentur für Arbeit", programme="Berufsorientierung an Schulen",
        amount=(6_000, 12_000), grades=(7, 7), ages=(12, 14),
        school_types=("werkrealschule", "gemeinschaftsschule"), places=(40, 90),
        schedule="zwei Schultage im Herbst der Klasse 7",
        plain="Du machst zwei Tage lang Aufgaben und Übungen. Danach weißt du besser, was du gut kannst. "
        "Du sprichst mit einer Fachkraft über deine Stärken.",
    ),
    Kind(
        "Werkstatttage {place}",
        "Zwei Wochen in drei Berufsfeldern ausprobieren: Metall, Holz, Farbe, Gesundheit oder Handel.",
        "Die Jugendlichen arbeiten in den Lehrwerkstätten an eigenen Werkstücken und lernen Berufe von "
        "innen kennen. Ausbilderinnen und Ausbilder geben Rückmeldung; am Ende steht eine Empfehlung für "
        "das Betriebspraktikum.",
        ("orientation",), ("career_orientation", "internships"), ("young_people",),
        (("bildungswerk", "Musterstadt"), ("bbz-west", "Westhafen"), ("zukunft-lernen", "Bergdorf")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 48 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Berufsorientierungsmaßnahme", amount=(20_000, 45_000), grades=(8, 8), ages=(13, 15), places=(24, 48),
        schedule="zehn Tage in den Herbstwochen, 8–14 Uhr",
    ),
    Kind(
        "Bewerbungstraining kompakt",
        "Lebenslauf, Anschreiben, Online-Bewerbung und Vorstellungsgespräch in vier Nachmittagen.",
        "In kleinen Gruppen erstellen die Teilnehmenden ihre vollständigen Bewerbungsunterlagen, üben "
        "Vorstellungsgespräche mit Video-Feedback und lernen Online-Bewerbungsportale kennen. Wer mag, "
        "bekommt danach eine Einzelberatung.",
        ("school_to_training",), ("application_training",), ("young_people",),
        (("bildungswerk", "Musterstadt"), ("jbh", "Musterstadt"), ("bbz-west", "Westhafen"), ("zukunft-lernen", "Bergdorf")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 45 SGB III", funder="Agentur für Arbeit Musterstadt", programme="Aktivierung und berufliche Eingliederung",
        amount=(8_000, 15_000), ages=(15, 21), grades=(9, 10), places=(10, 14), schedule="vier Nachmittage, jeweils 14–17 Uhr",
        plain="Wir helfen dir bei deiner Bewerbung. Du schreibst deinen Lebenslauf. Du übst das Gespräch mit dem Betrieb.",
    ),
    Kind(
        "Fit für die Bewerbung – Abendkurs",
        "Bewerbungsunterlagen am Abend fertig machen, mit Hilfe am eigenen Laptop.",
        "Für Jugendliche, die tagsüber Schule oder Nebenjob haben: an drei Abenden entstehen Lebenslauf "
        "und Anschreiben. Ehrenamtliche aus Personalabteilungen geben Tipps aus der Praxis.",
        ("school_to_training",), ("application_training",), ("young_people",),
        (("paten", "Musterstadt"),),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis",
        programme="Ehrenamt im Übergang", amount=(2_000, 5_000), ages=(15, 24), places=(8, 12), schedule="dienstags 18–20 Uhr",
    ),
    Kind(
        "Berufseinstiegsbegleitung an der {place}",
        "Persönliche Begleitung ab der Vorabgangsklasse bis ins erste Ausbildungsjahr.",
        "Eine feste Begleiterin oder ein fester Begleiter unterstützt beim Schulabschluss, bei der "
        "Berufswahl, der Suche nach einem Ausbildungsplatz und in den ersten Monaten der Ausbildung. "
        "Die Begleitung kommt in die Schule und hält Kontakt zu Eltern und Betrieben.",
        ("orientation", "school_to_training", "training"), ("training_support", "mentoring"),
        ("young_people", "no_qualification"),
        at_schools(BY_REGION, BEREB_SCHOOLS),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 49 SGB III", funder="Agentur für Arbeit Musterstadt, kofinanziert vom Land",
        programme="Berufseinstiegsbegleitung", amount=(60_000, 110_000), grades=(8, 10), ages=(14, 20),
        school_types=("werkrealschule",), qualifications=("none", "first"), places=(15, 20),
        schedule="wöchentliche Termine in der Schule, nach Absprache",
        plain="Eine Person begleitet dich. Sie hilft dir beim Abschluss und bei der Suche nach einer Ausbildung. "
        "Sie bleibt auch im ersten Jahr der Ausbildung bei dir.",
    ),
    Kind(
        "Ausbildungspaten Musterkreis",
        "Ehrenamtliche Patinnen und Paten begleiten Jugendliche auf dem Weg in die Ausbildung.",
        "Berufserfahrene Ehrenamtliche treffen sich ein Jahr lang regelmäßig mit einer oder einem "
        "Jugendlichen: Bewerbungen, Praktikumssuche, Lernen für die Abschlussprüfung. Die Paten werden "
        "geschult und vom Verein begleitet.",
        ("school_to_training",), ("mentoring",), ("young_people",),
        (("paten", ""),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", programme="Ehrenamt im Übergang", amount=(15_000, 30_000),
        ages=(14, 22), places=(30, 40), schedule="Treffen nach Vereinbarung, etwa wöchentlich",
    ),
    Kind(
        "Ausbildungspaten Westhafen",
        "Ehrenamtliche Patinnen und Paten begleiten Jugendliche auf dem Weg in die Ausbildung.",
        "Menschen aus Betrieben und dem Ruhestand begleiten Schülerinnen und Schüler der Abgangsklassen "
        "in Westhafen: beim Praktikum, bei Bewerbungen und beim Lernen.",
        ("school_to_training",), ("mentoring",), ("young_people",),
        (("foerderverein", "Westhafen"),),
        sphere=S.NONE, source=F.FOUNDATION, funder="Bürgerstiftung Flussheim", amount=(3_000, 8_000), ages=(14, 20), places=(12, 20),
        schedule="Treffen nach Vereinbarung",
    ),
    Kind(
        "Senior-Partner für Azubis",
        "Erfahrene Fachleute im Ruhestand stehen Auszubildenden bei Problemen zur Seite.",
        "Wenn es in der Berufsschule hakt oder im Betrieb knirscht: Ehrenamtliche mit Berufserfahrung "
        "helfen beim Lernen, vermitteln bei Konflikten und stärken den Durchhaltewillen.",
        ("training",), ("mentoring", "training_support"), ("young_people", "training_dropouts"),
        (("seniorpartner", "Bergdorf"), ("seniorpartner", "Waldhausen")),
        sphere=S.NONE, source=F.OWN_FUNDS, ages=(16, 25), places=(10, 15), schedule="nach Vereinbarung",
    ),
    Kind(
        "Assistierte Ausbildung flexibel",
        "Unterstützung vor und während der Ausbildung – für Azubis und ihre Betriebe.",
        "Nachhilfe für die Berufsschule, sozialpädagogische Begleitung bei persönlichen Problemen und "
        "Unterstützung des Ausbildungsbetriebs bei Verwaltung und Organisation. Die Teilnahme ist "
        "kostenlos und neben der Ausbildung möglich.",
        ("training",), ("training_support",), ("young_people", "training_dropouts", "companies"),
        (("bildungswerk", ""),),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 74 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Assistierte Ausbildung", amount=(150_000, 260_000), ages=(16, 27), places=(30, 45),
        schedule="Stützunterricht montags und mittwochs 16–18 Uhr, Beratung nach Termin",
    ),
    Kind(
        "Assistierte Ausbildung flex",
        "Begleitung von Auszubildenden und Betrieben im Westen des Kreises.",
        "Lernförderung, Prüfungsvorbereitung und Begleitung bei Schwierigkeiten im Betrieb. Ausbildungs"
        "betriebe erhalten Hilfe bei Fragen zur Ausbildung junger Menschen mit Unterstützungsbedarf.",
        ("training",), ("training_support",), ("young_people", "training_dropouts", "companies"),
        (("bbz-west", ""),),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 74 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Assistierte Ausbildung", amount=(100_000, 180_000), ages=(16, 27), places=(20, 30), schedule="nach Vereinbarung",
    ),
    Kind(
        "Berufsvorbereitende Bildungsmaßnahme (BvB) {place}",
        "Ein Jahr Vorbereitung auf eine Ausbildung, mit Praktika und der Chance auf den Hauptschulabschluss.",
        "Wer noch keinen Ausbildungsplatz hat, erprobt Berufsfelder, macht Praktika in Betrieben und "
        "kann den Hauptschulabschluss nachholen. Bildungsbegleiterinnen und -begleiter planen den Weg "
        "gemeinsam mit den Teilnehmenden.",
        ("school_to_training",), ("vocational_preparation", "second_chance"), ("young_people", "no_qualification"),
        (("bildungswerk", "Musterstadt"), ("bbz-west", "Westhafen")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 51 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Berufsvorbereitende Bildungsmaßnahmen", amount=(250_000, 420_000), ages=(15, 25), qualifications=("none", "first"),
        places=(24, 40), schedule="Vollzeit, montags bis freitags 8–15.30 Uhr",
        plain="Du hast noch keine Ausbildung? Hier probierst du Berufe aus. Du machst Praktika. "
        "Du kannst auch deinen Hauptschulabschluss machen.",
    ),
    Kind(
        "Einstiegsqualifizierung – {provider}",
        "Ein Langzeitpraktikum von sechs bis zwölf Monaten als Brücke in die Ausbildung.",
        "Die Kammer berät Betriebe und Jugendliche zur Einstiegsqualifizierung, vermittelt passende "
        "Plätze und begleitet den Übergang in die Ausbildung. Die Zeit kann auf die Ausbildung "
        "angerechnet werden.",
        ("school_to_training",), ("vocational_preparation", "internships"), ("young_people", "companies"),
        (("ihk", ""), ("hwk", "")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 54a SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Einstiegsqualifizierung", statutory=True, ages=(16, 25), places=(20, 35), schedule="Vollzeit im Betrieb",
    ),
    Kind(
        "Jugendwerkstatt Auenbach",
        "Arbeiten, lernen und Tagesstruktur finden in Holz- und Fahrradwerkstatt.",
        "Junge Menschen ohne Anschluss arbeiten an echten Aufträgen, bekommen sozialpädagogische "
        "Begleitung und bereiten sich auf Ausbildung oder Arbeit vor. Ein Einstieg ist jederzeit möglich.",
        ("school_to_training",), ("youth_social_work", "vocational_preparation"), ("young_people", "no_qualification"),
        (("jugendwerkstatt", ""),),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 13 SGB VIII", funder="Jugendamt Musterkreis, kofinanziert aus dem ESF Plus",
        programme="Jugendwerkstätten", amount=(90_000, 160_000), ages=(16, 26), places=(12, 16), schedule="montags bis donnerstags 8–14 Uhr",
        plain="Du arbeitest in einer Werkstatt mit Holz und Fahrrädern. Du lernst einen festen Tagesablauf. "
        "Wir helfen dir bei deinen Plänen.",
    ),
    Kind(
        "Aktivierungshilfe für Jüngere",
        "Kleine Schritte zurück in Schule, Ausbildung oder Arbeit – mit viel Begleitung.",
        "Für junge Menschen, die von anderen Angeboten nicht erreicht werden: Gruppenangebote, "
        "Einzelcoaching, Hilfe bei Behördengängen und kurze Praktika. Die Teilnahme ist freiwillig.",
        ("school_to_training", "requalification"), ("youth_social_work", "counselling"), ("young_people",),
        (("jbh", "Musterstadt"), ("jbh", "Westhafen")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 45 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Aktivierungshilfen", amount=(60_000, 110_000), ages=(15, 25), places=(12, 18), schedule="montags bis freitags 9–13 Uhr",
    ),
    Kind(
        "Coaching für junge Erwachsene",
        "Aufsuchende Unterstützung für schwer erreichbare junge Menschen.",
        "Fachkräfte gehen auf junge Menschen zu, die den Kontakt zu Jobcenter, Schule oder Ausbildung "
        "verloren haben: Wohnen, Schulden, Gesundheit und der Weg zurück in Bildung oder Arbeit.",
        ("school_to_training", "requalification"), ("youth_social_work", "counselling"),
        ("young_people", "no_qualification"),
        (("jbh", "Musterstadt"), ("mobile-ost", "Waldhausen")),
        sphere=S.SGB_II, source=F.EMPLOYMENT_AGENCY, basis="§ 16h SGB II", funder="Jobcenter Musterkreis", programme="Förderung schwer zu erreichender junger Menschen",
        amount=(80_000, 150_000), ages=(15, 25), places=(20, 30), schedule="Termine nach Vereinbarung, auch aufsuchend",
        plain="Du hast gerade keinen Plan? Wir kommen zu dir. Wir helfen dir bei Problemen mit Geld, Wohnen oder Ämtern.",
    ),
    Kind(
        "Streetwork Ost",
        "Ansprechbar auf Plätzen, in Jugendtreffs und online – vertraulich und freiwillig.",
        "Die Mobile Jugendarbeit ist dort, wo sich junge Menschen treffen. Sie hört zu, berät und "
        "begleitet zu anderen Stellen, wenn das gewünscht ist.",
        ("orientation", "school_to_training"), ("youth_social_work",), ("young_people",),
        (("mobile-ost", "Waldhausen"), ("mobile-ost", "Hügelfeld")),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 13 SGB VIII", funder="Jugendamt Musterkreis", ages=(12, 27),
        schedule="dienstags und freitags ab 16 Uhr unterwegs", languages=("de", "tr", "ru"),
    ),
    Kind(
        "Schulsozialarbeit an der {place}",
        "Beratung für Schülerinnen, Schüler und Eltern bei Sorgen in Schule, Familie und Freizeit.",
        "Die Schulsozialarbeit berät vertraulich, vermittelt bei Konflikten, bietet soziale Gruppen"
        "trainings an und arbeitet mit Lehrkräften und Eltern zusammen.",
        ("primary_secondary", "orientation"), ("school_social_work", "counselling"), ("young_people", "parents"),
        tuple((provider, f"school:{school}") for provider, school in SOCIAL_WORK_SCHOOLS),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 13a SGB VIII", funder="Landkreis Musterkreis mit Landesförderung",
        programme="Schulsozialarbeit", amount=(45_000, 70_000), ages=(10, 17), grades=(5, 10), schedule="an Schultagen 8–14 Uhr",
    ),
    Kind(
        "Elternabend Berufswahl – mehrsprachig",
        "Wie funktioniert Ausbildung in Deutschland? Informationen für Eltern in mehreren Sprachen.",
        "Eltern erfahren, wie das duale Ausbildungssystem funktioniert, welche Wege nach der Schule "
        "offenstehen und wie sie ihr Kind begleiten können. Sprachmittlerinnen übersetzen.",
        ("orientation", "school_to_training"), ("parent_work", "career_orientation"), ("parents",),
        (("migrationsdienst", "Musterstadt"), ("migrationsdienst", "Westhafen"), ("bildungswerk", "Musterstadt")),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", programme="Elternbeteiligung im Übergang",
        amount=(4_000, 9_000),
        schedule="viermal im Jahr, donnerstags 18.30 Uhr", languages=("de", "tr", "ar", "uk", "ru"),
    ),
    Kind(
        "Technik ausprobieren: Mädchen-Werkstatt",
        "Löten, programmieren, konstruieren – Technikberufe für Mädchen zum Anfassen.",
        "Schülerinnen bauen in der Ausbildungswerkstatt ein eigenes Projekt und lernen weibliche "
        "Auszubildende in technischen Berufen kennen.",
        ("orientation",), ("career_orientation", "internships"), ("girls",),
        (("musterwerke", ""), ("maschinenbau", "")),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis", programme="MINT für Mädchen",
        amount=(5_000, 12_000),
        grades=(7, 10), ages=(12, 17), places=(12, 16), schedule="drei Tage in den Osterferien",
    ),
    Kind(
        "Betriebserkundungen für Schulklassen",
        "Schulklassen besuchen Ausbildungsbetriebe der Region und sprechen mit Azubis.",
        "Die Kammer organisiert Besuche in Betrieben aus Industrie, Handel und Dienstleistung, passend "
        "zum Unterricht. Lehrkräfte erhalten Material zur Vor- und Nachbereitung.",
        ("orientation",), ("job_fairs", "career_orientation"), ("young_people", "teachers"),
        (("ihk", "Musterstadt"),),
        sphere=S.NONE, source=F.BUSINESS, funder="IHK Musterregion", grades=(7, 10), schedule="nach Absprache mit der Schule",
    ),
    Kind(
        "Handwerk erleben: Praktikumswochen",
        "Eine Woche Praktikum in einem Handwerksbetrieb – vermittelt von der Kreishandwerkerschaft.",
        "Über 80 Innungsbetriebe bieten Praktikumsplätze an. Die Kreishandwerkerschaft vermittelt, "
        "bereitet vor und holt Rückmeldungen ein.",
        ("orientation", "school_to_training"), ("internships",), ("young_people",),
        (("khs", "Lindenau"), ("hwk", "Musterstadt")),
        sphere=S.NONE, source=F.BUSINESS, funder="Handwerkskammer Musterregion", grades=(8, 10), places=(60, 120),
        schedule="in den Praktikumswochen der Schulen",
    ),
    Kind(
        "Ausbildungsmesse Musterkreis",
        "Über 100 Betriebe, Schulen und Beratungsstellen an einem Tag.",
        "Die jährliche Messe im Berufsschulzentrum: Ausbildungsberufe zum Ausprobieren, "
        "Bewerbungsmappen-Check, Speed-Dating mit Betrieben und Vorträge für Eltern.",
        ("orientation", "school_to_training"), ("job_fairs",), ("young_people", "parents", "companies"),
        (("kost", "Musterstadt"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis mit IHK und HWK", schedule="jährlich im März, Samstag 10–15 Uhr",
    ),
    Kind(
        "Sprachcafé für neu zugewanderte Jugendliche",
        "Deutsch sprechen üben in lockerer Runde, mit Hausaufgabenhilfe.",
        "Ehrenamtliche und Fachkräfte sprechen mit den Jugendlichen über Alltag, Schule und Berufe. "
        "Wer mag, bringt Hausaufgaben oder Briefe von Ämtern mit.",
        ("orientation", "school_to_training"), ("language_support",), ("newly_arrived",),
        (("migrationsdienst", "Musterstadt"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", ages=(14, 25),
        schedule="mittwochs 16–18 Uhr", languages=("de", "ar", "uk", "fa"),
    ),
    Kind(
        "Sprachcafe für neu zugewanderte Jugendliche",
        "Offener Treff zum Deutschsprechen im Westen des Kreises.",
        "Gespräche in kleinen Gruppen, Spiele und Ausflüge zu Betrieben: Deutsch lernen im Alltag.",
        ("orientation", "school_to_training"), ("language_support",), ("newly_arrived",),
        (("vhs", "Westhafen"),),
        sphere=S.NONE, source=F.OWN_FUNDS, funder="Volkshochschule Musterkreis", ages=(14, 25),
        schedule="montags 16–18 Uhr", languages=("de", "ar", "uk"),
    ),
    Kind(
        "Berufsbezogener Deutschkurs für junge Erwachsene",
        "Deutsch für Ausbildung und Beruf, Niveau B1 bis B2, mit Prüfung.",
        "Fachsprache für Ausbildungsberufe, Bewerbungen auf Deutsch und Vorbereitung auf die "
        "Sprachprüfung. Die Teilnahme ist mit Berechtigung kostenfrei.",
        ("school_to_training", "requalification"), ("language_support",), ("newly_arrived",),
        (("vhs", "Musterstadt"),),
        sphere=S.RESIDENCE_ACT, source=F.FEDERAL, basis="§ 45a AufenthG", funder="Bundesamt für Migration und Flüchtlinge",
        programme="Berufssprachkurse", statutory=True, ages=(18, 27), places=(16, 20), schedule="montags bis donnerstags 8.30–12.30 Uhr",
        languages=("de",),
    ),
    Kind(
        "VABO – Vorqualifizierung ohne Deutschkenntnisse an der {place}",
        "Ein Schuljahr Deutsch und Berufsorientierung für neu zugewanderte Jugendliche.",
        "Im Vorqualifizierungsjahr lernen die Jugendlichen Deutsch, Mathematik und Grundlagen der "
        "Berufswelt. Ziel ist der Übergang in eine weiterführende Klasse oder Ausbildung.",
        ("school_to_training",), ("language_support", "vocational_preparation"), ("newly_arrived",),
        (("gs-musterstadt", "school:gs-musterstadt"), ("bsz-westhafen", "school:bsz-westhafen")),
        sphere=S.SCHOOL_LAW, source=F.STATE, basis="Verordnung über das Vorqualifizierungsjahr Arbeit/Beruf", statutory=True,
        ages=(15, 20),
        school_types=("vocational",), places=(18, 22), schedule="Vollzeit-Schuljahr",
    ),
    Kind(
        "Jugendmigrationsdienst: Beratung",
        "Beratung für junge Zugewanderte zu Schule, Anerkennung, Ausbildung und Alltag.",
        "Individuelle Begleitung nach einem Integrationsplan: Anerkennung von Zeugnissen, Sprachkurse, "
        "Schul- und Berufswahl, Wohnen und Aufenthalt.",
        ("school_to_training", "requalification"), ("counselling",), ("newly_arrived", "parents"),
        (("migrationsdienst", ""),),
        sphere=S.SGB_VIII, source=F.FEDERAL, basis="§ 83 SGB VIII (Kinder- und Jugendplan des Bundes)",
        funder="Bundesministerium für Familie, Senioren, Frauen und Jugend", programme="Jugendmigrationsdienste",
        amount=(70_000, 120_000), ages=(12, 27),
        schedule="Sprechzeiten dienstags 9–12 und donnerstags 14–17 Uhr",
        languages=("de", "en", "ar", "tr", "uk", "ru", "fa"),
    ),
    Kind(
        "Lernpaten Flussheim",
        "Ehrenamtliche helfen beim Lernen für den Schulabschluss.",
        "Einmal pro Woche lernen Ehrenamtliche mit Schülerinnen und Schülern Mathematik, Deutsch und "
        "Englisch – in der Stadtbücherei oder in der Schule.",
        ("primary_secondary", "orientation"), ("learning_support",), ("young_people",),
        (("buergerstiftung", "Flussheim"),),
        sphere=S.NONE, source=F.FOUNDATION, funder="Bürgerstiftung Flussheim", amount=(2_000, 6_000), grades=(5, 10), places=(20, 30),
        schedule="einmal pro Woche nach Vereinbarung",
    ),
    Kind(
        "Prüfungsvorbereitung Hauptschulabschluss",
        "Nachhilfe in Mathe, Deutsch und Englisch für die Abschlussklassen.",
        "In kleinen Gruppen bereiten sich Schülerinnen und Schüler gezielt auf die Prüfungen vor. "
        "Die Stiftung übernimmt die Kosten.",
        ("orientation", "school_to_training"), ("learning_support",), ("young_people",),
        (("stiftung-zukunft", "Musterstadt"), ("stiftung-zukunft", "Bergdorf")),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis", programme="Abschluss sichern",
        amount=(6_000, 15_000),
        grades=(9, 9), school_types=("werkrealschule", "gemeinschaftsschule"), places=(12, 20),
        schedule="Februar bis Mai, montags und donnerstags 15–17 Uhr",
    ),
    Kind(
        "Hauptschulabschluss für Erwachsene",
        "In einem Jahr zum Hauptschulabschluss – berufsbegleitend am Abend.",
        "Der Kurs bereitet auf die Schulfremdenprüfung vor. Eine Lernbegleitung hilft bei Fragen zur "
        "Finanzierung und zum weiteren Weg.",
        ("requalification",), ("second_chance",), ("no_qualification", "young_people"),
        (("vhs", "Musterstadt"), ("vhs", "Waldhausen")),
        sphere=S.SCHOOL_LAW, source=F.STATE, basis="Schulfremdenprüfung nach Landesrecht",
        funder="Land, mit Eigenanteil der Volkshochschule Musterkreis", ages=(17, 40),
        qualifications=("none",), places=(14, 18), schedule="montags und mittwochs 18–21 Uhr", cost="120.00",
        plain="Du hast keinen Schulabschluss? Hier kannst du ihn nachholen. Der Kurs ist am Abend.",
    ),
    Kind(
        "Teilqualifizierung für junge Erwachsene",
        "Schritt für Schritt zum Berufsabschluss in Lager, Metall oder Verkauf.",
        "Zertifizierte Teilqualifikationen führen über mehrere Module zur Abschlussprüfung vor der "
        "Kammer. Praxisphasen finden in Betrieben der Region statt.",
        ("requalification",), ("vocational_preparation", "second_chance"), ("young_people", "training_dropouts"),
        (("bbz-west", "Westhafen"), ("bildungswerk", "Musterstadt")),
        sphere=S.SGB_II, source=F.EMPLOYMENT_AGENCY, basis="§ 16 SGB II i. V. m. § 81 SGB III", funder="Jobcenter Musterkreis",
        programme="Abschlussorientierte Weiterbildung", amount=(120_000, 200_000), ages=(20, 35), places=(12, 16),
        schedule="Vollzeit, Module à drei Monate",
    ),
    Kind(
        "Berufsberatung in der Schule – {place}",
        "Sprechstunden der Berufsberatung in den Schulen der Region.",
        "Die Berufsberatung der Agentur für Arbeit bietet offene Sprechstunden und Einzeltermine in den "
        "Schulen an, auch gemeinsam mit Eltern.",
        ("orientation", "school_to_training"), ("counselling", "career_orientation"), ("young_people", "parents"),
        (("aa", "Musterstadt"), ("aa-west", "Westhafen"), ("aa", "Bergdorf"), ("aa", "Lindenau"),
         ("aa-west", "Flussheim"), ("aa", "Waldhausen")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 29 SGB III", funder="Agentur für Arbeit Musterstadt", statutory=True, grades=(8, 13),
        schedule="nach Aushang in der Schule",
    ),
    Kind(
        "Jugendberufsagentur: Beratung unter einem Dach",
        "Agentur für Arbeit, Jobcenter und Jugendamt beraten gemeinsam an einem Ort.",
        "Junge Menschen bis 25 bekommen hier Beratung zu Ausbildung, Studium, Arbeit, Geld und "
        "persönlichen Problemen – ohne von Amt zu Amt gehen zu müssen.",
        ("school_to_training", "training", "requalification"), ("counselling",),
        ("young_people", "parents", "young_parents"),
        (("jba", ""),),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§§ 29–33 SGB III, § 16 SGB II, § 13 SGB VIII",
        funder="Agentur für Arbeit, Jobcenter und Landkreis (Jugendamt)", statutory=True, ages=(15, 25),
        schedule="montags bis freitags 8–12 Uhr, donnerstags bis 18 Uhr", languages=("de", "en", "tr"),
        plain="Hier bekommst du Hilfe zu Ausbildung, Arbeit und Geld. Alle Ämter sind im selben Haus.",
    ),
    Kind(
        "Ausbildung in Teilzeit für junge Eltern",
        "Beratung und Begleitung für junge Mütter und Väter, die eine Ausbildung in Teilzeit machen wollen.",
        "Gemeinsam mit Betrieben und Kinderbetreuung wird eine Teilzeitausbildung geplant. Die "
        "Begleitung bleibt während der Ausbildung ansprechbar.",
        ("school_to_training", "training"), ("counselling", "training_support"), ("young_parents",),
        (("sozialwerk", "Musterstadt"),),
        sphere=S.SGB_II, source=F.EMPLOYMENT_AGENCY, basis="§ 16 SGB II, § 7a BBiG", funder="Jobcenter Musterkreis, kofinanziert aus dem ESF Plus",
        programme="Teilzeitausbildung", amount=(40_000, 80_000), ages=(17, 27), places=(10, 15), schedule="nach Vereinbarung, mit Kinderbetreuung",
    ),
    Kind(
        "Treffpunkt junge Mütter",
        "Austausch, Beratung und Kinderbetreuung für junge Mütter – an einem geschützten Ort.",
        "Junge Mütter treffen sich wöchentlich, planen ihren Schulabschluss oder ihre Ausbildung und "
        "bekommen Beratung zu Geld und Betreuung. Die Adresse gibt es nach dem ersten Telefonat.",
        ("school_to_training",), ("counselling", "youth_social_work"), ("young_parents", "girls"),
        (("sozialwerk", "Musterstadt"), ("familienhilfe", "Waldhausen")),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 13 SGB VIII", funder="Jugendamt Musterkreis", ages=(15, 25),
        schedule="freitags 9.30–12 Uhr", confidential=True,
    ),
    Kind(
        "Jugendwohnen während der Ausbildung",
        "Ein Zimmer mit Begleitung für Auszubildende, die nicht zu Hause wohnen können.",
        "Sozialpädagogisch begleitetes Wohnen für Auszubildende und junge Menschen in Berufsvorbereitung. "
        "Die Adresse des Hauses wird nicht veröffentlicht.",
        ("training",), ("youth_social_work",), ("young_people",),
        (("sozialwerk", "Musterstadt"),),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 13 Abs. 3 SGB VIII", funder="Jugendamt Musterkreis", ages=(16, 26),
        places=(18, 24), schedule="ganzjährig", confidential=True, cost="250.00",
    ),
    Kind(
        "Berufliche Orientierung für Schülerinnen und Schüler mit Behinderung",
        "Praxistage und Begleitung für Jugendliche an SBBZ auf dem Weg in Ausbildung oder Arbeit.",
        "Der Integrationsfachdienst klärt Fähigkeiten und Wünsche, sucht Praktikumsplätze in Betrieben "
        "und berät zu Unterstützung am Arbeitsplatz.",
        ("orientation", "school_to_training"), ("career_orientation", "counselling"), ("disability",),
        tuple(("ifd", f"school:{school}") for school in SBBZ),
        sphere=S.SGB_IX, source=F.STATE, basis="§§ 192–198 SGB IX (Integrationsfachdienst)",
        funder="Integrationsamt mit der Agentur für Arbeit", programme="Berufsorientierung inklusiv", amount=(30_000, 60_000),
        ages=(14, 21), school_types=("sbbz",), places=(8, 12), schedule="wöchentlich nach Stundenplan",
        plain="Du gehst auf ein SBBZ? Wir helfen dir, einen passenden Beruf zu finden. Wir suchen mit dir einen Praktikumsplatz.",
    ),
    Kind(
        "Ausbildungslotsen an der {place}",
        "Die Ausbildungslotsen begleiten die Abschlussklassen bei Berufswahl und Ausbildungsplatzsuche.",
        "Die Lotsinnen und Lotsen sind an festen Tagen in der Schule: Sie klären mit den Jugendlichen, "
        "welcher Beruf passt, suchen Praktikums- und Ausbildungsplätze bei Betrieben der Region, helfen "
        "bei der Bewerbung und vermitteln direkt in Ausbildung – bis zum Vertrag.",
        ("orientation", "school_to_training"), ("career_orientation", "application_training"), ("young_people",),
        at_schools(BY_REGION, ["wrs-muehlbach", "gms-lindenau", "wrs-deich", "gms-westhafen", "wrs-bergdorf"]),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", programme="Ausbildungslotsen",
        amount=(35_000, 55_000), grades=(8, 10), ages=(14, 18), schedule="zwei feste Tage pro Woche in der Schule",
        plain="Du suchst eine Ausbildung? Die Lotsen kommen in deine Schule. Sie suchen mit dir einen Betrieb.",
    ),
    Kind(
        "Ausbildung sichern: Hilfe bei Abbruchgefahr",
        "Wenn die Ausbildung zu scheitern droht: schnelle Hilfe für Azubis und Betriebe.",
        "Die Ausbildungsbegleiterinnen der Kammer vermitteln bei Konflikten, suchen Nachhilfe, klären den "
        "Wechsel in einen anderen Betrieb und helfen, einen Abbruch der Ausbildung zu vermeiden.",
        ("training",), ("training_support", "counselling"), ("training_dropouts", "companies"),
        (("hwk", ""), ("ihk", "")),
        sphere=S.NONE, source=F.ESF_PLUS, funder="Land, kofinanziert aus dem ESF Plus", programme="Erfolgreich ausgebildet",
        amount=(40_000, 75_000), ages=(16, 27), schedule="Termine innerhalb von drei Werktagen",
    ),
    Kind(
        "Pflege ausprobieren: Schnuppertage",
        "Einen Tag in Pflege, Küche oder Technik der Kreiskliniken mitarbeiten.",
        "Schülerinnen und Schüler begleiten Auszubildende durch einen Arbeitstag und erfahren, welche "
        "Ausbildungen die Kliniken anbieten.",
        ("orientation",), ("internships",), ("young_people",),
        (("kliniken", ""),),
        grades=(8, 12), ages=(14, 19), places=(40, 60), schedule="jeden ersten Mittwoch im Monat",
    ),
    Kind(
        "Girls' und Boys' Day im Autohaus",
        "Einen Tag Kfz-Mechatronik und Verkauf erleben.",
        "Jugendliche schauen in Werkstatt und Verkauf und lernen die Ausbildung zur Kfz-Mechatronikerin "
        "und zum Automobilkaufmann kennen.",
        ("orientation",), ("internships", "career_orientation"), ("young_people", "girls"),
        (("autohaus", ""),),
        grades=(7, 10), places=(6, 10), schedule="einmal im Frühjahr",
    ),
    Kind(
        "Ausbildungsvorbereitung dual (AVdual) an der {place}",
        "Ein Schuljahr mit zwei Praxistagen pro Woche im Betrieb und Begleitung.",
        "Jugendliche ohne Ausbildungsplatz verbinden Unterricht an der beruflichen Schule mit Praxis im "
        "Betrieb; AV-Begleiterinnen und -Begleiter unterstützen bei Praktikum und Bewerbung.",
        ("school_to_training",), ("vocational_preparation",), ("young_people", "no_qualification"),
        (("gs-musterstadt", "school:gs-musterstadt"), ("ks-musterstadt", "school:ks-musterstadt"), ("bsz-westhafen", "school:bsz-westhafen")),
        sphere=S.SCHOOL_LAW, source=F.STATE, basis="Schulgesetz, Verordnung über die Ausbildungsvorbereitung", ages=(15, 20),
        school_types=("vocational",), qualifications=("none", "first"), places=(20, 40), schedule="Vollzeit-Schuljahr",
    ),
    Kind(
        "Fortbildung Berufsorientierung für Lehrkräfte",
        "Halbtägige Fortbildungen zu Berufswahlpass, Praktikumsbegleitung und Elternarbeit.",
        "Das Schulamt und die Koordinierungsstelle bieten Lehrkräften Fortbildungen zu Konzepten der "
        "beruflichen Orientierung an, mit Beispielen aus Schulen des Kreises.",
        ("orientation",), ("career_orientation",), ("teachers",),
        (("schulamt", ""),),
        sphere=S.SCHOOL_LAW, source=F.STATE, statutory=True, schedule="dreimal im Schuljahr, mittwochs 14–17 Uhr",
    ),
    Kind(
        "Passgenaue Besetzung: Ausbildungsplätze vermitteln",
        "Die Kammer bringt Jugendliche und Betriebe mit freien Ausbildungsplätzen zusammen – auch mit Fluchtgeschichte.",
        "Die Beraterinnen der Kammer sprechen mit Bewerberinnen und Bewerbern über ihre Wünsche, schlagen "
        "passende Betriebe vor, bereiten das Vorstellungsgespräch vor und begleiten die ersten Monate.",
        ("school_to_training", "training"), ("counselling",), ("young_people", "companies"),
        (("ihk", ""), ("hwk", "")),
        sphere=S.NONE, source=F.ESF_PLUS, funder="Bundeswirtschaftsministerium, kofinanziert aus dem ESF Plus",
        programme="Passgenaue Besetzung", amount=(60_000, 95_000),
        schedule="Termine im Betrieb nach Vereinbarung",
    ),
    Kind(
        "Übergangsberatung nach Klasse 4",
        "Welche weiterführende Schule passt? Beratung für Eltern von Viertklässlern.",
        "Beratungslehrkräfte informieren über die Schularten im Kreis und beraten Eltern in "
        "Einzelgesprächen, auf Wunsch mit Sprachmittlung.",
        ("primary_secondary",), ("counselling", "parent_work"), ("parents",),
        (("schulamt", "Musterstadt"), ("schulamt", "Westhafen")),
        sphere=S.SCHOOL_LAW, source=F.STATE, statutory=True, grades=(4, 4), schedule="Januar bis März nach Vereinbarung",
        languages=("de", "tr", "ar"),
    ),
    Kind(
        "Rucksack KiTa: Elternbildung in der Kita",
        "Eltern stärken die Sprache ihrer Kinder – in Deutsch und in der Familiensprache.",
        "Elternbegleiterinnen treffen sich wöchentlich mit Müttern und Vätern in der Kita und geben "
        "Anregungen für Sprache und Lernen zu Hause.",
        ("family_kita",), ("parent_work", "language_support"), ("parents",),
        (("familienhilfe", "Waldhausen"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", amount=(8_000, 15_000), ages=(2, 6), schedule="mittwochs 9–11 Uhr",
        languages=("de", "tr", "ar", "ru"),
    ),
    Kind(
        "Schulstart-Paten",
        "Ehrenamtliche begleiten Familien beim Übergang von der Kita in die Grundschule.",
        "Patinnen und Paten helfen bei Anmeldung, Schulweg und den ersten Elternabenden, besonders "
        "Familien, die neu in Deutschland sind.",
        ("kita_primary",), ("mentoring", "parent_work"), ("parents", "newly_arrived"),
        (("sozialwerk", "Musterstadt"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Stadt Musterstadt", ages=(5, 7), places=(15, 25), schedule="nach Vereinbarung",
    ),
    Kind(
        "Studien- und Berufsorientierung am {place}",
        "Studium oder Ausbildung? Orientierung für die Oberstufe.",
        "Die Berufsberatung stellt Studiengänge, duale Studienangebote und Ausbildungen für "
        "Abiturientinnen und Abiturienten vor und berät in Einzelgesprächen.",
        ("orientation",), ("career_orientation", "counselling"), ("young_people",),
        (("aa", "school:gym-kreishaus"), ("aa-west", "school:gym-flussheim"), ("aa", "school:gym-waldhausen")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 33 SGB III", funder="Agentur für Arbeit Musterstadt", statutory=True, grades=(10, 13),
        school_types=("gymnasium",), qualifications=("abitur",), schedule="monatliche Sprechstunde in der Schule",
    ),
    Kind(
        "Ausbildungsbotschafter im Unterricht: {place}",
        "Auszubildende erzählen Schulklassen von ihrem Beruf.",
        "Junge Auszubildende aus Betrieben der Region besuchen Schulklassen, berichten aus ihrem Alltag "
        "und beantworten Fragen auf Augenhöhe.",
        ("orientation",), ("career_orientation",), ("young_people", "teachers"),
        (("ihk", "school:rs-lindenhof"), ("ihk", "school:gms-westhafen"), ("hwk", "school:rs-waldhausen")),
        sphere=S.NONE, source=F.STATE, funder="Wirtschaftsministerium des Landes", programme="Ausbildungsbotschafter",
        amount=(8_000, 15_000), grades=(8, 10),
        schedule="eine Doppelstunde nach Absprache",
    ),
    Kind(
        "Offener Jugendtreff {place}",
        "Freizeit, Beratung und Unterstützung bei Schule und Bewerbung im Jugendhaus.",
        "Im offenen Treff gibt es Billard, Musik und Kochen – und Fachkräfte, die bei Bewerbungen, "
        "Briefen und Sorgen helfen.",
        ("orientation", "school_to_training"), ("youth_social_work",), ("young_people",),
        (("stadt", "Musterstadt"), ("mobile-ost", "Hügelfeld"), ("jugendamt", "Flussheim")),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 11 SGB VIII", funder="Stadt Musterstadt", ages=(12, 21),
        schedule="dienstags bis freitags 15–20 Uhr", languages=("de", "tr", "ar"),
    ),
    Kind(
        "Mädchentreff Westhafen",
        "Ein Raum nur für Mädchen: Freizeit, Beratung und Berufsorientierung.",
        "Mädchen und junge Frauen treffen sich, probieren Neues aus und sprechen mit Fachfrauen über "
        "Schule, Beruf und Zukunft.",
        ("orientation", "school_to_training"), ("youth_social_work", "career_orientation"), ("girls",),
        (("sozialwerk", "Westhafen"),),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 11 SGB VIII", funder="Jugendamt Musterkreis", ages=(11, 21),
        schedule="montags und mittwochs 15–19 Uhr", languages=("de", "ar", "tr"),
    ),
    Kind(
        "Integrationskurs für junge Erwachsene",
        "Deutsch und Orientierung im Alltag für Zugewanderte bis 27 Jahre.",
        "Der Jugendintegrationskurs verbindet Deutschunterricht mit Orientierung zu Schule, Ausbildung und Arbeit.",
        ("school_to_training", "requalification"), ("language_support",), ("newly_arrived",),
        (("vhs", "Musterstadt"), ("vhs", "Bergdorf")),
        sphere=S.RESIDENCE_ACT, source=F.FEDERAL, basis="§ 43 AufenthG, § 13 IntV", funder="Bundesamt für Migration und Flüchtlinge",
        programme="Integrationskurse", statutory=True, ages=(16, 27), places=(15, 20), schedule="montags bis freitags 8.30–12.45 Uhr",
    ),
    Kind(
        "Unterstützte Beschäftigung",
        "Begleitung am Arbeitsplatz für junge Menschen mit Behinderung.",
        "Jobcoaches begleiten die Einarbeitung im Betrieb, bis die Arbeit sicher gelingt, und bleiben "
        "danach ansprechbar.",
        ("training", "requalification"), ("training_support",), ("disability", "companies"),
        (("ifd", ""),),
        sphere=S.SGB_IX, source=F.EMPLOYMENT_AGENCY, basis="§ 55 SGB IX", funder="Agentur für Arbeit Musterstadt (Reha-Träger)",
        statutory=True, ages=(18, 30),
        places=(6, 10), schedule="im Betrieb nach Vereinbarung",
    ),
    Kind(
        "Ausbildungsbegleitung im Handwerk",
        "Ansprechpartner für Lehrlinge und Innungsbetriebe, wenn es schwierig wird.",
        "Die Kreishandwerkerschaft berät Auszubildende und Betriebe, organisiert Nachhilfe und vermittelt "
        "bei Konflikten.",
        ("training",), ("training_support",), ("young_people", "companies"),
        (("khs", ""),),
        sphere=S.NONE, source=F.BUSINESS, funder="Handwerkskammer Musterregion", schedule="nach Vereinbarung",
    ),
    Kind(
        "Bewerbungsfotos und Outfit-Beratung",
        "Kostenlose Bewerbungsfotos und Tipps für das Vorstellungsgespräch.",
        "Ehrenamtliche Fotografinnen machen Bewerbungsfotos; aus der Kleiderkammer gibt es passende Kleidung.",
        ("school_to_training",), ("application_training",), ("young_people",),
        (("foerderverein", ""),),
        sphere=S.NONE, source=F.OWN_FUNDS, ages=(14, 25), schedule="jeden zweiten Samstag 10–13 Uhr",
    ),
    Kind(
        "Praktikumsbörse Musterkreis",
        "Freie Praktikumsplätze der Betriebe im Kreis an einem Ort.",
        "Betriebe tragen Praktikumsplätze ein, Schulen und Jugendliche finden sie nach Beruf und Ort. "
        "Die Koordinierungsstelle pflegt die Börse.",
        ("orientation", "school_to_training"), ("internships",), ("young_people", "companies", "teachers"),
        (("kost", ""),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Landkreis Musterkreis", schedule="ganzjährig online",
    ),
    Kind(
        "Forscherkiste: Von der Kita in die Grundschule",
        "Gemeinsame Projekte von Kitas und Grundschulen für einen guten Schulstart.",
        "Erzieherinnen und Lehrkräfte planen gemeinsame Forschertage; Eltern sind eingeladen.",
        ("kita_primary",), ("parent_work",), ("parents", "teachers"),
        (("stadt", "Musterstadt"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Stadt Musterstadt", ages=(5, 7), schedule="einmal im Monat vormittags",
    ),
    Kind(
        "Hausaufgabenhilfe Klasse 5 und 6",
        "Nach dem Wechsel auf die weiterführende Schule: Hilfe bei Hausaufgaben und Lernen.",
        "Die Hausaufgabenhilfe begleitet Kinder im ersten Jahr an der neuen Schule.",
        ("primary_secondary",), ("learning_support",), ("young_people",),
        (("lernwerkstatt", "Lindenau"),),
        sphere=S.NONE, source=F.MUNICIPAL, funder="Stadt Musterstadt", grades=(5, 6), places=(20, 25),
        schedule="montags bis donnerstags 13.30–15 Uhr",
    ),
    Kind(
        "Neustart nach Ausbildungsabbruch",
        "Beratung für alle, die ihre Ausbildung abgebrochen haben oder abbrechen wollen.",
        "Die Berufsberatung klärt Alternativen: Wechsel des Betriebs, eines anderen Berufs oder eine "
        "Nachqualifizierung, und vermittelt passende Unterstützung.",
        ("training", "requalification"), ("counselling",), ("training_dropouts",),
        (("aa", "Musterstadt"), ("aa-west", "Westhafen")),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 29 SGB III", funder="Agentur für Arbeit Musterstadt", statutory=True, ages=(16, 30),
        schedule="Termine innerhalb einer Woche",
    ),
    Kind(
        "Nachqualifizierung Pflegehilfe",
        "Der Weg zur Pflegehelferin oder zum Pflegehelfer – berufsbegleitend.",
        "Angelernte Beschäftigte und junge Erwachsene ohne Berufsabschluss erwerben in einem Jahr den "
        "Abschluss in der Pflegehilfe.",
        ("requalification",), ("second_chance",), ("young_people", "training_dropouts"),
        (("kliniken", ""),),
        sphere=S.SGB_III, source=F.EMPLOYMENT_AGENCY, basis="§ 81 SGB III", funder="Agentur für Arbeit Musterstadt",
        programme="Abschlussorientierte Weiterbildung", amount=(90_000, 150_000), ages=(18, 40), places=(12, 16), schedule="Teilzeit, zwölf Monate",
    ),
    Kind(
        "Schülerfirma-Coaching an der {place}",
        "Schülerinnen und Schüler gründen und führen eine eigene kleine Firma.",
        "Coaches der Stiftung begleiten die Schülerfirma bei Planung, Verkauf und Buchhaltung.",
        ("orientation",), ("career_orientation",), ("young_people",),
        (("stiftung-zukunft", "school:gms-schlossberg"), ("stiftung-zukunft", "school:gms-kirchberg")),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis", programme="Schülerfirmen",
        amount=(3_000, 7_000), grades=(8, 10),
        schedule="wöchentlich im Wahlpflichtfach",
    ),
    Kind(
        "Schnupperwoche Logistik",
        "Lager, Disposition und Fahrzeuge: eine Woche im Logistikzentrum.",
        "Jugendliche lernen die Ausbildungen zur Fachkraft für Lagerlogistik und zum Berufskraftfahrer kennen.",
        ("orientation",), ("internships",), ("young_people",),
        (("logistik", ""),),
        grades=(8, 10), places=(8, 10), schedule="in den Praktikumswochen",
    ),
    Kind(
        "Holzwerkstatt-Praktikum",
        "Zimmerei und Holzbau ausprobieren.",
        "Eine Woche auf der Baustelle und in der Werkstatt eines Holzbaubetriebs.",
        ("orientation",), ("internships",), ("young_people",),
        (("holzbau", ""),),
        grades=(8, 10), places=(2, 4), schedule="nach Absprache",
    ),
    Kind(
        "Backstube erleben",
        "Früh aufstehen, Teig kneten, verkaufen: ein Tag in der Bäckerei.",
        "Schülerinnen und Schüler backen mit und lernen die Ausbildungen im Lebensmittelhandwerk kennen.",
        ("orientation",), ("internships",), ("young_people",),
        (("baeckerei", ""),),
        grades=(7, 10), places=(2, 3), schedule="nach Absprache, ab 5 Uhr",
    ),
    Kind(
        "Vorstellungsgespräche üben mit Personalprofis",
        "Probe-Gespräche mit Ausbildungsleiterinnen und -leitern aus Betrieben der Region.",
        "Jugendliche führen ein Vorstellungsgespräch unter echten Bedingungen und bekommen ehrliche Rückmeldung.",
        ("school_to_training",), ("application_training",), ("young_people",),
        (("musterwerke", ""),),
        grades=(9, 12), places=(20, 30), schedule="zweimal im Jahr",
    ),
    Kind(
        "Infotag Gesundheits- und Sozialberufe",
        "Pflege, Erziehung, Hauswirtschaft: Ausbildungen an der beruflichen Schule kennenlernen.",
        "Schülerinnen und Schüler der Berufsfachschulen stellen ihre Bildungsgänge vor.",
        ("orientation", "school_to_training"), ("career_orientation",), ("young_people", "parents"),
        (("hss-musterstadt", "school:hss-musterstadt"),),
        sphere=S.SCHOOL_LAW, source=F.STATE, grades=(8, 10), schedule="einmal im Jahr im Januar",
    ),
    Kind(
        "Digitale Berufsorientierung mit VR-Brillen",
        "Berufe virtuell erleben – ein neues Angebot für Schulklassen.",
        "Mit VR-Brillen erkunden Jugendliche Arbeitsplätze in Betrieben der Region. Das Angebot ist "
        "in Vorbereitung.",
        ("orientation",), ("career_orientation",), ("young_people",),
        (("bildungswerk", "Musterstadt"),),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis", grades=(7, 9), places=(25, 30),
        status=Status.DRAFT,
    ),
    Kind(
        "Sommerschule Mathe",
        "Zwei Ferienwochen Mathematik vor dem Abschlussjahr.",
        "Wiederholung und Übung in kleinen Gruppen, vormittags Lernen, nachmittags Ausflüge in Betriebe.",
        ("orientation",), ("learning_support",), ("young_people",),
        (("lernwerkstatt", "Lindenau"),),
        sphere=S.NONE, source=F.FOUNDATION, funder="Bürgerstiftung Flussheim", grades=(8, 9), places=(15, 20),
        schedule="letzte zwei Wochen der Sommerferien", status=Status.DRAFT,
    ),
    Kind(
        "Lerncoaching Lindenau",
        "Lernen lernen: Einzelcoaching für Schülerinnen und Schüler mit Lernschwierigkeiten.",
        "Lerncoaches entwickeln mit den Jugendlichen Strategien für Hausaufgaben, Prüfungen und Zeitplanung.",
        ("primary_secondary", "orientation"), ("learning_support",), ("young_people",),
        (("lernwerkstatt", ""),),
        sphere=S.SGB_VIII, source=F.MUNICIPAL, basis="§ 35a SGB VIII", funder="Jugendamt Musterkreis", statutory=True, grades=(5, 10),
        places=(10, 15), schedule="nach Vereinbarung", status=Status.IN_REVIEW,
    ),
    Kind(
        "Kompetenzagentur Musterkreis",
        "Frühere Anlaufstelle für junge Menschen ohne Anschluss.",
        "Das Modellprojekt wurde in die Jugendberufsagentur überführt.",
        ("school_to_training",), ("counselling",), ("young_people",),
        (("jbh", "Musterstadt"),),
        sphere=S.NONE, source=F.ESF_PLUS, funder="Bundesjugendministerium, kofinanziert aus dem ESF", programme="Kompetenzagenturen",
        status=Status.ARCHIVED, service_status=Offering.ServiceStatus.DEFUNCT,
    ),
    Kind(
        "Berufsstart-Camp {place}",
        "Eine Ferienwoche Berufe entdecken – das Camp pausiert derzeit.",
        "Das Ferienangebot wurde für ein Jahr ausgesetzt und soll danach neu aufgelegt werden.",
        ("orientation",), ("career_orientation",), ("young_people",),
        (("zukunft-lernen", "Bergdorf"), ("bbz-west", "Westhafen")),
        sphere=S.NONE, source=F.FOUNDATION, funder="Stiftung Zukunft Musterkreis", grades=(7, 9), places=(20, 24),
        status=Status.ARCHIVED, service_status=Offering.ServiceStatus.INACTIVE,
    ),
]  # fmt: skip


@dataclass
class Context:
    tenant: Tenant
    rng: random.Random
    today: date
    organisations: dict[str, Organisation]
    regions: dict[str, Region]
    categories: dict[str, Category]


def _place(context: Context, provider: Organisation, place: str) -> tuple[str, dict, Organisation | None]:
    """(text for the title, location fields, school served) of a run."""
    rng = context.rng
    if place.startswith("school:"):
        school = context.organisations[place.removeprefix("school:")]
        fields = {
            "name": school.name,
            "street": school.street,
            "postcode": school.postcode,
            "city": school.city,
        }
        return school.short_name, {**fields, "region": school.region}, school
    if place:
        region_name, lowest, highest = TOWNS[place]
        fields = {
            "name": provider.short_name,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 90)}",
            "postcode": str(rng.randint(lowest, highest)),
            "city": place,
        }
        return place, {**fields, "region": context.regions.get(region_name)}, None
    fields = {"name": provider.short_name, "street": provider.street, "postcode": provider.postcode}
    return provider.city, {**fields, "city": provider.city, "region": provider.region}, None


def _coordinates(context: Context, postcode: str, city: str) -> tuple[float | None, float | None]:
    found = geo.place_for(postcode)
    if found is None:
        return None, None
    dlat, dlon = TOWN_OFFSETS.get(city, (0.0, 0.0))
    jitter = context.rng.uniform
    return (
        round(found.latitude + dlat + jitter(-JITTER, JITTER), 6),
        round(found.longitude + dlon + jitter(-JITTER, JITTER), 6),
    )


def _funding(context: Context, kind: Kind) -> dict:
    """Who pays, and a funding period: most programmes run for years, some end within six months, a
    few have ended already. Statutory services (gesetzliche Regelleistungen) have no end; an amount is
    only given where the kind names a plausible yearly range for one run."""
    if not (kind.funder or kind.source):
        return {}
    fields = {
        "funding_source": kind.source,
        "funder_name": kind.funder,
        "programme": kind.programme,
        "statutory": kind.statutory,
    }
    if kind.statutory or not kind.programme:
        return fields
    rng, today = context.rng, context.today
    draw = rng.random()
    if draw < 0.16:
        end = today + timedelta(days=rng.randint(5, 175))
    elif draw < 0.21:
        end = today - timedelta(days=rng.randint(10, 120))
    else:
        end = date(today.year + rng.randint(1, 3), 12, 31)
    start = date(end.year - rng.randint(2, 4), 1, 1)
    amount = Decimal(rng.randrange(kind.amount[0], kind.amount[1], 500)) if kind.amount else None
    return {**fields, "funding_start": start, "funding_end": end, "funding_amount": amount}


def _run_suffix(runs: list[tuple[Organisation, str]]) -> str:
    """A kind that runs several times names the town in each title, or the provider where two share a
    town, or both; a kind without a placeholder gets this after a dash."""
    if len(runs) < 2:
        return ""
    towns = [place.removeprefix("school:") or provider.city for provider, place in runs]
    if len(set(towns)) == len(towns):
        return "{place}"
    if len({provider.pk for provider, _place in runs}) == len(runs):
        return "{provider}"
    return "{provider}, {place}"


def _title(kind: Kind, place_text: str, provider: Organisation, suffix: str) -> str:
    title = kind.title.format(place=place_text, provider=provider.short_name)
    if suffix and "{" not in kind.title:
        title += " – " + suffix.format(place=place_text, provider=provider.short_name)
    return title


def _offering(context: Context, kind: Kind, provider: Organisation, place: str, suffix: str) -> Offering:
    rng, today = context.rng, context.today
    place_text, location, school = _place(context, provider, place)
    title = _title(kind, place_text, provider, suffix)
    stale = rng.random() < 0.15
    last_checked = today - timedelta(days=rng.randint(380, 720) if stale else rng.randint(3, 300))
    places = {}
    if kind.places:
        total = rng.randint(*kind.places)
        places = {
            "places_total": total,
            "places_free": rng.randint(0, total // 3),
            "places_updated_at": last_checked,
        }
    mailbox = provider.email.split("@")[-1] if provider.email else "musterkreis.example.org"
    offering = Offering.objects.create(
        tenant=context.tenant,
        provider=provider,
        status=kind.status,
        service_status=kind.service_status,
        title=title,
        short_description=kind.short,
        description=kind.description,
        plain_language=kind.plain,
        phases=kind.phases,
        target_groups=kind.groups,
        min_age=kind.ages[0],
        max_age=kind.ages[1],
        school_types=kind.school_types,
        min_grade=kind.grades[0],
        max_grade=kind.grades[1],
        qualifications=kind.qualifications,
        legal_sphere=kind.sphere,
        legal_basis=kind.basis,
        **_funding(context, kind),
        **places,
        schedule=kind.schedule,
        is_free=not kind.cost,
        cost_amount=Decimal(kind.cost) if kind.cost else None,
        cost_description="Ermäßigung auf Anfrage möglich" if kind.cost else "",
        languages=kind.languages,
        accessibility=rng.choice(["Barrierefreier Zugang über den Hof", "Aufzug vorhanden", "", ""]),
        how_to_apply=rng.choice(
            [
                "Anmeldung per E-Mail oder Telefon; wir melden uns innerhalb einer Woche.",
                "Anmeldung über die Schule oder direkt bei uns.",
                "Einfach vorbeikommen oder einen Termin vereinbaren.",
                "Anmeldung über die Berufsberatung oder das Jobcenter.",
            ]
        ),
        url=f"{provider.website}/angebote/{ascii_slug(title)[:60]}" if provider.website else "",
        contact_name=rng.choice(["Team Übergang", "Anmeldung und Beratung", "Sekretariat", "Servicebüro"]),
        contact_email=f"angebote@{mailbox}",
        contact_phone=provider.phone,
        last_checked=last_checked,
        published_at=timezone.make_aware(
            datetime.combine(today - timedelta(days=rng.randint(30, 900)), time(9, 0))
        )
        if kind.status in (Status.PUBLISHED, Status.ARCHIVED)
        else None,
    )
    offering.categories.set([context.categories[code] for code in kind.categories])
    if school is not None:
        offering.schools_served.set([school])
    latitude, longitude = _coordinates(context, location["postcode"], location["city"])
    OfferingLocation.objects.create(
        offering=offering,
        latitude=latitude,
        longitude=longitude,
        is_confidential=kind.confidential,
        accessibility=offering.accessibility,
        **location,
    )
    return offering


def _pending_change(offering: Offering, today: date, author: User | None) -> None:
    """A provider's change to a published offering, waiting for review (the published row stays)."""
    data = versions.snapshot(offering)
    if offering.places_total:
        data["places_free"] = max(0, (offering.places_free or 0) - 2)
        data["places_updated_at"] = today.isoformat()
    data["schedule"] = f"{offering.schedule} (ab dem neuen Schuljahr auch samstags)".strip()
    data["last_checked"] = today.isoformat()
    versions.record_version(offering, data, status=OfferingVersion.Status.IN_REVIEW, author=author)


def _load_musterkreis(tenant: Tenant, today: date) -> None:
    context = Context(
        tenant=tenant,
        rng=random.Random(f"{SEED}-{tenant.slug}"),
        today=today,
        organisations={},
        regions={region.name: region for region in Region.objects.for_tenant(tenant)},
        categories={category.code: category for category in Category.objects.for_tenant(tenant)},
    )
    by_name = {o.name: o for o in Organisation.objects.for_tenant(tenant).select_related("region")}
    context.organisations = {
        actor.key: by_name[actor.name] for actor in MUSTERKREIS_ACTORS if actor.name in by_name
    }
    partner = User.objects.filter(email=PARTNER_EMAIL).first()
    synonyms.seed_defaults(tenant)
    offerings = []
    for kind in OFFERINGS:
        runs = [
            (context.organisations[key], place) for key, place in kind.runs if key in context.organisations
        ]
        suffix = _run_suffix(runs)
        for provider, place in runs:
            offerings.append(_offering(context, kind, provider, place, suffix))
    for offering in offerings:
        versions.record_version(
            offering, versions.snapshot(offering), status=OfferingVersion.Status.SAVED, author=None
        )
        refresh_search_text(offering)
    published = [offering for offering in offerings if offering.status == Status.PUBLISHED]
    own = next(o for o in published if o.provider == context.organisations["bildungswerk"])
    _pending_change(own, today, partner)
    for offering in context.rng.sample([o for o in published if o is not own], 5):
        _pending_change(offering, today, None)


@transaction.atomic
def load(today: date | None = None) -> None:
    """Musterkreis's catalogue; dates count from `today` (default: the current day)."""
    tenant = Tenant.objects.filter(slug="musterkreis").first()
    if tenant is None or Offering.objects.for_tenant(tenant).exists():
        return
    if not Organisation.objects.for_tenant(tenant).exists():
        return  # the network demo provides the providers
    _load_musterkreis(tenant, today or timezone.localdate())
