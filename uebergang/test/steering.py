"""The cast's steering, quality and association objects."""

from __future__ import annotations

from uebergang.network.models import (
    Organisation,
    Task,
)
from uebergang.tenants.models import Tenant

from .base import blank_pdf
from .objects import Network, Offerings, create_organisation


def create_planning(tenant: Tenant, network: Network, offerings: Offerings) -> None:
    """A work plan of `tenant`: one priority, goal and measure (linked to the network and an offering),
    a hand-entered indicator with one value, a funding line of the offering, a staff position and a published annual report."""
    from datetime import date
    from decimal import Decimal

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
        PublishedReport,
        ReportRun,
        StaffPosition,
        VolunteerProgramme,
        WorkPlan,
    )

    plan = WorkPlan.objects.create(tenant=tenant, year=2026, title=f"Arbeitsplan 2026 {tenant.slug}")
    priority = Priority.objects.create(plan=plan, title="Übergänge sichern")
    goal = Goal.objects.create(priority=priority, title="Kein Abgang ohne Anschluss")
    measure = Measure.objects.create(
        goal=goal,
        title=f"Interne Maßnahme {tenant.slug}",
        owner_organisation=network.organisation,
        status=Measure.Status.IN_PROGRESS,
        progress=40,
    )
    measure.decisions.add(network.decision)
    measure.tasks.add(network.task)
    measure.bodies.add(network.body)
    measure.offerings.add(offerings.published)
    indicator = Indicator.objects.create(
        plan=plan, goal=goal, name="Teilnehmende Praktikumsbörse", source="Anmeldeliste", unit="Personen"
    )
    IndicatorValue.objects.create(indicator=indicator, year=2026, value=Decimal("120"), source="Anmeldeliste")
    line = FundingLine.objects.create(
        tenant=tenant,
        offering=offerings.published,
        source="state",
        programme="Landesprogramm Übergang",
        start=date(2025, 1, 1),
        end=date(2027, 12, 31),
    )
    FundingAmount.objects.create(line=line, year=2026, amount=Decimal("48000"))
    StaffPosition.objects.create(
        tenant=tenant, organisation=network.organisation, title="Ausbildungslotse", fte=Decimal("0.75")
    )
    PublishedReport.objects.create(tenant=tenant, year=2025, version=1, pdf=blank_pdf(), figures={})
    ReportRun.objects.create(tenant=tenant, year=2025, status=ReportRun.Status.DONE, step=4, pdf=blank_pdf())
    VolunteerProgramme.objects.create(
        tenant=tenant,
        name=f"Ausbildungspaten {tenant.slug}",
        kind=VolunteerProgramme.Kind.MENTORS,
        organisation=network.organisation,
        year=2026,
        volunteers=12,
        young_people=30,
    )
    InterimReview.objects.create(
        tenant=tenant,
        body=network.body,
        start=date(2025, 1, 1),
        end=date(2026, 6, 30),
        figures=compute(tenant, network.body, date(2025, 1, 1), date(2026, 6, 30)),
        assessment=f"Interne Einschätzung {tenant.slug}",
    )


