"""Demo quality work of Musterkreis: two standards (one in its second version), two review rounds, a year
of partner reports, follow-up actions.

Fictional throughout and built on the network and offerings demos: school reviews cover the network's
schools, self-evaluations and reports the published offerings of the phase "Sek I–Ausbildung". The
2026 round is under way: the demo partner's self-evaluation is open and its report for the first half of
2026 is missing, so the partner has something to do and the coordinator something to follow. Figures
come from a seeded generator, so every run gives the same data; a tenant that already has a standard is
left alone. Seed data writes no audit events.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.network.models import Organisation, Task
from uebergang.offerings.models import Offering, Phase
from uebergang.quality.forms import REPORT_QUALIFICATIONS
from uebergang.quality.models import Criterion, PartnerReport, Rating, ReportingPeriod, Review, Standard
from uebergang.tenants.models import Tenant

SEED = "uebergang-demo-quality"
PARTNER_EMAIL = "partner@musterkreis.example.org"

SCHOOL_CRITERIA_V1 = [
    (
        "Curriculum der Berufsorientierung ab Klasse 7",
        "Ein schriftliches Konzept mit Bausteinen je Klassenstufe",
        "Konzept der Schule",
    ),
    ("Praxisphasen in Betrieben", "Mindestens zwei Praktika bis Klasse 9", "Praktikumsübersicht"),
    ("Berufswahlpass oder Portfolio", "Jede Schülerin und jeder Schüler führt ein Portfolio", "Stichprobe"),
    ("Eltern einbeziehen", "Elternabend zur Berufswahl in Klasse 8", "Einladung, Teilnehmerliste"),
]
SCHOOL_CRITERIA_V2_EXTRA = [
    (
        "Ansprechperson im Übergang für jede Abschlussklasse",
        "Lotsin, Lotse oder Berufsberatung mit festen Sprechzeiten in der Schule",
        "Sprechzeitenplan",
    ),
]
OFFERING_CRITERIA = [
    (
        "Zielgruppe und Zugang klar beschrieben",
        "Angebot im Katalog vollständig und aktuell",
        "Katalogeintrag",
    ),
    (
        "Abgestimmt mit Schule und Agentur für Arbeit",
        "Absprachen schriftlich festgehalten",
        "Kooperationsvereinbarung",
    ),
    (
        "Verbleib der Teilnehmenden erfasst",
        "Verbleib nach Austritt für alle Ausgetretenen",
        "Berichte der Träger",
    ),
    ("Übergänge begleitet", "Übergabe an das nächste Angebot oder den Betrieb vereinbart", "Fallbeispiele"),
]
LEVELS = ["met", "met", "met", "partly", "partly", "not_met"]


def load(today: datetime.date | None = None) -> None:
    tenant = Tenant.objects.filter(slug="musterkreis").first()
    if tenant is None or Standard.objects.for_tenant(tenant).exists():
        return
    if not Offering.objects.for_tenant(tenant).exists():
        return  # the offerings demo provides the offerings
    _load_musterkreis(tenant, today or timezone.localdate())


def _standard(tenant, title, subject, criteria, *, version=1, predecessor=None, status, activated):
    standard = Standard.objects.create(
        tenant=tenant,
        title=title,
        subject=subject,
        description="Gemeinsam im Netzwerk vereinbart; gilt für alle Partner im Landkreis.",
        review_cycle_months=12,
        version=version,
        predecessor=predecessor,
        status=status,
        activated_at=activated,
    )
    Criterion.objects.bulk_create(
        Criterion(standard=standard, position=i, title=t, indicators=ind, evidence_required=ev)
        for i, (t, ind, ev) in enumerate(criteria, start=1)
    )
    return standard


def _rate(review: Review, rng: random.Random, *, complete: bool = True) -> None:
    criteria = list(review.standard.criteria.all())
    Rating.objects.bulk_create(
        Rating(
            review=review,
            criterion=c,
            level=rng.choice(LEVELS),
            evidence="Nachweis liegt der Koordinierungsstelle vor.",
        )
        for c in (criteria if complete else criteria[:2])
    )


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@transaction.atomic
def _load_musterkreis(tenant: Tenant, today: datetime.date) -> None:
    rng = random.Random(SEED)
    school_v1 = _standard(
        tenant,
        "Berufsorientierung an Schulen",
        Standard.Subject.SCHOOL,
        SCHOOL_CRITERIA_V1,
        status=Standard.Status.RETIRED,
        activated=_moment(datetime.date(2024, 9, 1)),
    )
    school_v2 = _standard(
        tenant,
        "Berufsorientierung an Schulen",
        Standard.Subject.SCHOOL,
        SCHOOL_CRITERIA_V1 + SCHOOL_CRITERIA_V2_EXTRA,
        version=2,
        predecessor=school_v1,
        status=Standard.Status.ACTIVE,
        activated=_moment(datetime.date(2026, 2, 1)),
    )
    offering_standard = _standard(
        tenant,
        "Qualität der Angebote am Übergang",
        Standard.Subject.OFFERING,
        OFFERING_CRITERIA,
        status=Standard.Status.ACTIVE,
        activated=_moment(datetime.date(2024, 9, 1)),
    )
    schools = list(
        Organisation.objects.for_tenant(tenant)
        .filter(kind=Organisation.Kind.SCHOOL, is_active=True)
        .order_by("name")
    )
    # Round 2025: every school reviewed by the office after version 1; round 2026 after version 2, half done.
    for index, school in enumerate(schools):
        first = Review.objects.create(
            tenant=tenant,
            standard=school_v1,
            kind=Review.Kind.OFFICE,
            school=school,
            year=2025,
            due_on=datetime.date(2025, 11, 30),
            status=Review.Status.COMPLETED,
            submitted_at=_moment(datetime.date(2025, 11, 20)),
            completed_at=_moment(datetime.date(2025, 11, 25)),
            summary="Gute Grundlage; die Elternarbeit ist ausbaufähig.",
        )
        _rate(first, rng)
        done = index % 2 == 0
        second = Review.objects.create(
            tenant=tenant,
            standard=school_v2,
            kind=Review.Kind.OFFICE,
            school=school,
            year=2026,
            due_on=datetime.date(2026, 11, 30),
            status=Review.Status.COMPLETED if done else Review.Status.OPEN,
            submitted_at=_moment(datetime.date(2026, 10, 15)) if done else None,
            completed_at=_moment(datetime.date(2026, 10, 20)) if done else None,
        )
        _rate(second, rng, complete=done)
    offerings = list(
        Offering.objects.for_tenant(tenant)
        .filter(status=Offering.Status.PUBLISHED, phases__overlaps=[Phase.SCHOOL_TO_TRAINING])
        .select_related("provider")
        .order_by("title", "id")[:10]
    )
    partner = (
        Membership.objects.filter(user__email=PARTNER_EMAIL, tenant=tenant)
        .select_related("organisation")
        .first()
    )
    partner_org = partner.organisation_id if partner else None
    own = [o for o in offerings if o.provider_id == partner_org]
    if partner_org and not own:
        extra = (
            Offering.objects.for_tenant(tenant)
            .filter(status=Offering.Status.PUBLISHED, provider_id=partner_org)
            .order_by("title", "id")
            .first()
        )
        if extra is not None:
            offerings.append(extra)
            own = [extra]
    for offering in offerings:
        review = Review.objects.create(
            tenant=tenant,
            standard=offering_standard,
            kind=Review.Kind.SELF,
            offering=offering,
            year=2025,
            due_on=datetime.date(2025, 10, 31),
            status=Review.Status.COMPLETED,
            submitted_at=_moment(datetime.date(2025, 10, 20)),
            completed_at=_moment(datetime.date(2025, 11, 3)),
        )
        _rate(review, rng)
        if any(r.level == "not_met" for r in review.ratings.all()):
            Task.objects.create(
                quality_review=review,
                title=f"Verbleib der Teilnehmenden von „{offering.title}“ vollständig erfassen",
                responsible_organisation_id=offering.provider_id,
                due_date=datetime.date(2026, 3, 31),
                status=Task.Status.DONE,
            )
    for offering in own:
        Review.objects.create(
            tenant=tenant,
            standard=offering_standard,
            kind=Review.Kind.SELF,
            offering=offering,
            year=2026,
            due_on=today + datetime.timedelta(days=21),
        )
    periods = [
        (
            "2. Halbjahr 2025",
            datetime.date(2025, 7, 1),
            datetime.date(2025, 12, 31),
            datetime.date(2026, 1, 31),
        ),
        (
            "1. Halbjahr 2026",
            datetime.date(2026, 1, 1),
            datetime.date(2026, 6, 30),
            datetime.date(2026, 7, 31),
        ),
    ]
    for number, (title, start, end, due) in enumerate(periods):
        period = ReportingPeriod.objects.create(tenant=tenant, title=title, start=start, end=end, due_on=due)
        period.offerings.set(offerings)
        for offering in offerings:
            if number == 1 and offering in own:
                continue  # the demo partner's report for the first half of 2026 is still missing
            PartnerReport.objects.create(period=period, offering=offering, **_figures(rng, offering))


def _figures(rng: random.Random, offering: Offering) -> dict:
    participants = rng.randint(30, 50)
    leavers = rng.randint(14, min(26, participants))
    dropouts = rng.randint(0, leavers // 4)
    strong = "lotse" in offering.title.casefold()
    training = min(leavers, round(leavers * (0.55 if strong else 0.35)) + rng.randint(-1, 1))
    rest = leavers - training
    transition = rng.randint(0, rest)
    unknown = rng.randint(0, rest - transition)
    work = rest - transition - unknown
    dual = training - training // 4
    destinations = {
        "dual": dual,
        "school_vet": training - dual,
        "transition": transition,
        "work": work,
        "unknown": unknown,
    }
    first = rng.randint(leavers // 3, leavers)
    none = rng.randint(0, leavers - first)
    qualifications = {"first": first, "none": none, "intermediate": leavers - first - none}
    assert set(qualifications) <= {code for code, _label in REPORT_QUALIFICATIONS}
    return {
        "status": PartnerReport.Status.SUBMITTED,
        "participants": participants,
        "participants_female": rng.randint(participants // 4, participants // 2),
        "participants_non_german": rng.randint(0, participants // 3),
        "participants_special_needs": rng.randint(0, participants // 8),
        "participants_no_qualification": min(participants, none + rng.randint(0, 3)),
        "entries": rng.randint(5, participants),
        "completions": leavers - dropouts,
        "dropouts": dropouts,
        "destinations": {k: v for k, v in destinations.items() if v},
        "qualifications": {k: v for k, v in qualifications.items() if v},
        "submitted_at": timezone.now(),
    }
