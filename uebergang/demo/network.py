"""Demo network: actors with contacts, bodies on three levels, meetings with minutes, decisions and tasks.

Fictional throughout: invented names, addresses with postcodes 12345–12399 (Musterkreis) and 54321–54329
(Beispielstadt), web and mail addresses under example.org only. Generated from a seeded random number
generator and a fixed reference date, so every run produces the same data; a tenant that already has
organisations is left alone, so a second run changes nothing. Seed data writes no audit events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.text import slugify

from uebergang.accounts.models import Membership, User
from uebergang.network.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    Contact,
    Decision,
    FundingSource,
    LegalSphere,
    Meeting,
    Organisation,
    OrganisationLegalSphere,
    Task,
)
from uebergang.tenants.models import Region, Tenant

# Meetings before this date have been held (minutes, attendance, decisions); later ones are planned.
# Due dates before it lie in the past for every run, so some open tasks are always overdue.
REFERENCE_DATE = date(2026, 11, 1)
HELD_YEARS = (2025, 2026)
PLANNED_YEAR = 2027
SEED = "uebergang-demo-network"
LOCAL = ZoneInfo("Europe/Berlin")
PARTNER_EMAIL = "partner@musterkreis.example.org"
COORDINATOR_EMAIL = "coordinator@musterkreis.example.org"

Kind = Organisation.Kind
School = Organisation.SchoolType
S = LegalSphere
F = FundingSource

# town: (region, lowest postcode, highest postcode)
TOWNS = {
    "Musterstadt": ("Mitte", 12345, 12349),
    "Lindenau": ("Mitte", 12350, 12354),
    "Flussheim": ("West", 12355, 12359),
    "Westhafen": ("West", 12360, 12364),
    "Auenbach": ("West", 12365, 12369),
    "Bergdorf": ("Ost", 12370, 12379),
    "Waldhausen": ("Ost", 12380, 12389),
    "Hügelfeld": ("Ost", 12390, 12399),
    "Beispielstadt": ("Süd", 54321, 54325),
    "Beispielstadt-Nord": ("Nord", 54326, 54329),
}

STREETS = [
    "Am Mühlbach", "Schulstraße", "Lindenallee", "Hafenstraße", "Bahnhofstraße", "Kirchplatz", "Gartenweg",
    "Wiesenstraße", "Am Sportplatz", "Rosenweg", "Industriestraße", "Talstraße", "Bergstraße", "Waldweg",
    "Marktplatz", "Auenweg", "Brunnenstraße", "Am Schlossberg", "Ulmenweg", "Gewerbepark",
]  # fmt: skip

FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ines", "Jonas", "Katrin", "Lukas",
    "Mara", "Nils", "Olga", "Paul", "Rita", "Sven", "Tanja", "Uwe", "Vera", "Yusuf", "Zoe", "Mehmet",
    "Svenja", "Tobias", "Leonie", "Marco", "Petra", "Jana", "Aylin", "Georg",
]  # fmt: skip
LAST_NAMES = [
    "Acker", "Brunner", "Dorn", "Eichler", "Falk", "Gerber", "Hollmann", "Imhof", "Jäger", "Kessler",
    "Lorenz", "Maurer", "Neubert", "Ostermann", "Pfeifer", "Quast", "Reinhardt", "Seidel", "Thal",
    "Ulrich", "Vogt", "Wendt", "Yilmaz", "Zeller", "Bauer", "Kaya", "Novak", "Sommer", "Winter", "Hartmann",
]  # fmt: skip

FUNCTIONS = {
    Kind.SCHOOL: ["Schulleitung", "Lehrkraft für Berufsorientierung", "Schulsozialarbeit"],
    Kind.EMPLOYMENT_AGENCY: ["Teamleitung Berufsberatung", "Berufsberatung", "Arbeitgeber-Service"],
    Kind.JOBCENTER: ["Bereichsleitung U25", "Integrationsfachkraft U25", "Fallmanagement"],
    Kind.YOUTH_OFFICE: ["Amtsleitung", "Jugendsozialarbeit", "Jugendhilfeplanung"],
    Kind.SCHOOL_AUTHORITY: ["Schulaufsicht", "Fachberatung Berufsorientierung"],
    Kind.IHK: ["Ausbildungsberatung", "Passgenaue Besetzung", "Geschäftsführung Berufsbildung"],
    Kind.HWK: ["Ausbildungsberatung", "Nachwuchswerbung", "Geschäftsführung Berufsbildung"],
    Kind.CRAFTS_GUILD: ["Geschäftsführung", "Kreishandwerksmeisterei"],
    Kind.TRAINING_PROVIDER: ["Geschäftsführung", "Bereichsleitung Berufliche Integration", "Berufseinstiegsbegleitung"],
    Kind.YOUTH_VOCATIONAL_AID: ["Leitung", "Sozialpädagogische Begleitung", "Ausbildungslotsin"],
    Kind.WELFARE: ["Geschäftsführung", "Migrationsberatung", "Jugendmigrationsdienst"],
    Kind.FOUNDATION: ["Vorstand", "Programmleitung"],
    Kind.COMPANY: ["Ausbildungsleitung", "Personalabteilung", "Geschäftsführung"],
    Kind.VOLUNTEER: ["Vorsitz", "Koordination Ehrenamt"],
    Kind.MUNICIPAL_ADMIN: ["Dezernatsleitung Bildung und Soziales", "Koordinierung Übergang Schule–Beruf", "Bildungsmanagement"],
    Kind.YOUTH_EMPLOYMENT_AGENCY: ["Koordination der Jugendberufsagentur", "Fallkonferenzen U25"],
    Kind.OTHER: ["Leitung", "Koordination"],
}  # fmt: skip

# Rechtskreise: the legal bases an actor works on (who pays is FUNDING below).
SPHERES = {
    Kind.SCHOOL: [S.SCHOOL_LAW],
    Kind.EMPLOYMENT_AGENCY: [S.SGB_III, S.SGB_IX],
    Kind.JOBCENTER: [S.SGB_II],
    Kind.YOUTH_OFFICE: [S.SGB_VIII],
    Kind.SCHOOL_AUTHORITY: [S.SCHOOL_LAW],
    Kind.IHK: [S.NONE],
    Kind.HWK: [S.NONE],
    Kind.CRAFTS_GUILD: [],
    Kind.TRAINING_PROVIDER: [S.SGB_II, S.SGB_III, S.SGB_VIII],
    Kind.YOUTH_VOCATIONAL_AID: [S.SGB_VIII, S.SGB_II],
    Kind.YOUTH_EMPLOYMENT_AGENCY: [S.SGB_II, S.SGB_III, S.SGB_VIII],
    Kind.WELFARE: [S.SGB_VIII],
    Kind.FOUNDATION: [],
    Kind.COMPANY: [],
    Kind.VOLUNTEER: [],
    Kind.MUNICIPAL_ADMIN: [S.SGB_VIII, S.SCHOOL_LAW],
    Kind.OTHER: [S.SGB_IX],
}

# Mittelgeber: who pays for an actor's work.
FUNDING = {
    Kind.SCHOOL: [F.STATE],
    Kind.EMPLOYMENT_AGENCY: [F.EMPLOYMENT_AGENCY],
    Kind.JOBCENTER: [F.EMPLOYMENT_AGENCY, F.MUNICIPAL],
    Kind.YOUTH_OFFICE: [F.MUNICIPAL],
    Kind.SCHOOL_AUTHORITY: [F.STATE],
    Kind.IHK: [F.BUSINESS, F.ESF_PLUS],
    Kind.HWK: [F.BUSINESS, F.ESF_PLUS],
    Kind.CRAFTS_GUILD: [F.BUSINESS],
    Kind.TRAINING_PROVIDER: [F.EMPLOYMENT_AGENCY, F.ESF_PLUS],
    Kind.YOUTH_VOCATIONAL_AID: [F.MUNICIPAL, F.ESF_PLUS],
    Kind.YOUTH_EMPLOYMENT_AGENCY: [F.EMPLOYMENT_AGENCY, F.MUNICIPAL],
    Kind.WELFARE: [F.MUNICIPAL, F.OWN_FUNDS],
    Kind.FOUNDATION: [F.FOUNDATION],
    Kind.COMPANY: [F.BUSINESS],
    Kind.VOLUNTEER: [F.OWN_FUNDS],
    Kind.MUNICIPAL_ADMIN: [F.MUNICIPAL],
    Kind.OTHER: [F.STATE],
}


@dataclass(frozen=True)
class Actor:
    key: str
    name: str
    short: str
    kind: str
    town: str
    school_type: str = ""
    parent: str = ""


def school(key: str, school_type: str, name: str, short: str, town: str) -> Actor:
    return Actor(key, name, short, Kind.SCHOOL, town, school_type)


MUSTERKREIS_ACTORS = [
    school("wrs-muehlbach", School.WERKREALSCHULE, "Werkrealschule Am Mühlbach Musterstadt", "WRS Am Mühlbach", "Musterstadt"),
    school("wrs-weststadt", School.WERKREALSCHULE, "Werkrealschule Weststadt Musterstadt", "WRS Weststadt", "Musterstadt"),
    school("rs-lindenhof", School.REALSCHULE, "Lindenhof-Realschule Musterstadt", "RS Lindenhof", "Musterstadt"),
    school("gms-schlossberg", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Am Schlossberg Musterstadt", "GMS Am Schlossberg", "Musterstadt"),
    school("gym-kreishaus", School.GYMNASIUM, "Gymnasium am Kreishaus Musterstadt", "Gymnasium am Kreishaus", "Musterstadt"),
    school("sbbz-sonnenhalde", School.SBBZ, "SBBZ Lernen Sonnenhalde Musterstadt", "SBBZ Sonnenhalde", "Musterstadt"),
    school("ks-musterstadt", School.VOCATIONAL, "Kaufmännische Schule Musterstadt", "KS Musterstadt", "Musterstadt"),
    school("gs-musterstadt", School.VOCATIONAL, "Gewerbliche Schule Musterstadt", "GS Musterstadt", "Musterstadt"),
    school("hss-musterstadt", School.VOCATIONAL, "Hauswirtschaftliche und Sozialpflegerische Schule Musterstadt", "HSS Musterstadt", "Musterstadt"),
    school("gms-lindenau", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Lindenau", "GMS Lindenau", "Lindenau"),
    school("wrs-flussheim", School.WERKREALSCHULE, "Werkrealschule Am Rheinufer Flussheim", "WRS Flussheim", "Flussheim"),
    school("gym-flussheim", School.GYMNASIUM, "Auengymnasium Flussheim", "Auengymnasium", "Flussheim"),
    school("sbbz-auwald", School.SBBZ, "SBBZ Lernen Am Auwald Flussheim", "SBBZ Am Auwald", "Flussheim"),
    school("rs-hafen", School.REALSCHULE, "Realschule Am Hafen Westhafen", "RS Am Hafen", "Westhafen"),
    school("wrs-deich", School.WERKREALSCHULE, "Werkrealschule Am Deich Westhafen", "WRS Am Deich", "Westhafen"),
    school("gms-westhafen", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Westhafen", "GMS Westhafen", "Westhafen"),
    school("bsz-westhafen", School.VOCATIONAL, "Berufliches Schulzentrum Westhafen", "BSZ Westhafen", "Westhafen"),
    school("gms-auenbach", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Auenbach", "GMS Auenbach", "Auenbach"),
    school("wrs-bergdorf", School.WERKREALSCHULE, "Werkrealschule Bergdorf", "WRS Bergdorf", "Bergdorf"),
    school("rs-bergdorf", School.REALSCHULE, "Realschule Am Steinbruch Bergdorf", "RS Am Steinbruch", "Bergdorf"),
    school("sbbz-bergdorf", School.SBBZ, "SBBZ Geistige Entwicklung Bergdorf", "SBBZ Bergdorf", "Bergdorf"),
    school("rs-waldhausen", School.REALSCHULE, "Realschule Waldhausen", "RS Waldhausen", "Waldhausen"),
    school("gym-waldhausen", School.GYMNASIUM, "Gymnasium Am Wald Waldhausen", "Gymnasium Am Wald", "Waldhausen"),
    school("gms-kirchberg", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Am Kirchberg Waldhausen", "GMS Am Kirchberg", "Waldhausen"),
    school("wrs-huegelfeld", School.WERKREALSCHULE, "Werkrealschule Hügelfeld", "WRS Hügelfeld", "Hügelfeld"),
    Actor("lra", "Landratsamt Musterkreis", "Landratsamt", Kind.MUNICIPAL_ADMIN, "Musterstadt"),
    Actor("kost", "Koordinierungsstelle Übergang Schule–Beruf", "Koordinierungsstelle", Kind.MUNICIPAL_ADMIN, "Musterstadt", parent="lra"),
    Actor("stadt", "Stadt Musterstadt – Amt für Bildung und Sport", "Stadt Musterstadt", Kind.MUNICIPAL_ADMIN, "Musterstadt"),
    Actor("jugendamt", "Jugendamt Musterkreis", "Jugendamt", Kind.YOUTH_OFFICE, "Musterstadt", parent="lra"),
    Actor("aa", "Agentur für Arbeit Musterstadt", "Agentur für Arbeit", Kind.EMPLOYMENT_AGENCY, "Musterstadt"),
    Actor("aa-west", "Agentur für Arbeit Musterstadt – Geschäftsstelle Westhafen", "AA Westhafen", Kind.EMPLOYMENT_AGENCY, "Westhafen", parent="aa"),
    Actor("jobcenter", "Jobcenter Musterkreis", "Jobcenter", Kind.JOBCENTER, "Musterstadt"),
    Actor("schulamt", "Staatliches Schulamt Musterstadt", "Schulamt", Kind.SCHOOL_AUTHORITY, "Musterstadt"),
    Actor("ihk", "IHK Musterregion", "IHK", Kind.IHK, "Musterstadt"),
    Actor("hwk", "Handwerkskammer Musterregion", "HWK", Kind.HWK, "Musterstadt"),
    Actor("khs", "Kreishandwerkerschaft Musterkreis", "Kreishandwerkerschaft", Kind.CRAFTS_GUILD, "Lindenau"),
    Actor("bildungswerk", "Bildungswerk Musterkreis gGmbH", "Bildungswerk", Kind.TRAINING_PROVIDER, "Musterstadt"),
    Actor("bbz-west", "Berufsbildungszentrum Westhafen e. V.", "BBZ Westhafen", Kind.TRAINING_PROVIDER, "Westhafen"),
    Actor("zukunft-lernen", "Zukunft Lernen gGmbH", "Zukunft Lernen", Kind.TRAINING_PROVIDER, "Bergdorf"),
    Actor("lernwerkstatt", "Lernwerkstatt Lindenau gGmbH", "Lernwerkstatt", Kind.TRAINING_PROVIDER, "Lindenau"),
    Actor("vhs", "Volkshochschule Musterkreis", "VHS", Kind.TRAINING_PROVIDER, "Musterstadt"),
    Actor("jbh", "Jugendberufshilfe Musterkreis e. V.", "Jugendberufshilfe", Kind.YOUTH_VOCATIONAL_AID, "Musterstadt"),
    Actor("jugendwerkstatt", "Jugendwerkstatt Auenbach", "Jugendwerkstatt", Kind.YOUTH_VOCATIONAL_AID, "Auenbach"),
    Actor("mobile-ost", "Mobile Jugendarbeit Ost", "Mobile Jugendarbeit", Kind.YOUTH_VOCATIONAL_AID, "Waldhausen"),
    Actor("sozialwerk", "Sozialwerk Musterkreis e. V.", "Sozialwerk", Kind.WELFARE, "Musterstadt"),
    Actor("migrationsdienst", "Migrationsdienst Musterkreis", "Migrationsdienst", Kind.WELFARE, "Musterstadt"),
    Actor("familienhilfe", "Familienhilfe Waldhausen e. V.", "Familienhilfe", Kind.WELFARE, "Waldhausen"),
    Actor("stiftung-zukunft", "Stiftung Zukunft Musterkreis", "Stiftung Zukunft", Kind.FOUNDATION, "Musterstadt"),
    Actor("buergerstiftung", "Bürgerstiftung Flussheim", "Bürgerstiftung", Kind.FOUNDATION, "Flussheim"),
    Actor("musterwerke", "Musterwerke AG", "Musterwerke", Kind.COMPANY, "Musterstadt"),
    Actor("maschinenbau", "Flussheimer Maschinenbau GmbH", "Flussheimer Maschinenbau", Kind.COMPANY, "Flussheim"),
    Actor("logistik", "Logistikzentrum Westhafen GmbH", "Logistik Westhafen", Kind.COMPANY, "Westhafen"),
    Actor("baeckerei", "Bäckerei Korn & Söhne", "Bäckerei Korn", Kind.COMPANY, "Bergdorf"),
    Actor("holzbau", "Holzbau Waldhausen GmbH", "Holzbau Waldhausen", Kind.COMPANY, "Waldhausen"),
    Actor("kliniken", "Kreiskliniken Musterkreis gGmbH", "Kreiskliniken", Kind.COMPANY, "Musterstadt"),
    Actor("autohaus", "Autohaus Lindenau GmbH", "Autohaus Lindenau", Kind.COMPANY, "Lindenau"),
    Actor("paten", "Ausbildungspaten Musterkreis e. V.", "Ausbildungspaten", Kind.VOLUNTEER, "Musterstadt"),
    Actor("seniorpartner", "Seniorpartner Bergdorf e. V.", "Seniorpartner", Kind.VOLUNTEER, "Bergdorf"),
    Actor("foerderverein", "Förderverein Berufsstart Westhafen e. V.", "Förderverein Berufsstart", Kind.VOLUNTEER, "Westhafen"),
    Actor("jba", "Jugendberufsagentur Musterkreis", "Jugendberufsagentur", Kind.YOUTH_EMPLOYMENT_AGENCY, "Musterstadt"),
    Actor("ifd", "Integrationsfachdienst Musterkreis", "Integrationsfachdienst", Kind.OTHER, "Musterstadt"),
]  # fmt: skip

BEISPIELSTADT_ACTORS = [
    school("wrs-beispiel", School.WERKREALSCHULE, "Werkrealschule Am Stadtpark Beispielstadt", "WRS Am Stadtpark", "Beispielstadt"),
    school("gms-nord", School.GEMEINSCHAFTSSCHULE, "Gemeinschaftsschule Beispielstadt-Nord", "GMS Nord", "Beispielstadt-Nord"),
    school("bs-beispiel", School.VOCATIONAL, "Berufsschulzentrum Beispielstadt", "BSZ Beispielstadt", "Beispielstadt"),
    Actor("stadt", "Stadt Beispielstadt – Übergangsmanagement", "Übergangsmanagement", Kind.MUNICIPAL_ADMIN, "Beispielstadt"),
    Actor("aa", "Agentur für Arbeit Beispielstadt", "Agentur für Arbeit", Kind.EMPLOYMENT_AGENCY, "Beispielstadt"),
    Actor("jobcenter", "Jobcenter Beispielstadt", "Jobcenter", Kind.JOBCENTER, "Beispielstadt"),
    Actor("bildungszentrum", "Bildungszentrum Beispielstadt gGmbH", "Bildungszentrum", Kind.TRAINING_PROVIDER, "Beispielstadt-Nord"),
    Actor("kh", "Kreishandwerkerschaft Beispielstadt", "Kreishandwerkerschaft", Kind.CRAFTS_GUILD, "Beispielstadt"),
    Actor("jmd", "Jugendmigrationsdienst Beispielstadt", "JMD", Kind.WELFARE, "Beispielstadt-Nord"),
]  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """An agenda item of a body: what the minutes say under it and, at most once, a decision taken under it
    with the tasks that carry it out, each by a member organisation (actor key) that fits the task."""

    title: str
    minutes: str
    decision: str = ""
    tasks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BodySpec:
    code: str
    name: str
    kind: str
    mandate: str
    per_year: tuple[int, ...]  # months of the meetings
    planned: tuple[int, ...]  # months of the planned meetings in PLANNED_YEAR
    members: tuple[tuple[str, str], ...]  # (actor key, role)
    region: str = ""
    parent: str = ""
    is_public: bool = True
    place: str = ""
    topics: tuple[Topic, ...] = ()


CHAIR, OFFICE, MEMBER, GUEST = (
    BodyMembership.Role.CHAIR,
    BodyMembership.Role.OFFICE,
    BodyMembership.Role.MEMBER,
    BodyMembership.Role.GUEST,
)


def regional_group(code: str, region: str, chair: str, members: list[str], place: str) -> BodySpec:
    return BodySpec(
        code=code,
        name=f"Regionalgruppe {region}",
        kind=Body.Kind.REGIONAL_GROUP,
        region=region,
        parent="KG",
        mandate=f"Die Regionalgruppe {region} verbindet Schulen, Betriebe und Beratung vor Ort: Praktika, "
        "Ausbildungsmessen und die Begleitung der Abgangsklassen ohne Anschluss.",
        per_year=(1, 4, 6, 10),
        planned=(1, 4),
        members=(
            (chair, CHAIR),
            ("kost", OFFICE),
            ("aa", MEMBER),
            ("jbh", MEMBER),
            *((m, MEMBER) for m in members),
        ),
        place=place,
        topics=(
            Topic(
                "Praktikumswochen an den Schulen der Region",
                f"Die Schulen der Region {region} stimmen die Termine ihrer Praktikumswochen ab, damit die Betriebe "
                "nicht zur gleichen Zeit von mehreren Schulen angefragt werden.",
                f"Die Regionalgruppe {region} richtet eine gemeinsame Praktikumsbörse der Schulen und Betriebe ein.",
                (
                    ("Liste der Praktikumsbetriebe aktualisieren", "jbh"),
                    ("Flyer zur Praktikumsbörse an die Schulen verteilen", chair),
                ),
            ),
            Topic(
                f"Ausbildungsmesse {region}: Planung",
                f"Ort, Termin und Ausstellende der Ausbildungsmesse {region} werden besprochen; die Kammern sagen "
                "ihre Beteiligung zu.",
                f"Die Ausbildungsmesse {region} findet im Herbst an einer Schule der Region statt.",
                (
                    ("Ausstellende für die Ausbildungsmesse anschreiben", "kost"),
                    ("Räume und Aufbau der Messe mit der Schule klären", chair),
                ),
            ),
            Topic(
                "Abgangsklassen: Wer ist noch ohne Anschluss?",
                "Die Schulen nennen die Zahl der Jugendlichen ohne Anschluss (ohne Namen); die Berufsberatung bietet "
                "zusätzliche Sprechstunden an.",
                f"Die Schulen der Region {region} melden ihre Abgangsklassen ohne Anschluss bis zu den Osterferien "
                "an die Jugendberufsagentur.",
                (
                    ("Jugendliche ohne Anschluss an die Jugendberufsagentur melden", chair),
                    ("Sprechstunden der Berufsberatung in den Abgangsklassen anbieten", "aa"),
                ),
            ),
            Topic(
                "Berufsorientierung für Lehrkräfte",
                "Lehrkräfte wünschen sich mehr Einblick in die Ausbildungsberufe der Betriebe vor Ort.",
                f"Betriebsbesichtigungen für Lehrkräfte der Region {region} werden zweimal im Jahr angeboten.",
                (("Termine der Betriebsbesichtigungen mit den Betrieben abstimmen", "kost"),),
            ),
            Topic(
                "Berichte aus den Einrichtungen",
                "Die Einrichtungen berichten kurz über neue Angebote und freie Plätze; die Angebote stehen im Katalog.",
            ),
            Topic(
                "Elternarbeit in der Berufsorientierung",
                "Der AK Elternarbeit stellt seine Materialien vor; die Schulen nehmen sie in ihre Elternabende auf.",
            ),
        ),
    )


MUSTERKREIS_BODIES = [
    BodySpec(
        code="SG",
        name="Steuerungsgruppe Übergang Schule–Beruf",
        kind=Body.Kind.STEERING_GROUP,
        mandate="Die Steuerungsgruppe setzt die Ziele der Verantwortungsgemeinschaft, beschließt den "
        "Jahresarbeitsplan und entscheidet über gemeinsame Mittel.",
        per_year=(3, 7, 10),
        planned=(3,),
        members=(
            ("lra", CHAIR),
            ("kost", OFFICE),
            ("aa", MEMBER),
            ("jobcenter", MEMBER),
            ("jugendamt", MEMBER),
            ("schulamt", MEMBER),
            ("ihk", MEMBER),
            ("hwk", MEMBER),
            ("stadt", MEMBER),
            ("stiftung-zukunft", GUEST),
        ),
        place="Landratsamt Musterkreis, Sitzungssaal",
        topics=(
            Topic(
                "Bericht der Koordinierungsstelle",
                "Die Koordinierungsstelle berichtet über die Arbeit der Gremien seit der letzten Sitzung.",
                "Die Koordinierungsstelle legt zur nächsten Sitzung einen Bericht zum Verbleib der Abgangsklassen vor.",
                (("Bericht zum Verbleib der Abgangsklassen vorlegen", "kost"),),
            ),
            Topic(
                "Jahresarbeitsplan: Schwerpunkte",
                "Die von der Koordinierungsgruppe vorbereiteten Schwerpunkte des Jahresarbeitsplans werden beraten.",
                "Die Steuerungsgruppe beschließt den Jahresarbeitsplan mit den Schwerpunkten Verbleibsklärung und "
                "Elternarbeit.",
                (("Jahresarbeitsplan an alle Gremien versenden", "kost"),),
            ),
            Topic(
                "Finanzierung der Ausbildungslotsen",
                "Landratsamt und Agentur für Arbeit berichten über die Finanzierung; die Landesförderung der "
                "Ausbildungslotsen läuft zum Jahresende aus.",
                "Das Programm Ausbildungslotsen wird in allen drei Regionen fortgeführt; der Landkreis trägt den "
                "Eigenanteil.",
                (("Förderantrag für die Ausbildungslotsen stellen", "lra"),),
            ),
            Topic(
                "Bericht der Jugendberufsagentur",
                "Agentur für Arbeit, Jobcenter und Jugendamt stellen die Beratungen der Jugendberufsagentur je Region "
                "vor; aus der Region Ost ist der Weg zur Beratung weit.",
                "Die Jugendberufsagentur richtet eine Sprechstunde in der Region Ost ein.",
                (
                    ("Raum für die Sprechstunde Ost klären", "aa"),
                    ("Sprechstunde Ost an den Schulen bekannt machen", "schulamt"),
                ),
            ),
            Topic(
                "Verbleib der Abgangsklassen: Zahlen und Trends",
                "Die Koordinierungsstelle stellt die Zahlen des Übergangsmonitorings vor; der Anteil mit unbekanntem "
                "Verbleib ist nach der Verbleibsklärung gesunken.",
                "Die Verbleibsklärung wird auf die beruflichen Schulen ausgeweitet.",
                (
                    (
                        "Ansprechpersonen der beruflichen Schulen für die Verbleibsklärung benennen",
                        "schulamt",
                    ),
                    ("Datenschutzkonzept der Verbleibsklärung anpassen", "kost"),
                ),
            ),
            Topic(
                "Ausbildungsmarkt und Fachkräftebedarf",
                "IHK und Handwerkskammer berichten von unbesetzten Ausbildungsplätzen in Gastronomie, Bau und Pflege.",
                "Kammern und Agentur für Arbeit stellen die unbesetzten Ausbildungsplätze zweimal im Jahr in den "
                "Regionalgruppen vor.",
                (
                    ("Übersicht unbesetzter Ausbildungsplätze für die Regionalgruppen erstellen", "ihk"),
                    ("Handwerksbetriebe mit freien Ausbildungsplätzen zusammenstellen", "hwk"),
                ),
            ),
        ),
    ),
    BodySpec(
        code="KG",
        name="Koordinierungsgruppe Übergang Schule–Beruf",
        kind=Body.Kind.COORDINATION_GROUP,
        parent="SG",
        mandate="Die Koordinierungsgruppe setzt die Beschlüsse der Steuerungsgruppe um, stimmt die Angebote "
        "ab und bündelt die Berichte der Regionalgruppen und Arbeitskreise.",
        per_year=(2, 4, 7, 10),
        planned=(2, 4),
        members=(
            ("kost", CHAIR),
            ("aa", MEMBER),
            ("jobcenter", MEMBER),
            ("jugendamt", MEMBER),
            ("schulamt", MEMBER),
            ("ihk", MEMBER),
            ("hwk", MEMBER),
            ("khs", MEMBER),
            ("bildungswerk", MEMBER),
            ("bbz-west", MEMBER),
            ("jbh", MEMBER),
            ("sozialwerk", MEMBER),
            ("gs-musterstadt", MEMBER),
            ("jba", GUEST),
        ),
        place="Landratsamt Musterkreis, Raum 104",
        topics=(
            Topic(
                "Verbleibsklärung: Stand der offenen Fälle",
                "Die Jugendberufsagentur berichtet über die offenen Fälle je Schule; von einigen Schulen fehlen noch "
                "Rückmeldungen.",
                "Die Koordinierungsgruppe verabschiedet ein gemeinsames Verfahren zur Verbleibsklärung mit Fristen "
                "und Zuständigkeiten.",
                (
                    ("Verfahrensbeschreibung Verbleibsklärung entwerfen", "kost"),
                    ("Schulen über das Verfahren informieren", "schulamt"),
                ),
            ),
            Topic(
                "Angebotsübersicht: Lücken und Doppelungen",
                "Die Auswertung des Angebotskatalogs zeigt Doppelungen beim Bewerbungstraining und eine Lücke bei "
                "Angeboten für Jugendliche ohne Schulabschluss.",
                "Die Angebotsübersicht wird halbjährlich von allen Trägern geprüft.",
                (
                    ("Eigene Angebote im Katalog prüfen", "bildungswerk"),
                    ("Eigene Angebote im Katalog prüfen", "jbh"),
                ),
            ),
            Topic(
                "Ausbildungsmarkt aktuell",
                "Die Agentur für Arbeit berichtet über Bewerberinnen, Bewerber und unbesetzte Stellen zum Stichtag.",
                "Die Träger melden freie Plätze in Maßnahmen monatlich an die Jugendberufsagentur.",
                (("Meldeweg für freie Maßnahmeplätze einrichten", "aa"),),
            ),
            Topic(
                "Berichte aus den Regionalgruppen",
                "Die Regionalgruppen berichten über ihre Praktikumsbörsen und Ausbildungsmessen.",
                "Für die Ausbildungsmessen der Regionen wird ein gemeinsamer Auftritt gestaltet.",
                (
                    ("Gemeinsames Plakat für die Ausbildungsmessen gestalten", "kost"),
                    ("Messestand der Kammern abstimmen", "ihk"),
                ),
            ),
            Topic(
                "Übergang aus dem Förderschulbereich",
                "Die SBBZ und die Reha-Beratung der Agentur für Arbeit berichten über Wege in Fachpraktikerausbildung "
                "und Berufsbildungsbereich.",
                "Die Reha-Beratung der Agentur für Arbeit stellt sich in allen Abschlussklassen der SBBZ vor.",
                (("Termine in den Abschlussklassen der SBBZ vereinbaren", "aa"),),
            ),
            Topic(
                "Vorbereitung der Steuerungsgruppe",
                "Die Vorlagen für die nächste Sitzung der Steuerungsgruppe werden abgestimmt.",
            ),
        ),
    ),
    regional_group(
        "RG-W",
        "West",
        "wrs-flussheim",
        [
            "aa-west",
            "rs-hafen",
            "wrs-deich",
            "gms-westhafen",
            "bsz-westhafen",
            "gms-auenbach",
            "sbbz-auwald",
            "bbz-west",
            "jugendwerkstatt",
            "maschinenbau",
            "logistik",
            "foerderverein",
        ],
        "Berufliches Schulzentrum Westhafen, Aula",
    ),
    regional_group(
        "RG-M",
        "Mitte",
        "gms-schlossberg",
        [
            "wrs-muehlbach",
            "wrs-weststadt",
            "rs-lindenhof",
            "sbbz-sonnenhalde",
            "ks-musterstadt",
            "gs-musterstadt",
            "gms-lindenau",
            "bildungswerk",
            "lernwerkstatt",
            "musterwerke",
            "kliniken",
            "paten",
        ],
        "Gewerbliche Schule Musterstadt, Raum A 12",
    ),
    regional_group(
        "RG-O",
        "Ost",
        "wrs-bergdorf",
        [
            "rs-bergdorf",
            "sbbz-bergdorf",
            "rs-waldhausen",
            "gms-kirchberg",
            "wrs-huegelfeld",
            "zukunft-lernen",
            "mobile-ost",
            "familienhilfe",
            "baeckerei",
            "holzbau",
            "seniorpartner",
        ],
        "Rathaus Waldhausen, Bürgersaal",
    ),
    BodySpec(
        code="AK-EA",
        name="AK Elternarbeit",
        kind=Body.Kind.WORKING_GROUP,
        parent="KG",
        mandate="Der Arbeitskreis gewinnt Eltern als Partner der Berufsorientierung: Elternabende, "
        "Elterncafés und mehrsprachige Informationen.",
        per_year=(1, 3, 5, 6, 9, 10),
        planned=(1, 3, 5),
        members=(
            ("sozialwerk", CHAIR),
            ("kost", OFFICE),
            ("bildungswerk", MEMBER),
            ("wrs-muehlbach", MEMBER),
            ("gms-westhafen", MEMBER),
            ("wrs-bergdorf", MEMBER),
            ("familienhilfe", MEMBER),
            ("migrationsdienst", MEMBER),
            ("paten", MEMBER),
            ("aa", GUEST),
        ),
        place="Koordinierungsstelle, Besprechungsraum",
        topics=(
            Topic(
                "Elternabende zur Berufsorientierung",
                "Die Schulen berichten, dass Elternabende mit Auszubildenden als Gästen gut besucht sind.",
                "Elternabende zur Berufsorientierung werden an allen Werkrealschulen in Klasse 8 angeboten.",
                (
                    ("Termine der Elternabende sammeln", "kost"),
                    ("Auszubildende als Gäste für die Elternabende gewinnen", "bildungswerk"),
                ),
            ),
            Topic(
                "Mehrsprachige Informationsmaterialien",
                "Die Elternbroschüre liegt bisher nur auf Deutsch vor; der Migrationsdienst nennt die häufigsten "
                "Familiensprachen.",
                "Die Elternbroschüre erscheint in fünf Sprachen.",
                (("Elternbroschüre übersetzen lassen", "migrationsdienst"),),
            ),
            Topic(
                "Elterncafés an Werkrealschulen",
                "Das Sozialwerk stellt ein Konzept für offene Elterncafés mit Sprachmittlung vor.",
                "Elterncafés werden an drei Schulen erprobt.",
                (
                    ("Konzept für Elterncafés vorlegen", "sozialwerk"),
                    ("Schulen für die Erprobung gewinnen", "wrs-muehlbach"),
                ),
            ),
            Topic(
                "Rückmeldungen aus den Schulen",
                "Die Rückmeldungen der Eltern werden bisher von jeder Schule anders gesammelt.",
                "Nach jedem Elternabend wird ein gemeinsamer Rückmeldebogen ausgegeben.",
                (("Rückmeldebogen für Eltern entwerfen", "familienhilfe"),),
            ),
        ),
    ),
    BodySpec(
        code="AK-NZ",
        name="AK Neuzugewanderte",
        kind=Body.Kind.WORKING_GROUP,
        parent="KG",
        is_public=False,
        mandate="Der Arbeitskreis begleitet junge Neuzugewanderte von der Vorbereitungsklasse in Ausbildung: "
        "Sprachförderung, Anerkennung, Zugang zu Betrieben.",
        per_year=(1, 3, 5, 6, 9, 10),
        planned=(1, 3, 5),
        members=(
            ("migrationsdienst", CHAIR),
            ("kost", OFFICE),
            ("bildungswerk", MEMBER),
            ("vhs", MEMBER),
            ("ks-musterstadt", MEMBER),
            ("bsz-westhafen", MEMBER),
            ("jobcenter", MEMBER),
            ("aa", MEMBER),
            ("jbh", MEMBER),
            ("ihk", GUEST),
        ),
        place="Volkshochschule Musterkreis, Raum 3",
        topics=(
            Topic(
                "Sprachförderung in den Vorbereitungsklassen",
                "Die beruflichen Schulen berichten über volle VABO-Klassen und Wartezeiten auf berufsbezogene "
                "Sprachkurse.",
                "Ein Sprachkurs mit Berufsbezug wird ab dem Schuljahr an den beruflichen Schulen angeboten.",
                (
                    ("Bedarf an Sprachkursplätzen erheben", "vhs"),
                    ("Räume an der beruflichen Schule klären", "bsz-westhafen"),
                ),
            ),
            Topic(
                "Anerkennung ausländischer Abschlüsse",
                "Viele Jugendliche wissen nicht, dass ihre Zeugnisse anerkannt werden können.",
                "Die Beratung zur Anerkennung wird monatlich in der Jugendberufsagentur angeboten.",
                (("Beratungstermine zur Anerkennung veröffentlichen", "aa"),),
            ),
            Topic(
                "Ausbildungsplätze für Neuzugewanderte",
                "Betriebe zögern wegen der Sprache; Praktika mit Begleitung haben sich bewährt.",
                "Betriebe werden gezielt für Praktika mit Sprachbegleitung geworben.",
                (
                    ("Betriebe für Praktika mit Sprachbegleitung ansprechen", "jbh"),
                    ("Sprachbegleitung für die Praktika vermitteln", "migrationsdienst"),
                ),
            ),
            Topic(
                "Fallbesprechungen (anonymisiert)",
                "Einzelne Verläufe werden ohne Namen besprochen; Fälle mit Einwilligung gehen in die Fallkonferenz.",
            ),
        ),
    ),
]

BEISPIELSTADT_BODIES = [
    BodySpec(
        code="SG",
        name="Steuerungsgruppe Übergangsmanagement",
        kind=Body.Kind.STEERING_GROUP,
        mandate="Die Steuerungsgruppe lenkt das Kommunale Übergangsmanagement der Stadt.",
        per_year=(4, 10),
        planned=(4,),
        members=(
            ("stadt", CHAIR),
            ("aa", MEMBER),
            ("jobcenter", MEMBER),
            ("kh", MEMBER),
            ("bs-beispiel", MEMBER),
        ),
        place="Rathaus Beispielstadt, Sitzungssaal",
        topics=(
            Topic(
                "Berufsorientierung ab Klasse 7",
                "Die Schulen stellen ihre Berufsorientierung vor; sie beginnt bisher unterschiedlich spät.",
                "Berufsorientierung beginnt an allen Schulen in Klasse 7.",
                (("Konzept Berufsorientierung Klasse 7 abstimmen", "bs-beispiel"),),
            ),
            Topic(
                "Haushalt",
                "Die Mittel des Übergangsmanagements für das kommende Jahr werden beraten.",
                "Das Übergangsmanagement beantragt die Mittel für die Berufsorientierung im Haushalt der Stadt.",
                (("Haushaltsantrag vorbereiten", "stadt"),),
            ),
            Topic(
                "Bericht des Übergangsmanagements",
                "Das Übergangsmanagement berichtet über die Arbeit des letzten Halbjahres.",
            ),
        ),
    ),
    BodySpec(
        code="AK-NZ",
        name="AK Junge Neuzugewanderte",
        kind=Body.Kind.WORKING_GROUP,
        parent="SG",
        mandate="Begleitung junger Neuzugewanderter in Ausbildung.",
        per_year=(3, 9),
        planned=(3,),
        members=(("jmd", CHAIR), ("stadt", OFFICE), ("bildungszentrum", MEMBER), ("bs-beispiel", MEMBER)),
        place="Bildungszentrum Beispielstadt",
        topics=(
            Topic(
                "Praktika mit Sprachbegleitung",
                "Das Bildungszentrum berichtet von guten Erfahrungen mit begleiteten Praktika.",
                "Praktika mit Sprachbegleitung werden im Handwerk erprobt.",
                (
                    ("Betriebe im Handwerk ansprechen", "bildungszentrum"),
                    ("Sprachbegleitung organisieren", "jmd"),
                ),
            ),
            Topic("Sprachförderung", "Die Berufsschule berichtet über Wartelisten in ihren Sprachklassen."),
        ),
    ),
]


@dataclass
class Plan:
    """Everything of one tenant, built in memory first and then written in a few bulk inserts."""

    tenant: Tenant
    rng: random.Random
    organisations: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    memberships: dict[str, list[BodyMembership]] = field(default_factory=dict)


def ascii_slug(text: str) -> str:
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled).replace(umlaut.upper(), spelled.capitalize())
    return slugify(text)


def _organisations(plan: Plan, actors: list[Actor], regions: dict[str, Region], domain: str) -> None:
    rng = plan.rng
    school_numbers: set[str] = set()
    for actor in actors:
        region_name, lowest, highest = TOWNS[actor.town]
        slug = ascii_slug(actor.short)
        identifier = ""
        if actor.kind == Kind.SCHOOL:
            while not identifier or identifier in school_numbers:
                identifier = f"04{rng.randint(100000, 999999)}"
            school_numbers.add(identifier)
        city = actor.town.removesuffix("-Nord")
        plan.organisations[actor.key] = Organisation(
            tenant=plan.tenant,
            name=actor.name,
            short_name=actor.short,
            kind=actor.kind,
            school_type=actor.school_type,
            funding_sources=FUNDING[actor.kind],
            region=regions.get(region_name),
            street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postcode=str(rng.randint(lowest, highest)),
            city=city,
            website=f"https://{slug}.{domain}.example.org",
            email=f"info@{slug}.{domain}.example.org",
            phone=f"0{rng.randint(1200, 1299)} {rng.randint(1000, 99999)}",
            identifier=identifier,
        )
    Organisation.objects.bulk_create(plan.organisations.values())
    children = []
    for actor in actors:
        if actor.parent:
            organisation = plan.organisations[actor.key]
            organisation.parent = plan.organisations[actor.parent]
            children.append(organisation)
    Organisation.objects.bulk_update(children, ["parent"])

    spheres = []
    for actor in actors:
        codes = SPHERES[actor.kind]
        if actor.kind == Kind.TRAINING_PROVIDER:
            codes = sorted(rng.sample(codes, 2))
        spheres += [
            OrganisationLegalSphere(organisation=plan.organisations[actor.key], code=c) for c in codes
        ]
    OrganisationLegalSphere.objects.bulk_create(spheres)

    contacts = []
    for actor in actors:
        organisation = plan.organisations[actor.key]
        functions = FUNCTIONS[actor.kind]
        slug = ascii_slug(actor.short)
        for position in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contact = Contact(
                organisation=organisation,
                name=f"{first} {last}",
                function=functions[position % len(functions)],
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@{slug}.{domain}.example.org",
                phone=f"{organisation.phone}-{rng.randint(10, 99)}",
                is_public=position == 0 and rng.random() < 0.7,
            )
            plan.contacts.setdefault(actor.key, []).append(contact)
            contacts.append(contact)
    Contact.objects.bulk_create(contacts)


def _bodies(plan: Plan, specs: list[BodySpec], regions: dict[str, Region]) -> None:
    rng = plan.rng
    for spec in specs:
        plan.bodies[spec.code] = Body.objects.create(
            tenant=plan.tenant,
            name=spec.name,
            code=spec.code,
            kind=spec.kind,
            level=Body.LEVEL_OF_KIND[spec.kind],
            region=regions.get(spec.region),
            parent=plan.bodies.get(spec.parent),
            mandate=spec.mandate,
            is_public=spec.is_public,
        )
    memberships = []
    for spec in specs:
        for index, (key, role) in enumerate(spec.members):
            start = date(HELD_YEARS[0] - 1, 1, 1)
            end = None
            # A little turnover: one seat ends after the first year, another begins in the second.
            if role == MEMBER and index == len(spec.members) - 1 and len(spec.members) > 6:
                end = date(HELD_YEARS[0], 12, 31)
            elif role == MEMBER and index == len(spec.members) - 2 and len(spec.members) > 6:
                start = date(HELD_YEARS[1], 1, 1)
            fte = {
                CHAIR: Decimal("0.10"),
                OFFICE: Decimal("0.50"),
                MEMBER: rng.choice([Decimal("0.05"), Decimal("0.10"), Decimal("0.20")]),
                GUEST: None,
            }[role]
            membership = BodyMembership(
                body=plan.bodies[spec.code],
                organisation=plan.organisations[key],
                person=plan.contacts[key][0],
                role=role,
                start=start,
                end=end,
                fte=fte,
            )
            plan.memberships.setdefault(spec.code, []).append(membership)
            memberships.append(membership)
    BodyMembership.objects.bulk_create(memberships)


def _meeting_start(rng: random.Random, year: int, month: int, hour: int) -> datetime:
    day = date(year, month, rng.randint(3, 24))
    while day.weekday() not in (1, 2, 3):  # Tuesday to Thursday
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL)


OPENING = "Begrüßung und Genehmigung des Protokolls"
CLOSING = "Verschiedenes"


def _minutes(meeting: Meeting, topics: list[Topic], counts: dict[str, int], decisions: dict, tasks) -> str:
    """The minutes follow the agenda: what was said under each item and the decision taken under it."""
    lines = [
        f"# Protokoll: {meeting.body.name}, {meeting.starts_at:%d.%m.%Y}",
        "",
        f"**Ort:** {meeting.place or 'online'}  ",
        f"**Anwesend:** {counts['present']} · **entschuldigt:** {counts['excused']} · "
        f"**abwesend:** {counts['absent']}",
        "",
        f"## TOP 1: {OPENING}",
        "",
        "Die Sitzungsleitung begrüßt die Anwesenden; das Protokoll der letzten Sitzung wird ohne Änderungen "
        "genehmigt.",
        "",
    ]
    for position, topic in enumerate(topics, start=2):
        lines += [f"## TOP {position}: {topic.title}", "", topic.minutes, ""]
        if topic in decisions:
            decision = decisions[topic]
            lines += [f"**Beschluss {decision.reference}:** {decision.text}", ""]
    lines += [f"## TOP {len(topics) + 2}: {CLOSING}", "", "Es gibt keine weiteren Wortmeldungen.", ""]
    if tasks:
        lines += ["## Aufgaben", ""]
        lines += [
            f"- {t.title} – verantwortlich: {t.responsible_organisation.short_name}, fällig: {t.due_date:%d.%m.%Y}"
            for t in tasks
        ]
    return "\n".join(lines).rstrip() + "\n"


def _responsible(plan: Plan, key: str, seats: list[BodyMembership]) -> Organisation:
    """The organisation a task names, if it sits in the body; else the office, else the chair."""
    seated = {seat.organisation.pk: seat.organisation for seat in seats}
    wanted = plan.organisations.get(key)
    if wanted is not None and wanted.pk in seated:
        return wanted
    for role in (BodyMembership.Role.OFFICE, BodyMembership.Role.CHAIR):
        for seat in seats:
            if seat.role == role:
                return seat.organisation
    return seats[0].organisation


def _task_status(rng: random.Random, due: date) -> str:
    """Old tasks are mostly done, some stay open and so become overdue; future ones are under way."""
    if due >= REFERENCE_DATE:
        return rng.choice([Task.Status.OPEN, Task.Status.OPEN, Task.Status.IN_PROGRESS])
    if due >= REFERENCE_DATE - timedelta(days=150):
        return rng.choice([Task.Status.DONE, Task.Status.DONE, Task.Status.OPEN, Task.Status.IN_PROGRESS])
    return Task.Status.DONE if rng.random() < 0.9 else Task.Status.IN_PROGRESS


def _meetings(plan: Plan, specs: list[BodySpec], coordinator: User | None) -> None:
    rng = plan.rng
    # Tasks of the coordination office are the demo coordinator's own.
    office = plan.organisations.get("kost")
    meetings, agenda_items, attendances, decisions, tasks = [], [], [], [], []
    for spec in specs:
        body = plan.bodies[spec.code]
        hour = 10 if spec.kind == Body.Kind.STEERING_GROUP else 14
        schedule = [(year, month) for year in HELD_YEARS for month in spec.per_year]
        schedule += [(PLANNED_YEAR, month) for month in spec.planned]
        numbers: dict[int, int] = {}
        # Each decision is taken once, in a drawn order; a topic may come up again without one.
        with_decision = [topic for topic in spec.topics if topic.decision]
        pending = rng.sample(with_decision, len(with_decision))
        for sitting, (year, month) in enumerate(schedule, start=1):
            starts_at = _meeting_start(rng, year, month, hour)
            held = starts_at.date() < REFERENCE_DATE
            online = spec.kind == Body.Kind.WORKING_GROUP and sitting % 3 == 0
            meeting = Meeting(
                body=body,
                title=f"{sitting}. Sitzung",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                place="" if online else spec.place,
                online_url=f"https://konferenz.{ascii_slug(plan.tenant.slug)}.example.org/{ascii_slug(spec.code)}"
                if online
                else "",
            )
            if held:
                taken = pending[: min(rng.choice([0, 1, 1, 2]), len(pending))]
                del pending[: len(taken)]
            else:
                taken = []
            others = [topic for topic in spec.topics if topic not in taken]
            topics = taken + rng.sample(others, min(3 - len(taken), len(others)))
            agenda = [OPENING, *(topic.title for topic in topics), CLOSING]
            agenda_items += [
                AgendaItem(meeting=meeting, position=position, title=title)
                for position, title in enumerate(agenda, start=1)
            ]
            seats = [m for m in plan.memberships[spec.code] if m.is_current(starts_at.date())]
            counts = {"present": 0, "excused": 0, "absent": 0}
            for seat in seats:
                status = Attendance.Status.INVITED
                if held:
                    status = rng.choices(
                        [Attendance.Status.PRESENT, Attendance.Status.EXCUSED, Attendance.Status.ABSENT],
                        weights=[78, 16, 6],
                    )[0]
                    counts[status] += 1
                attendances.append(Attendance(meeting=meeting, membership=seat, status=status))
            meeting_decisions, meeting_tasks = {}, []
            if held:
                for topic in taken:
                    numbers[year] = numbers.get(year, 0) + 1
                    decision = Decision(
                        meeting=meeting, body=body, year=year, number=numbers[year], text=topic.decision
                    )
                    meeting_decisions[topic] = decision
                    if rng.random() < 0.08:
                        decision.status = Decision.Status.DROPPED
                        continue
                    decision_tasks = []
                    for title, key in topic.tasks:
                        organisation = _responsible(plan, key, seats)
                        due = starts_at.date() + timedelta(days=rng.randint(30, 150))
                        decision_tasks.append(
                            Task(
                                body=body,
                                meeting=meeting,
                                decision=decision,
                                title=title,
                                responsible_organisation=organisation,
                                responsible_user=coordinator if organisation is office else None,
                                due_date=due,
                                status=_task_status(rng, due),
                            )
                        )
                    meeting_tasks += decision_tasks
                    done = all(task.status == Task.Status.DONE for task in decision_tasks)
                    decision.status = Decision.Status.IMPLEMENTED if done else Decision.Status.ADOPTED
                meeting.minutes = _minutes(meeting, topics, counts, meeting_decisions, meeting_tasks)
            meetings.append(meeting)
            decisions += meeting_decisions.values()
            tasks += meeting_tasks
    Meeting.objects.bulk_create(meetings)
    for item in agenda_items:
        item.meeting_id = item.meeting.pk
    for attendance in attendances:
        attendance.meeting_id = attendance.meeting.pk
    for decision in decisions:
        decision.meeting_id = decision.meeting.pk
    AgendaItem.objects.bulk_create(agenda_items)
    Attendance.objects.bulk_create(attendances)
    Decision.objects.bulk_create(decisions)
    for task in tasks:
        task.meeting_id = task.meeting.pk
        task.decision_id = task.decision.pk
    Task.objects.bulk_create(tasks)


def _partner_tasks(plan: Plan, key: str, body_code: str) -> None:
    """Open tasks for the organisation the demo partner acts for, so "my tasks" has something to show."""
    organisation = plan.organisations[key]
    body = plan.bodies[body_code]
    meeting = (
        Meeting.objects.filter(body=body, starts_at__date__lt=REFERENCE_DATE).order_by("-starts_at").first()
    )
    Task.objects.bulk_create(
        [
            Task(
                body=body,
                meeting=meeting,
                title=title,
                description=description,
                responsible_organisation=organisation,
                due_date=due,
                status=status,
            )
            for title, description, due, status in [
                (
                    "Teilnehmendenzahlen der Berufseinstiegsbegleitung melden",
                    "Zahlen zum Stichtag 30.09. an die Koordinierungsstelle.",
                    date(REFERENCE_DATE.year, 10, 15),
                    Task.Status.OPEN,
                ),
                (
                    "Konzept für mehrsprachige Elternabende vorlegen",
                    "Entwurf mit Sprachen, Terminen und Dolmetschbedarf.",
                    date(REFERENCE_DATE.year, 9, 30),
                    Task.Status.IN_PROGRESS,
                ),
                (
                    "Plätze im Ausbildungsvorbereitungskurs für das Frühjahr planen",
                    "",
                    date(PLANNED_YEAR, 2, 28),
                    Task.Status.OPEN,
                ),
                (
                    "Bericht über das Bewerbungstraining an Werkrealschulen",
                    "Kurzbericht für die Koordinierungsgruppe.",
                    date(PLANNED_YEAR, 4, 15),
                    Task.Status.OPEN,
                ),
            ]
        ]
    )


def _link_partner(tenant: Tenant, organisation: Organisation) -> None:
    Membership.objects.filter(
        user__email=PARTNER_EMAIL, tenant=tenant, role=Membership.Role.PARTNER, organisation__isnull=True
    ).update(organisation=organisation)


def _load_tenant(
    slug: str, actors: list[Actor], specs: list[BodySpec], partner_org: str, partner_body: str
) -> None:
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None or Organisation.objects.for_tenant(tenant).exists():
        return
    plan = Plan(tenant=tenant, rng=random.Random(f"{SEED}-{slug}"))
    regions = {region.name: region for region in Region.objects.for_tenant(tenant)}
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL, memberships__tenant=tenant).first()
    _organisations(plan, actors, regions, ascii_slug(tenant.slug))
    _bodies(plan, specs, regions)
    _meetings(plan, specs, coordinator)
    _partner_tasks(plan, partner_org, partner_body)
    _link_partner(tenant, plan.organisations[partner_org])


@transaction.atomic
def load() -> None:
    _load_tenant("musterkreis", MUSTERKREIS_ACTORS, MUSTERKREIS_BODIES, "bildungswerk", "KG")
    _load_tenant("beispielstadt", BEISPIELSTADT_ACTORS, BEISPIELSTADT_BODIES, "bildungszentrum", "AK-NZ")
