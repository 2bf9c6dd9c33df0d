"""Six more fictional member municipalities of the association, so that its pages have something to
compare: portraits, protected counts per qualification and destination (tables, no records) for three
leaving years, and practices. With Musterkreis and Beispielstadt the association has eight members and
a dozen practices. Towns and people are invented; postcodes only place a member on the map.

Deterministic; a member that already has counts or practices is left alone, so a second run changes
nothing. Seed data writes no audit events.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from uebergang.association.models import Portrait, Practice
from uebergang.monitoring.codes import record_cohorts
from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.tenants.models import Tenant

from .monitoring import DESTINATIONS

SEED = "uebergang-demo-members"
YEARS = range(2023, 2026)
P = Practice.Status.PUBLISHED


@dataclass(frozen=True)
class Member:
    slug: str
    name: str
    kind: str
    population: int
    land: str
    summary: str
    office: str
    address: str
    since: int
    organisation: str
    staff: str
    mix: dict[str, float]  # qualifications of the leavers
    dual_effect: float  # share of leavers the local work moves from the transition sector into training
    unknown: float  # share of leavers whose destination stays unknown
    practices: tuple[dict, ...] = ()


D, C = Tenant.Kind.DISTRICT, Tenant.Kind.CITY

MEMBERS = [
    Member(
        "talau",
        "Landkreis Talau",
        D,
        245_000,
        "BW",
        "Flächenkreis mit starkem Handwerk; Koordinierung im Bildungsbüro seit 2010.",
        "Bildungsbüro im Landratsamt Talau",
        "Landratsamt, Marktplatz 2\n72072 Talstadt",
        2010,
        "Bildungsbüro im Landratsamt, Geschäftsführung des Arbeitsbündnisses Jugend und Beruf mit Agentur für "
        "Arbeit, Jobcenter und Jugendamt.",
        "2.5",
        {"none": 0.06, "first": 0.24, "intermediate": 0.42, "advanced_technical": 0.1, "abitur": 0.18},
        0.07,
        0.02,
        (
            {
                "title": "Handwerksbotschafter in allen Abschlussklassen",
                "summary": "Auszubildende des Handwerks erzählen in Klasse 8 bis 10 von ihrem Alltag.",
                "problem": "Freie Lehrstellen im Handwerk, während viele Jugendliche in den Übergangsbereich gehen.",
                "approach": "Die Kreishandwerkerschaft stellt Auszubildende für Doppelstunden frei; die Schulen "
                "buchen sie über das Bildungsbüro.",
                "partners": "Kreishandwerkerschaft, Schulen, Agentur für Arbeit",
                "resources": "0,2 Stellen im Bildungsbüro, Fahrtkosten der Betriebe",
                "results": "Betriebliche Ausbildung nach Klasse 10 von 31 % auf 38 % in drei Jahren.",
                "phases": ["orientation", "school_to_training"],
                "topics": ["orientation", "companies"],
                "visibility": Practice.Visibility.PUBLIC,
            },
            {
                "title": "Verbleibsklärung mit festen Fristen",
                "summary": "Jede Schule meldet bis zu den Osterferien, wer noch ohne Anschluss ist.",
                "problem": "Unbekannter Verbleib bei jedem zehnten Abgang.",
                "approach": "Gemeinsames Verfahren mit Fristen; die Jugendberufsagentur nimmt jeden Fall auf.",
                "results": "Unbekannter Verbleib von 9 % auf 2 %.",
                "phases": ["school_to_training"],
                "topics": ["clearing", "steering"],
            },
        ),
    ),
    Member(
        "wiesental",
        "Kreis Wiesental",
        D,
        160_000,
        "HE",
        "Ländlicher Kreis mit langen Wegen; mobile Beratung in den Gemeinden.",
        "Fachstelle Übergang im Kreishaus Wiesental",
        "Kreishaus, Schlossstraße 5\n35390 Wiesenau",
        2014,
        "Fachstelle Übergang im Fachbereich Jugend, Schule und Bildung; OloV-Steuerungsgruppe des Kreises.",
        "1.5",
        {"none": 0.08, "first": 0.27, "intermediate": 0.43, "advanced_technical": 0.08, "abitur": 0.14},
        0.0,
        0.06,
        (
            {
                "title": "Beratungsbus in den Gemeinden",
                "summary": "Die Berufsberatung kommt einmal im Monat in jede Gemeinde.",
                "problem": "Jugendliche aus kleinen Gemeinden erreichen die Beratung in der Kreisstadt kaum.",
                "approach": "Ein Bus mit Beratungsraum hält nach festem Plan an Schulen und Jugendtreffs.",
                "partners": "Agentur für Arbeit, Jugendpflege der Gemeinden",
                "results": "Doppelt so viele Beratungen von Jugendlichen aus den Gemeinden.",
                "phases": ["school_to_training"],
                "topics": ["orientation"],
            },
        ),
    ),
    Member(
        "steinach",
        "Landkreis Steinach",
        D,
        130_000,
        "BY",
        "Kreis mit Mittelschulen und einem großen Berufsschulzentrum.",
        "Koordinierungsstelle Übergang Schule–Beruf",
        "Landratsamt, Ringstraße 1\n94032 Steinach",
        2016,
        "Koordinierungsstelle im Landratsamt, eng mit den Mittelschulen und der Berufsintegration verbunden.",
        "1.0",
        {"none": 0.07, "first": 0.38, "intermediate": 0.35, "advanced_technical": 0.07, "abitur": 0.13},
        0.04,
        0.03,
        (
            {
                "title": "Berufsintegrationsklassen mit Betriebspaten",
                "summary": "Jede Klasse für Neuzugewanderte hat Betriebe als Paten.",
                "problem": "Neu zugewanderte Jugendliche finden nach der BIK selten einen Ausbildungsplatz.",
                "approach": "Paten aus Betrieben begleiten Praktika und Bewerbungen über zwei Jahre.",
                "results": "Vier von zehn Jugendlichen der BIK beginnen eine Ausbildung.",
                "phases": ["school_to_training"],
                "target_groups": ["newly_arrived"],
                "topics": ["migration", "companies", "volunteers"],
                "visibility": Practice.Visibility.PUBLIC,
            },
        ),
    ),
    Member(
        "hafenberg",
        "Stadt Hafenberg",
        C,
        180_000,
        "NI",
        "Großstadt am Wasser mit Jugendberufsagentur unter einem Dach.",
        "Kommunale Koordinierung in der Jugendberufsagentur",
        "Hafenstraße 10\n26122 Hafenberg",
        2011,
        "Koordinierung im Fachbereich Bildung, Sitz in der Jugendberufsagentur.",
        "3.0",
        {"none": 0.09, "first": 0.22, "intermediate": 0.36, "advanced_technical": 0.09, "abitur": 0.24},
        0.02,
        0.04,
        (
            {
                "title": "Jugendberufsagentur unter einem Dach",
                "summary": "Agentur für Arbeit, Jobcenter und Jugendamt beraten gemeinsam an einem Ort.",
                "problem": "Jugendliche wurden zwischen drei Stellen hin- und hergeschickt.",
                "approach": "Gemeinsamer Empfang, Fallbesprechungen über Rechtskreise hinweg, Einwilligung als "
                "Vorgang.",
                "results": "Wartezeit auf ein Erstgespräch unter einer Woche.",
                "phases": ["school_to_training", "training"],
                "topics": ["clearing", "steering"],
            },
        ),
    ),
    Member(
        "lindenfeld",
        "Stadt Lindenfeld",
        C,
        95_000,
        "NW",
        "Mittelstadt mit Berufskolleg und vielen kleinen Betrieben.",
        "Kommunale Koordinierungsstelle Lindenfeld",
        "Rathausplatz 1\n44135 Lindenfeld",
        2012,
        "Kommunale Koordinierungsstelle im Schulamt der Stadt; Arbeitskreise Berufsorientierung und Übergang.",
        "2.0",
        {"none": 0.07, "first": 0.2, "intermediate": 0.4, "advanced_technical": 0.11, "abitur": 0.22},
        0.06,
        0.03,
        (
            {
                "title": "Praktikumswochen für ganze Jahrgänge",
                "summary": "Alle Schulen der Stadt legen ihre Praktika in dieselben zwei Wochen.",
                "problem": "Betriebe wurden das ganze Jahr über von einzelnen Schulen angefragt.",
                "approach": "Gemeinsamer Kalender, eine Praktikumsbörse, Rückmeldung der Betriebe.",
                "results": "Mehr Praktikumsplätze, weniger Absagen.",
                "phases": ["orientation"],
                "topics": ["orientation", "companies"],
                "visibility": Practice.Visibility.PUBLIC,
            },
        ),
    ),
    Member(
        "rosenau",
        "Stadt Rosenau",
        C,
        62_000,
        "HE",
        "Kleine Stadt mit Gesamtschulen und einem Elternnetzwerk.",
        "Übergangsmanagement Rosenau",
        "Rathaus, Lindenstraße 3\n63065 Rosenau",
        2018,
        "Übergangsmanagement im Amt für Bildung; Elternnetzwerk mit Migrantenorganisationen.",
        "1.0",
        {"none": 0.06, "first": 0.25, "intermediate": 0.44, "advanced_technical": 0.08, "abitur": 0.17},
        0.05,
        0.02,
        (
            {
                "title": "Elternlotsen aus den Communities",
                "summary": "Eltern beraten Eltern zur Berufswahl, in ihren Sprachen.",
                "problem": "Eltern Neuzugewanderter kannten die duale Ausbildung kaum.",
                "approach": "Geschulte Elternlotsinnen und -lotsen begleiten Elternabende und Beratungstermine.",
                "results": "Elternabende in fünf Sprachen, dreimal so viele Eltern erreicht.",
                "phases": ["orientation", "school_to_training"],
                "topics": ["parents", "migration", "volunteers"],
            },
        ),
    ),
]


@transaction.atomic
def load() -> None:
    for member in MEMBERS:
        tenant, _ = Tenant.objects.update_or_create(
            slug=member.slug,
            defaults={
                "name": member.name,
                "kind": member.kind,
                "population": member.population,
                "land": member.land,
                "summary": member.summary,
                "office_name": member.office,
                "office_address": member.address,
                "office_email": f"uebergang@{member.slug}.example.org",
            },
        )
        Portrait.objects.get_or_create(
            tenant=tenant,
            defaults={
                "coordinating_since": member.since,
                "organisation": member.organisation,
                "staff_fte": Decimal(member.staff),
                "shown": True,
            },
        )
        if not CohortCount.objects.for_tenant(tenant).exists():
            _counts(tenant, member)
        if not Practice.objects.for_tenant(tenant).exists():
            for spec in member.practices:
                Practice.objects.create(
                    tenant=tenant, status=P, contact=f"uebergang@{member.slug}.example.org", **spec
                )
    _office()


def _counts(tenant: Tenant, member: Member) -> None:
    """Counts per qualification and destination for YEARS: about 1 % of the population leaves school a
    year; destinations follow Musterkreis's rates by qualification, shifted by the member's work."""
    rng = random.Random(f"{SEED}-{member.slug}")
    rows = []
    for year in YEARS:
        cells: Counter[tuple[str, str]] = Counter()
        for _ in range(round(member.population * 0.01 * rng.uniform(0.95, 1.05))):
            qualification = _draw(rng, member.mix)
            if rng.random() < member.unknown:
                destination = "unknown"
            else:
                rates = dict(DESTINATIONS[qualification])
                moved = min(member.dual_effect, rates.get("transition", 0))
                rates["transition"] = rates.get("transition", 0) - moved
                rates["dual"] = rates.get("dual", 0) + moved
                destination = _draw(rng, rates)
            cells[(qualification, destination)] += 1
        rows += [
            CohortCount(
                tenant=tenant,
                origin=CohortCount.Origin.TABLE,
                leaving_year=year,
                qualification=qualification,
                destination=destination,
                count=n,
            )
            for (qualification, destination), n in sorted(cells.items())
        ]
    CohortCount.objects.bulk_create(rows)
    record_cohorts(tenant, YEARS)
    refresh_years(tenant, YEARS)


def _draw(rng: random.Random, weights: dict[str, float]) -> str:
    codes = sorted(weights)
    return rng.choices(codes, weights=[weights[code] for code in codes])[0]


# The association's own office: a workspace whose bodies are the members' working groups.
OFFICE_SLUG = "ag-uebergang"
WORKING_GROUP = "AG Verbleibsklärung"
# Member offices in the working group (member slug → role) and a guest institution.
GROUP_MEMBERS = {
    "musterkreis": "chair",
    "talau": "member",
    "hafenberg": "member",
    "beispielstadt": "member",
    "rosenau": "member",
}
GUEST = "Landesinstitut für berufliche Bildung (Beispielland)"
MEETINGS = [
    (
        date(2026, 3, 18),
        ["Verfahren der Verbleibsklärung im Vergleich", "Datenschutz: Einwilligung und Rechtsgrundlage"],
        "Die Mitglieder stellen ihre Verfahren vor; Talau und Hafenberg arbeiten mit festen Fristen.",
        "Die AG erstellt eine gemeinsame Checkliste für Fristen und Zuständigkeiten der Verbleibsklärung.",
        [
            ("Checkliste Verbleibsklärung entwerfen", "talau"),
            ("Muster einer Einwilligung zusammenstellen", "hafenberg"),
        ],
    ),
    (
        date(2026, 9, 23),
        ["Checkliste: Entwurf", "Erfahrungen mit der Klärungsliste der Schulen"],
        "Der Entwurf der Checkliste wird beraten; Musterkreis berichtet von der Klärungsliste.",
        "Die Checkliste wird den Mitgliedern zur Erprobung im Abgangsjahr 2027 empfohlen.",
        [("Checkliste an alle Mitglieder versenden", "musterkreis")],
    ),
]


def _office() -> None:
    """The association's office as a workspace with one working group of member offices and a guest;
    its staff, the members' representatives and the guest get roles there (demo logins)."""
    from uebergang.network.models import Body

    office, _ = Tenant.objects.get_or_create(
        slug=OFFICE_SLUG,
        defaults={
            "name": "Arbeitsgemeinschaft Übergang – Geschäftsstelle",
            "kind": Tenant.Kind.ASSOCIATION,
            "summary": "Geschäftsstelle des Verbunds: Arbeitsgruppen der Mitglieder über Kommunen hinweg.",
        },
    )
    organisations = _office_organisations(office)
    if not Body.objects.for_tenant(office).exists():
        _working_group(office, organisations)
    _office_roles(office, organisations)


