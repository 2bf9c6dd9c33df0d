"""Demo steering cycle of Musterkreis: work plans 2025 and 2026, indicators, funding and staff.

Fictional throughout and built on the network and offerings demos: measures name their actors, bodies,
decisions and offerings; funding lines are read off each offering's own funding (source, programme,
period, yearly amount), so catalogue and finances agree; one pilot shows its follow-up into regular
funding. Dates of funding count from `today` like the offerings demo. A tenant that already has a work
plan is left alone, so a second run changes nothing. Seed data writes no audit events.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from uebergang.network.models import Body, Decision, FundingSource, Organisation
from uebergang.offerings.models import Offering
from uebergang.planning.interim import compute
from uebergang.planning.models import (
    FundingAmount,
    FundingLine,
    Goal,
    Indicator,
    IndicatorValue,
    InterimReview,
    Measure,
    Priority,
    StaffPosition,
    VolunteerProgramme,
    WorkPlan,
)
from uebergang.planning.resources import ENDING_WITHIN_MONTHS, months_later
from uebergang.tenants.models import Tenant

PLAN_YEARS = (2025, 2026)
Status = Measure.Status


@dataclass
class M:
    """A measure: title, owner (short name of an organisation), status and progress per plan year."""

    title: str
    owner: str
    state: dict[int, tuple[str, int]]
    offering_words: tuple[str, ...] = ()  # link offerings whose title contains one of these
    bodies: tuple[str, ...] = ()
    decision: bool = False  # link the steering group's first decision of the year


@dataclass
class G:
    title: str
    weight: int
    measures: list[M] = field(default_factory=list)


@dataclass
class P:
    title: str
    description: str
    goals: list[G]


PRIORITIES = [
    P(
        "Berufsorientierung an allen Schulen",
        "Alle Schulen mit Sekundarstufe I arbeiten nach einem abgestimmten Berufsorientierungskonzept.",
        [
            G(
                "Jede Schule hat ein gelebtes Berufsorientierungskonzept",
                2,
                [
                    M(
                        "Handreichung zum BO-Konzept mit dem Schulamt",
                        "Schulamt",
                        {2025: ("done", 100), 2026: ("done", 100)},
                    ),
                    M(
                        "Praktikumsbörse Musterkreis ausbauen",
                        "IHK",
                        {2025: ("in_progress", 60), 2026: ("in_progress", 85)},
                        offering_words=("Praktikum",),
                        bodies=("KG",),
                    ),
                ],
            ),
            G(
                "Eltern als Begleiter der Berufswahl gewinnen",
                1,
                [
                    M(
                        "Elternabende zur Berufswahl in mehreren Sprachen",
                        "Migrationsdienst",
                        {2025: ("in_progress", 40), 2026: ("at_risk", 55)},
                        offering_words=("Eltern",),
                        bodies=("AK-EA",),
                    ),
                ],
            ),
        ],
    ),
    P(
        "Kein Abschluss ohne Anschluss",
        "Der Verbleib jeder Schulabgängerin und jedes Schulabgängers ist geklärt; niemand geht verloren.",
        [
            G(
                "Verbleib aller Abgängerinnen und Abgänger klären",
                3,
                [
                    M(
                        "Verbleibsklärung mit den Schulen verbindlich abstimmen",
                        "Koordinierungsstelle",
                        {2025: ("done", 100), 2026: ("done", 100)},
                        bodies=("SG",),
                        decision=True,
                    ),
                    M(
                        "Gemeinsame Fallbesprechungen der Jugendberufsagentur",
                        "Jobcenter",
                        {2025: ("in_progress", 50), 2026: ("in_progress", 75)},
                    ),
                ],
            ),
            G(
                "Übergangsbereich gezielt nutzen",
                1,
                [
                    M(
                        "Bestandsaufnahme der Plätze im Übergangsbereich",
                        "Agentur für Arbeit",
                        {2025: ("done", 100), 2026: ("done", 100)},
                    ),
                    M(
                        "Ausbildungslotsen an allen Werkrealschulen",
                        "Jugendberufshilfe",
                        {2025: ("planned", 0), 2026: ("in_progress", 45)},
                        offering_words=("Lotse", "Berufseinstieg"),
                    ),
                ],
            ),
        ],
    ),
    P(
        "Verlässliche Strukturen und Ressourcen",
        "Erfolgreiche Projekte werden verstetigt statt neu beantragt.",
        [
            G(
                "Koordinierung dauerhaft sichern",
                1,
                [
                    M(
                        "Koordinierungsstelle in den Stellenplan übernehmen",
                        "Landratsamt",
                        {2025: ("in_progress", 50), 2026: ("done", 100)},
                        bodies=("SG",),
                    ),
                ],
            ),
        ],
    ),
]

# (short name of the organisation, function, FTE, which coordination funding pays it, if any)
STAFF = [
    ("Koordinierungsstelle", "Koordination Übergang Schule–Beruf", "2.50", FundingSource.MUNICIPAL),
    ("Koordinierungsstelle", "Datenmonitoring", "0.50", FundingSource.STATE),
    ("Jugendberufshilfe", "Ausbildungslotsinnen und -lotsen", "3.00", None),
    ("Bildungswerk", "Berufseinstiegsbegleitung", "2.00", None),
    ("Jobcenter", "Jugendberufsagentur U25", "2.00", None),
    ("Agentur für Arbeit", "Berufsberatung vor dem Erwerbsleben", "4.50", None),
    ("Jugendamt", "Jugendsozialarbeit am Übergang", "1.50", None),
    ("Schulamt", "Fachberatung Berufsorientierung", "0.50", None),
]

# (programme, kind, short name of the organisation, volunteers, young people accompanied) last year;
# this year each grew a little.
VOLUNTEERS = [
    ("Ausbildungspaten Musterkreis", VolunteerProgramme.Kind.MENTORS, "Jugendberufshilfe", 24, 41),
    ("Elternbegleitung am Übergang", VolunteerProgramme.Kind.PARENT_ADVISERS, "Jugendamt", 9, None),
    ("Senior Experten Bewerbungstraining", VolunteerProgramme.Kind.SENIOR_EXPERTS, "Bildungswerk", 6, 55),
]


def _status(start: datetime.date, end: datetime.date | None, today: datetime.date) -> str:
    if start > today:
        return FundingLine.Status.GRANTED
    if end is None:
        return FundingLine.Status.RUNNING
    if end < today:
        return FundingLine.Status.ENDED
    if end <= months_later(today, ENDING_WITHIN_MONTHS):
        return FundingLine.Status.ENDING
    return FundingLine.Status.RUNNING


def _line(tenant, *, amounts: dict[int, Decimal], **fields) -> FundingLine:
    line = FundingLine.objects.create(tenant=tenant, **fields)
    FundingAmount.objects.bulk_create(
        FundingAmount(line=line, year=year, amount=amount) for year, amount in sorted(amounts.items())
    )
    return line


def _years(start: datetime.date, end: datetime.date | None) -> list[int]:
    first, last = (
        max(start.year, PLAN_YEARS[0]),
        min(end.year if end else PLAN_YEARS[-1] + 1, PLAN_YEARS[-1] + 1),
    )
    return list(range(first, last + 1))


def _offering_funding(tenant: Tenant, today: datetime.date) -> None:
    """A funding line for every offering that names its source and yearly amount (or is statutory)."""
    offerings = Offering.objects.for_tenant(tenant).exclude(funding_source="").order_by("title", "id")
    pilot_done = False
    for offering in offerings:
        if (
            offering.statutory
        ):  # open-ended: no end, and from the plan's first year if the catalogue has no start
            start, end = offering.funding_start or datetime.date(PLAN_YEARS[0], 1, 1), None
        elif offering.funding_start is not None and offering.funding_amount is not None:
            start, end = offering.funding_start, offering.funding_end
        else:
            continue
        amount = offering.funding_amount or Decimal(0)
        status = _status(start, end, today)
        line = _line(
            tenant,
            amounts=dict.fromkeys(_years(start, end), amount) if amount else {},
            offering=offering,
            source=offering.funding_source,
            programme=offering.programme,
            start=start,
            end=end,
            status=status,
            is_statutory=offering.statutory,
        )
        if (
            status == FundingLine.Status.ENDING and not pilot_done
        ):  # one pilot on its way into regular municipal funding
            follow_start = end + datetime.timedelta(days=1)
            follow_up = _line(
                tenant,
                amounts={follow_start.year: (amount * Decimal("0.9")).quantize(Decimal("1"))},
                offering=offering,
                source=FundingSource.MUNICIPAL,
                programme="Regelförderung Landkreis (Kreistagsbeschluss)",
                start=follow_start,
                status=FundingLine.Status.GRANTED,
                note="Anschluss an die Modellphase",
            )
            line.follow_up = follow_up
            line.note = "Modellprojekt"
            line.save(update_fields=["follow_up", "note"])
            pilot_done = True


def _organisations(tenant: Tenant) -> dict[str, Organisation]:
    return {org.short_name: org for org in Organisation.objects.for_tenant(tenant) if org.short_name}


def _plan(tenant: Tenant, year: int, organisations, bodies, offerings) -> dict[str, Measure]:
    plan = WorkPlan.objects.create(
        tenant=tenant,
        year=year,
        title=f"Jahresarbeitsplan {year} – Übergang Schule–Beruf im Musterkreis",
        summary="Beschlossen von der Steuerungsgruppe; Fortschritt berichtet die Koordinierungsstelle quartalsweise.",
    )
    decision = (
        Decision.objects.for_tenant(tenant).filter(body__code="SG", year=year).order_by("number").first()
    )
    measures = {}
    for p_index, spec in enumerate(PRIORITIES, start=1):
        priority = Priority.objects.create(
            plan=plan, position=p_index, title=spec.title, description=spec.description
        )
        for g_index, goal_spec in enumerate(spec.goals, start=1):
            goal = Goal.objects.create(
                priority=priority, position=g_index, title=goal_spec.title, weight=goal_spec.weight
            )
            for m_index, m in enumerate(goal_spec.measures, start=1):
                status, progress = m.state[year]
                measure = Measure.objects.create(
                    goal=goal,
                    position=m_index,
                    title=m.title,
                    owner_organisation=organisations.get(m.owner),
                    start=datetime.date(year, 1, 1),
                    end=datetime.date(year, 12, 31),
                    status=status,
                    progress=progress,
                )
                measure.bodies.set([bodies[code] for code in m.bodies if code in bodies])
                measure.offerings.set(
                    [o for o in offerings if any(word in o.title for word in m.offering_words)][:3]
                )
                if m.decision and decision is not None:
                    measure.decisions.add(decision)
                measures[m.title] = measure
    unknown = Indicator.objects.create(
        plan=plan,
        name="Anteil unbekannter Verbleib",
        kind=Indicator.Kind.MONITORING,
        monitoring_figure=Indicator.Figure.UNKNOWN_SHARE,
        numerator="Abgänge mit unbekanntem Verbleib",
        denominator="alle Abgänge des Jahrgangs",
        source="Übergangsmonitoring (geschützte Zahlen)",
        direction=Indicator.Direction.DOWN,
        baseline_year=2024,
        baseline=Decimal("6.0"),
        target_year=2027,
        target=Decimal("3.0"),
    )
    unknown.goal = Goal.objects.get(priority__plan=plan, title__startswith="Verbleib aller")
    unknown.save(update_fields=["goal"])
    Indicator.objects.create(
        plan=plan,
        name="Anteil duale Ausbildung",
        kind=Indicator.Kind.MONITORING,
        monitoring_figure=Indicator.Figure.DUAL_SHARE,
        numerator="Abgänge in duale Ausbildung",
        denominator="alle Abgänge des Jahrgangs",
        source="Übergangsmonitoring (geschützte Zahlen)",
        baseline_year=2024,
        baseline=Decimal("24.0"),
        target_year=2027,
        target=Decimal("28.0"),
    )
    internships = Indicator.objects.create(
        plan=plan,
        name="Vermittelte Betriebspraktika",
        numerator="über die Praktikumsbörse vermittelte Praktika",
        source="Praktikumsbörse der IHK Musterregion",
        unit="Praktika",
        baseline_year=2024,
        baseline=Decimal("380"),
        target_year=2026,
        target=Decimal("500"),
    )
    for value_year, value in [(2025, 412), (2026, 468)]:
        if value_year <= year:
            IndicatorValue.objects.create(
                indicator=internships,
                year=value_year,
                value=value,
                source="Jahresstatistik der Praktikumsbörse",
            )
    return measures


def _load_musterkreis(tenant: Tenant, today: datetime.date) -> None:
    organisations = _organisations(tenant)
    bodies = {body.code: body for body in Body.objects.for_tenant(tenant)}
    offerings = list(Offering.objects.for_tenant(tenant).order_by("title", "id"))
    for year in PLAN_YEARS:
        measures = _plan(tenant, year, organisations, bodies, offerings)
    _offering_funding(tenant, today)
    coordination = measures["Koordinierungsstelle in den Stellenplan übernehmen"]
    municipal = _line(
        tenant,
        amounts={2025: Decimal("148000"), 2026: Decimal("156000"), 2027: Decimal("162000")},
        measure=coordination,
        source=FundingSource.MUNICIPAL,
        programme="Haushalt Landkreis, Stellenplan",
        start=datetime.date(2025, 1, 1),
        status=FundingLine.Status.RUNNING,
        note="Regelfinanzierung seit dem Kreistagsbeschluss",
    )
    state = _line(
        tenant,
        amounts={2025: Decimal("60000"), 2026: Decimal("60000")},
        measure=coordination,
        source=FundingSource.STATE,
        programme="Landesprogramm Kommunale Koordinierung",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2026, 12, 31),
        status=_status(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31), today),
        follow_up=municipal,
    )
    lines = {FundingSource.MUNICIPAL: municipal, FundingSource.STATE: state}
    for short_name, title, fte, source in STAFF:
        organisation = organisations.get(short_name)
        if organisation is None:
            continue
        StaffPosition.objects.create(
            tenant=tenant,
            organisation=organisation,
            title=title,
            fte=Decimal(fte),
            funding_line=lines.get(source),
        )
    for name, kind, short_name, volunteers, young_people in VOLUNTEERS:
        for year, growth in ((today.year - 1, 0), (today.year, 2)):
            VolunteerProgramme.objects.create(
                tenant=tenant,
                name=name,
                kind=kind,
                organisation=organisations.get(short_name),
                year=year,
                volunteers=volunteers + growth,
                young_people=young_people + 3 * growth if young_people else None,
            )
    _interim_review(tenant, bodies.get("SG"), today)


def _interim_review(tenant: Tenant, body: Body | None, today: datetime.date) -> None:
    """The steering group's review after 18 months (as Kreis Offenbach does), with an assessment."""
    start = datetime.date(today.year - 1, 1, 1) if today.month >= 7 else datetime.date(today.year - 2, 7, 1)
    end = today
    InterimReview.objects.create(
        tenant=tenant,
        body=body,
        start=start,
        end=end,
        figures=compute(tenant, body, start, end, today),
        assessment=(
            "Die Steuerungsgruppe tagt regelmäßig; die Kammern sind verlässlich vertreten, die Schulen seltener. "
            "Die Maßnahme zur Übernahme der Koordinierungsstelle in den Stellenplan ist umgesetzt. "
            "Vorschlag: Schulleitungen gezielt zu den Sitzungen im Frühjahr einladen."
        ),
    )


@transaction.atomic
def load(today: datetime.date | None = None) -> None:
    tenant = Tenant.objects.filter(slug="musterkreis").first()
    if tenant is None or WorkPlan.objects.for_tenant(tenant).exists():
        return
    if not Organisation.objects.for_tenant(tenant).exists():
        return  # the network demo provides the actors
    _load_musterkreis(tenant, today or timezone.localdate())