def create_quality(tenant: Tenant, network: Network, offerings: Offerings) -> None:
    """Quality objects of `tenant`: a standard in force (version 1, one criterion) and its draft version 2,
    a self-evaluation of the published offering with a rating and a follow-up action of the provider, a
    school with a completed school review, and a reporting period with a submitted partner report."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from uebergang.documents.storage import store
    from uebergang.quality.models import PartnerReport, Rating, ReportingPeriod, Review, Standard

    standard = Standard.objects.create(
        tenant=tenant, title="Berufsorientierung", status=Standard.Status.ACTIVE, version=1
    )
    criterion = standard.criteria.create(position=1, title="Praxisphasen in Betrieben")
    draft = Standard.objects.create(
        tenant=tenant, title="Berufsorientierung", version=2, predecessor=standard
    )
    draft.criteria.create(position=1, title="Praxisphasen in Betrieben und Werkstätten")
    review = Review.objects.create(
        tenant=tenant,
        standard=standard,
        kind=Review.Kind.SELF,
        offering=offerings.published,
        year=2026,
        due_on=date(2026, 12, 31),
        summary=f"Interne Qualitätseinschätzung {tenant.slug}",
    )
    Rating.objects.create(
        review=review, criterion=criterion, level=Rating.Level.PARTLY, evidence="Praktikumsliste"
    )
    store(
        SimpleUploadedFile(f"Praktikumsliste-{tenant.slug}.pdf", blank_pdf()),
        tenant=tenant,
        owner=review,
        user=None,
    )
    store(
        SimpleUploadedFile(f"Sitzungsunterlage-{tenant.slug}.pdf", blank_pdf()),
        tenant=tenant,
        owner=network.meeting,
        user=None,
    )
    Task.objects.create(
        quality_review=review,
        title=f"Folgemaßnahme {tenant.slug}",
        responsible_organisation=network.organisation,
    )
    period = ReportingPeriod.objects.create(
        tenant=tenant,
        title="1. Halbjahr 2026",
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        due_on=date(2026, 7, 31),
    )
    period.offerings.add(offerings.published)
    PartnerReport.objects.create(
        period=period,
        offering=offerings.published,
        status=PartnerReport.Status.SUBMITTED,
        participants=20,
        completions=13,
        dropouts=2,
        destinations={"dual": 7, "transition": 6, "unknown": 2},
        qualifications={"first": 9, "intermediate": 6},
        note=f"Interne Anmerkung zum Bericht {tenant.slug}",
    )


def create_school_review(tenant: Tenant) -> Organisation:
    """A school of `tenant` with a completed review after a school standard, made on first use: a school
    in every test's cast would change what other apps count (actors, schools expected to report)."""
    from datetime import UTC, date, datetime

    from uebergang.quality.models import Rating, Review, Standard

    existing = Organisation.objects.for_tenant(tenant).filter(name=f"Realschule {tenant.slug}").first()
    if existing is not None:
        return existing
    school = create_organisation(
        tenant,
        f"Realschule {tenant.slug}",
        Organisation.Kind.SCHOOL,
        school_type=Organisation.SchoolType.REALSCHULE,
    )
    school_standard = Standard.objects.create(
        tenant=tenant,
        title="Berufsorientierung an Schulen",
        subject=Standard.Subject.SCHOOL,
        status=Standard.Status.ACTIVE,
    )
    school_criterion = school_standard.criteria.create(position=1, title="Curriculum der Berufsorientierung")
    school_review = Review.objects.create(
        tenant=tenant,
        standard=school_standard,
        kind=Review.Kind.OFFICE,
        school=school,
        year=2025,
        due_on=date(2025, 12, 31),
        status=Review.Status.COMPLETED,
        completed_at=datetime(2025, 11, 20, 10, 0, tzinfo=UTC),
    )
    Rating.objects.create(review=school_review, criterion=school_criterion, level=Rating.Level.MET)
    return school


def remove_document_files() -> None:
    """Delete the files of every stored document (the cast's and any a test uploaded) before the test's
    rows go: files live outside the database and would outlast it."""
    from uebergang.documents.models import Document
    from uebergang.documents.storage import path_of

    for document in Document.objects.all():
        path_of(document).unlink(missing_ok=True)


def create_practice(tenant: Tenant, offerings: Offerings) -> None:
    """A draft practice of `tenant` for the association's library (drafts stay with their municipality)."""
    from uebergang.association.models import Practice

    practice = Practice.objects.create(
        tenant=tenant,
        title=f"Interne Praxis {tenant.slug}",
        summary="Entwurf",
        problem="Viele Abgänge ohne Anschluss",
        approach="Lotsen an jeder Schule",
        phases=["school_to_training"],
        topics=["orientation"],
    )
    practice.offerings.add(offerings.published)