def _office_organisations(office: Tenant) -> dict:
    from uebergang.network.models import Organisation

    organisations = {}
    for slug in GROUP_MEMBERS:
        member = Tenant.objects.get(slug=slug)
        organisations[slug], _ = Organisation.objects.get_or_create(
            tenant=office,
            name=member.office_name or member.name,
            defaults={
                "short_name": member.name,
                "kind": Organisation.Kind.MUNICIPAL_ADMIN,
                "website": f"https://{slug}.example.org",
                "email": f"uebergang@{slug}.example.org",
            },
        )
    organisations["guest"], _ = Organisation.objects.get_or_create(
        tenant=office,
        name=GUEST,
        defaults={
            "short_name": "Landesinstitut",
            "kind": Organisation.Kind.OTHER,
            "website": "https://landesinstitut.example.org",
            "email": "info@landesinstitut.example.org",
        },
    )
    return organisations


def _working_group(office: Tenant, organisations: dict) -> None:
    from uebergang.network.models import AgendaItem, Body, BodyMembership, Decision, Meeting, Task

    body = Body.objects.create(
        tenant=office,
        name=WORKING_GROUP,
        code="AG-VK",
        kind=Body.Kind.WORKING_GROUP,
        level=Body.Level.OPERATIONAL,
        is_public=False,
        mandate="Die Mitglieder vergleichen ihre Verfahren der Verbleibsklärung und entwickeln gemeinsame Standards.",
    )
    for slug, role in GROUP_MEMBERS.items():
        BodyMembership.objects.create(body=body, organisation=organisations[slug], role=role)
    BodyMembership.objects.create(
        body=body, organisation=organisations["guest"], role=BodyMembership.Role.GUEST
    )
    for number, (day, agenda, minutes, text, tasks) in enumerate(MEETINGS, start=1):
        starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
        meeting = Meeting.objects.create(
            body=body,
            title=f"{number}. Sitzung",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            online_url="https://konferenz.ag-uebergang.example.org/ag-vk",
            minutes=f"# Protokoll: {WORKING_GROUP}, {day:%d.%m.%Y}\n\n{minutes}\n\n**Beschluss:** {text}\n",
        )
        for position, title in enumerate(agenda, start=1):
            AgendaItem.objects.create(meeting=meeting, position=position, title=title)
        decision = Decision.objects.create(
            meeting=meeting, body=body, year=day.year, number=number, text=text
        )
        for title, slug in tasks:
            Task.objects.create(
                body=body,
                meeting=meeting,
                decision=decision,
                title=title,
                responsible_organisation=organisations[slug],
                due_date=day + timedelta(days=60),
                status=Task.Status.DONE if day.month < 6 else Task.Status.OPEN,
            )
    planned = timezone.make_aware(datetime.combine(date(2027, 3, 17), time(10, 0)))
    Meeting.objects.create(
        body=body, title="3. Sitzung", starts_at=planned, ends_at=planned + timedelta(hours=3)
    )


def _office_roles(office: Tenant, organisations: dict) -> None:
    """The association's staff coordinate the office's workspace; the members' representatives are
    partners of their municipality's office there: they read and move on what it takes part in."""
    from uebergang.accounts.models import Membership, User

    staff = User.objects.filter(email="verbund@example.org").first()
    if staff is not None:
        Membership.objects.get_or_create(
            user=staff, tenant=office, defaults={"role": Membership.Role.COORDINATOR}
        )
    for email, slug in (
        ("coordinator@musterkreis.example.org", "musterkreis"),
        ("koordination@beispielstadt.example.org", "beispielstadt"),
    ):
        user = User.objects.filter(email=email).first()
        if user is not None:
            Membership.objects.update_or_create(
                user=user,
                tenant=office,
                defaults={"role": Membership.Role.PARTNER, "organisation": organisations[slug]},
            )
