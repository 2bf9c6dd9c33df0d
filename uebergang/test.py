"""The shared test cast: tenant A with one person per role, tenant B, an association member, an outsider.

Plain `create_*` helpers; every view test uses the cast to prove that tenant B and the outsider
are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyotp

from uebergang.accounts.models import Membership, TotpDevice, User
from uebergang.network.models import (
    Body,
    BodyMembership,
    CalendarFeed,
    Contact,
    Decision,
    Meeting,
    Organisation,
    Task,
)
from uebergang.tenants.models import Region, Tenant

PASSWORD = "richtig-gutes-passwort-42"  # noqa: S105
Role = Membership.Role


def mentions(text: str, token: str) -> bool:
    """Whether `token` stands in `text` on its own, not inside a longer number, UUID or timestamp.

    A bare `in` would let a random UUID or microsecond timestamp that happens to contain "12347" fail a
    privacy assertion by chance."""
    return re.search(rf"(?<![\w.]){re.escape(token)}(?![\w])", text) is not None


def create_tenant(slug: str, name: str | None = None, **fields) -> Tenant:
    fields.setdefault("kind", Tenant.Kind.DISTRICT)
    fields.setdefault("summary", f"Kurzporträt von {name or slug}")
    return Tenant.objects.create(slug=slug, name=name or slug.title(), **fields)


def create_region(tenant: Tenant, name: str) -> Region:
    return Region.objects.create(tenant=tenant, name=name)


def create_user(email: str, password: str = PASSWORD, **fields) -> User:
    return User.objects.create_user(email, password, **fields)


def create_membership(user: User, tenant: Tenant | None, role: str) -> Membership:
    return Membership.objects.create(user=user, tenant=tenant, role=role)


def enrol_totp(user: User) -> pyotp.TOTP:
    """A confirmed authenticator for `user`; returns a TOTP to compute its codes."""
    from django.utils import timezone

    secret = pyotp.random_base32()
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now()}
    )
    return pyotp.TOTP(secret)


@dataclass
class Network:
    """One object of each network kind in a tenant."""

    organisation: Organisation
    contact: Contact
    private_contact: Contact
    body: Body
    body_membership: BodyMembership
    meeting: Meeting
    decision: Decision
    task: Task
    feed: CalendarFeed


def create_organisation(tenant: Tenant, name: str, kind: str = Organisation.Kind.TRAINING_PROVIDER, **fields):
    return Organisation.objects.create(tenant=tenant, name=name, kind=kind, **fields)


def create_network(tenant: Tenant, coordinator: User, label: str) -> Network:
    from datetime import timedelta

    from django.utils import timezone

    organisation = create_organisation(
        tenant, f"Bildungswerk {label}", email=f"info@bildungswerk-{label}.example.org"
    )
    contact = Contact.objects.create(
        organisation=organisation, name=f"Öffentliche Person {label}", is_public=True
    )
    private_contact = Contact.objects.create(
        organisation=organisation, name=f"Interne Person {label}", email=f"intern-{label}@example.org"
    )
    body = Body.objects.create(
        tenant=tenant,
        name=f"Steuerungsgruppe {label}",
        code="SG",
        kind=Body.Kind.STEERING_GROUP,
        level=Body.Level.STRATEGIC,
    )
    body_membership = BodyMembership.objects.create(body=body, organisation=organisation, person=contact)
    meeting = Meeting.objects.create(
        body=body,
        starts_at=timezone.now() - timedelta(days=7),
        place="Rathaus",
        minutes=f"Vertrauliches Protokoll {label}",
    )
    decision = Decision.objects.create(
        meeting=meeting, body=body, year=2026, number=1, text=f"Beschluss {label}"
    )
    task = Task.objects.create(
        body=body,
        meeting=meeting,
        decision=decision,
        title=f"Aufgabe {label}",
        responsible_organisation=organisation,
    )
    feed = CalendarFeed.objects.create(tenant=tenant, user=coordinator)
    return Network(
        organisation, contact, private_contact, body, body_membership, meeting, decision, task, feed
    )


def create_monitoring(tenant: Tenant, coordinator: User) -> None:
    """One import batch, one source mapping and one local destination sub-code of `tenant`."""
    from uebergang.monitoring.codes import codes_for
    from uebergang.monitoring.models import Destination, ImportBatch, ImportMapping

    top = codes_for(tenant)["transition"]
    Destination.objects.create(
        version=top.version, tenant=tenant, code="bvb", label="BvB", parent=top, iabe_sector=top.iabe_sector
    )
    ImportBatch.objects.create(
        tenant=tenant,
        created_by=coordinator,
        source="Schulamt",
        file_name=f"abgaenge-{tenant.slug}.csv",
        status=ImportBatch.Status.DONE,
    )
    ImportMapping.objects.create(tenant=tenant, source="Schulamt", columns={"Schüler-ID": "source_id"})


@dataclass
class Offerings:
    published: object  # offerings.Offering, published, with a confidential and a public location
    draft: object  # offerings.Offering, a draft of the same provider
    category: object  # offerings.Category of the tenant
    version: object  # offerings.OfferingVersion pending review for `published`
    confidential_street: str


def create_offerings(tenant: Tenant, organisation: Organisation, author: User, label: str) -> Offerings:
    """A published offering (one public, one confidential location, a change in review) and a draft."""
    from django.utils import timezone

    from uebergang.offerings.models import Category, Offering, OfferingLocation, OfferingVersion
    from uebergang.offerings.search import refresh_search_text

    category = Category.objects.create(
        tenant=tenant, code=f"eigene-{label}", name=f"Eigene Kategorie {label}"
    )
    published = Offering.objects.create(
        tenant=tenant,
        provider=organisation,
        status=Offering.Status.PUBLISHED,
        published_at=timezone.now(),
        title=f"Bewerbungstraining {label}",
        short_description=f"Fit für die Bewerbung {label}",
        phases=["school_to_training"],
        target_groups=["young_people"],
        min_age=14,
        max_age=20,
        languages=["de"],
        last_checked=timezone.localdate(),
    )
    published.categories.add(category)
    OfferingLocation.objects.create(
        offering=published, street="Marktplatz 1", postcode="12345", city="Musterstadt"
    )
    confidential_street = f"Geheimweg {label} 7"
    OfferingLocation.objects.create(
        offering=published,
        street=confidential_street,
        postcode="12347",
        city="Musterstadt",
        is_confidential=True,
    )
    draft = Offering.objects.create(
        tenant=tenant, provider=organisation, title=f"Entwurf {label}", short_description=f"Unfertig {label}"
    )
    refresh_search_text(published)
    refresh_search_text(draft)
    version = OfferingVersion.objects.create(
        offering=published,
        number=1,
        status=OfferingVersion.Status.IN_REVIEW,
        data={"title": f"Vorgeschlagener Titel {label}"},
        author=author,
    )
    return Offerings(published, draft, category, version, confidential_street)


@dataclass
class CaseObjects:
    case: object  # cases.Case with a contact, a consent, a legal basis and a referral
    consent: object  # cases.Consent covering the referral
    legal_basis: object  # cases.LegalBasis
    referral: object  # cases.Referral to `offering`, sent
    conference: object  # cases.CaseConference with the provider, the worker taking part, and one step
    step: object  # network.Task agreed in `conference`
    young_person: str  # the case's full name: a text only the tenant's case workers may read


def create_case(tenant: Tenant, worker: User | None, label: str, **fields):
    """A case of `tenant` opened directly in the database (actions are tested on their own)."""
    from datetime import date

    from uebergang.cases.models import Case

    number = (
        Case.objects.filter(tenant=tenant).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    fields.setdefault("first_name", f"Jana {label}")
    fields.setdefault("last_name", f"Fallbeispiel-{label}")
    fields.setdefault("leaving_year", 2026)
    fields.setdefault("deadline", date(2026, 10, 31))
    return Case.objects.create(tenant=tenant, number=number, lead_worker=worker, **fields)


def create_cases(
    tenant: Tenant, worker: User | None, offering, label: str, partner: User | None = None
) -> CaseObjects:
    """A case of `tenant` with one contact, a consent and a legal basis for its provider, and a referral."""
    from datetime import date

    from django.utils import timezone

    from uebergang.cases.models import (
        CaseConference,
        Consent,
        ContactAttempt,
        DataCategory,
        LegalBasis,
        Purpose,
        Referral,
    )
    from uebergang.network.models import Task

    case = create_case(
        tenant,
        worker,
        label,
        email=f"jana-{label}@example.org",
        date_of_birth=date(2009, 5, 4),
        phone="0151 000",
        guardian_name=f"Petra Fallbeispiel-{label}",
        guardian_contact="0151 111",
    )
    ContactAttempt.objects.create(
        case=case,
        kind=ContactAttempt.Kind.CALL,
        made_by=worker,
        made_at=timezone.now(),
        result=ContactAttempt.Result.REACHED,
        note=f"Vertraulicher Gesprächsvermerk {label}",
    )
    categories = [DataCategory.NAME, DataCategory.CONTACT]
    consent = Consent.objects.create(
        case=case,
        purpose=Purpose.REFERRAL,
        data_categories=categories,
        valid_from=date(2026, 1, 1),
        given_by=Consent.GivenBy.YOUNG_PERSON,
        form=Consent.Form.WRITTEN,
        recorded_by=worker,
    )
    consent.recipients.add(offering.provider)
    legal_basis = LegalBasis.objects.create(
        case=case,
        purpose=Purpose.HANDOVER,
        data_categories=categories,
        valid_from=date(2026, 1, 1),
        reference="§ 31a SGB III",
        recorded_by=worker,
    )
    legal_basis.recipients.add(offering.provider)
    referral = Referral.objects.create(
        case=case,
        offering=offering,
        provider=offering.provider,
        data_categories=categories,
        consent=consent,
        sent_by=worker,
        sent_at=timezone.now(),
    )
    conference_consent = Consent.objects.create(
        case=case,
        purpose=Purpose.CASE_CONFERENCE,
        data_categories=[DataCategory.NAME, DataCategory.SCHOOL],
        valid_from=date(2026, 1, 1),
        given_by=Consent.GivenBy.YOUNG_PERSON,
        form=Consent.Form.WRITTEN,
        recorded_by=worker,
    )
    conference_consent.recipients.add(offering.provider)
    conference = CaseConference.objects.create(
        case=case,
        held_at=timezone.now(),
        data_categories=[DataCategory.NAME, DataCategory.SCHOOL],
        minutes=f"Vertrauliches Fallkonferenzprotokoll {label}",
        convened_by=worker,
    )
    conference.organisations.add(offering.provider)
    conference.participants.add(*[p for p in (worker, partner) if p is not None])
    step = Task.objects.create(
        case_conference=conference,
        title=f"Bewerbung gemeinsam schreiben {label}",
        responsible_user=worker,
        responsible_organisation=offering.provider,
    )
    return CaseObjects(case, consent, legal_basis, referral, conference, step, case.full_name)


def blank_pdf() -> bytes:
    """A valid one-page PDF without text (a stand-in for a published report)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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


@dataclass
class Cast:
    tenant_a: Tenant
    tenant_b: Tenant
    region_a: Region
    region_b: Region
    members_a: dict[str, User]
    coordinator_b: User
    association: User
    outsider: User
    network_a: Network
    network_b: Network
    offerings_a: Offerings
    offerings_b: Offerings
    cases_a: CaseObjects
    cases_b: CaseObjects
    totp: dict[str, pyotp.TOTP] = field(default_factory=dict)

    @property
    def coordinator(self) -> User:
        return self.members_a[Role.COORDINATOR]

    @property
    def partner(self) -> User:
        return self.members_a[Role.PARTNER]

    @property
    def case_worker(self) -> User:
        return self.members_a[Role.CASE_WORKER]

    @property
    def steering(self) -> User:
        return self.members_a[Role.STEERING]

    def objects_of(self, tenant: Tenant) -> dict[str, int]:
        """One object of `tenant` for each URL keyword argument that names an object.

        The isolation walk fills URL patterns from this; a new view with a new keyword adds it here.
        """
        coordinator = self.coordinator if tenant == self.tenant_a else self.coordinator_b
        network = self.network_of(tenant)
        return {
            "membership_id": Membership.objects.get(tenant=tenant, user=coordinator).pk,
            "organisation_id": network.organisation.pk,
            "contact_id": network.private_contact.pk,
            "body_id": network.body.pk,
            "body_membership_id": network.body_membership.pk,
            "meeting_id": network.meeting.pk,
            "decision_id": network.decision.pk,
            "task_id": network.task.pk,
            "token": network.feed.token,
            **self.monitoring_of(tenant),
            "offering_id": self.offerings_of(tenant).published.pk,
            "service_id": str(self.offerings_of(tenant).published.hsds_id),  # HSDS path parameters are UUIDs
            "organization_id": str(network.organisation.hsds_id),
            "version_id": self.offerings_of(tenant).version.pk,
            "category_id": self.offerings_of(tenant).category.pk,
            "synonym_id": self.synonym_of(tenant),
            **self.case_ids_of(tenant),
            **self.planning_of(tenant),
            **self.quality_of(tenant),
            "practice_id": self.practice_of(tenant),
        }

    def practice_of(self, tenant: Tenant) -> int:
        from uebergang.association.models import Practice

        return Practice.objects.for_tenant(tenant).get(title=f"Interne Praxis {tenant.slug}").pk

    def quality_of(self, tenant: Tenant) -> dict[str, int]:
        from uebergang.quality.models import Criterion, ReportingPeriod, Review, Standard

        review = Review.objects.for_tenant(tenant).get(kind=Review.Kind.SELF)
        return {
            "standard_id": Standard.objects.for_tenant(tenant)
            .get(version=2)
            .pk,  # the draft: criteria editable
            "criterion_id": Criterion.objects.for_tenant(tenant).get(standard__version=2).pk,
            "quality_review_id": review.pk,
            "follow_up_id": review.follow_ups.get().pk,
            "period_id": ReportingPeriod.objects.for_tenant(tenant).get().pk,
            "school_id": create_school_review(tenant).pk,
            "document_id": review.documents.get().pk,
            "owner_key": "ueberpruefung",  # documents are added to an owner of a registered kind
            "owner_id": review.pk,
        }

    def synonym_of(self, tenant: Tenant) -> int:
        """A synonym group of the tenant's search, made on first use (other tests start without one)."""
        from uebergang.offerings.models import SearchSynonym

        return SearchSynonym.objects.get_or_create(tenant=tenant, words="Azubi, Lehrling")[0].pk

    def planning_of(self, tenant: Tenant) -> dict[str, int]:
        from uebergang.planning.models import (
            FundingLine,
            Goal,
            Indicator,
            InterimReview,
            Measure,
            Priority,
            PublishedReport,
            ReportRun,
            StaffPosition,
            VolunteerProgramme,
            WorkPlan,
        )

        return {
            "plan_id": WorkPlan.objects.for_tenant(tenant).get().pk,
            "priority_id": Priority.objects.for_tenant(tenant).get().pk,
            "goal_id": Goal.objects.for_tenant(tenant).get().pk,
            "measure_id": Measure.objects.for_tenant(tenant).get().pk,
            "indicator_id": Indicator.objects.for_tenant(tenant).get().pk,
            "funding_line_id": FundingLine.objects.for_tenant(tenant).get().pk,
            "staff_position_id": StaffPosition.objects.for_tenant(tenant).get().pk,
            "published_report_id": PublishedReport.objects.for_tenant(tenant).get().pk,
            "run_id": ReportRun.objects.for_tenant(tenant).get().pk,
            "review_id": InterimReview.objects.for_tenant(tenant).get().pk,
            "programme_id": VolunteerProgramme.objects.for_tenant(tenant).get().pk,
        }

    def cases_of(self, tenant: Tenant) -> CaseObjects:
        return self.cases_a if tenant == self.tenant_a else self.cases_b

    def case_ids_of(self, tenant: Tenant) -> dict[str, int]:
        cases = self.cases_of(tenant)
        return {
            "case_id": cases.case.pk,
            "consent_id": cases.consent.pk,
            "legal_basis_id": cases.legal_basis.pk,
            "referral_id": cases.referral.pk,
            "conference_id": cases.conference.pk,
            "step_id": cases.step.pk,
        }

    def offerings_of(self, tenant: Tenant) -> Offerings:
        return self.offerings_a if tenant == self.tenant_a else self.offerings_b

    def monitoring_of(self, tenant: Tenant) -> dict[str, int]:
        from uebergang.monitoring.models import Destination, ImportBatch, ImportMapping

        return {
            "batch_id": ImportBatch.objects.for_tenant(tenant).get().pk,
            "mapping_id": ImportMapping.objects.for_tenant(tenant).get().pk,
            "destination_id": Destination.objects.filter(tenant=tenant).get().pk,
        }

    def network_of(self, tenant: Tenant) -> Network:
        return self.network_a if tenant == self.tenant_a else self.network_b

    def private_texts_of(self, tenant: Tenant) -> list[str]:
        """Texts only the staff of `tenant` may read; the isolation walk looks for them in every refusal.

        A view that shows new non-public data adds a text of it here.
        """
        coordinator = self.coordinator if tenant == self.tenant_a else self.coordinator_b
        network = self.network_of(tenant)
        return [
            coordinator.email,
            network.private_contact.email,
            network.meeting.minutes,
            network.private_contact.name,
            network.task.title,
            network.decision.text,
            self.offerings_of(tenant).version.data["title"],
            self.cases_of(tenant).case.email,
            self.cases_of(tenant).case.contacts.get().note,
            f"abgaenge-{tenant.slug}.csv",
            self.offerings_of(tenant).draft.title,
            self.offerings_of(tenant).confidential_street,
            self.cases_of(tenant).young_person,
            self.cases_of(tenant).conference.minutes,
            self.cases_of(tenant).step.title,
            f"Interne Maßnahme {tenant.slug}",
            f"Interne Einschätzung {tenant.slug}",
            f"Interne Qualitätseinschätzung {tenant.slug}",
            f"Folgemaßnahme {tenant.slug}",
            f"Interne Anmerkung zum Bericht {tenant.slug}",
            f"Praktikumsliste-{tenant.slug}.pdf",
            f"Sitzungsunterlage-{tenant.slug}.pdf",
            f"Interne Praxis {tenant.slug}",
        ]


def build_cast() -> Cast:
    tenant_a = create_tenant("kreis-a", "Kreis Alpha", population=200_000)
    tenant_b = create_tenant("stadt-b", "Stadt Beta", kind=Tenant.Kind.CITY, population=50_000)
    members_a = {}
    totp = {}
    for role in Membership.TENANT_ROLES:
        user = create_user(f"{role}@a.example.org", full_name=f"{role.label} A")
        create_membership(user, tenant_a, role)
        members_a[role] = user
        if role in Membership.ROLES_REQUIRING_MFA:
            totp[user.email] = enrol_totp(user)
    coordinator_b = create_user("coordinator@b.example.org", full_name="Koordination B")
    create_membership(coordinator_b, tenant_b, Role.COORDINATOR)
    totp[coordinator_b.email] = enrol_totp(coordinator_b)
    association = create_user("verbund@example.org", full_name="Verbund")
    create_membership(association, None, Role.ASSOCIATION)
    outsider = create_user("outsider@example.org", full_name="Außenstehend")
    network_a = create_network(tenant_a, members_a[Role.COORDINATOR], "a")
    network_b = create_network(tenant_b, coordinator_b, "b")
    create_monitoring(tenant_a, members_a[Role.COORDINATOR])
    create_monitoring(tenant_b, coordinator_b)
    Membership.objects.filter(user=members_a[Role.PARTNER], tenant=tenant_a).update(
        organisation=network_a.organisation
    )
    offerings_a = create_offerings(tenant_a, network_a.organisation, members_a[Role.PARTNER], "a")
    offerings_b = create_offerings(tenant_b, network_b.organisation, coordinator_b, "b")
    create_planning(tenant_a, network_a, offerings_a)
    create_planning(tenant_b, network_b, offerings_b)
    create_quality(tenant_a, network_a, offerings_a)
    create_quality(tenant_b, network_b, offerings_b)
    create_practice(tenant_a, offerings_a)
    create_practice(tenant_b, offerings_b)
    return Cast(
        tenant_a=tenant_a,
        tenant_b=tenant_b,
        region_a=create_region(tenant_a, "West"),
        region_b=create_region(tenant_b, "Nord"),
        members_a=members_a,
        coordinator_b=coordinator_b,
        association=association,
        outsider=outsider,
        network_a=network_a,
        network_b=network_b,
        offerings_a=offerings_a,
        offerings_b=offerings_b,
        cases_a=create_cases(
            tenant_a, members_a[Role.CASE_WORKER], offerings_a.published, "a", members_a[Role.PARTNER]
        ),
        cases_b=create_cases(tenant_b, None, offerings_b.published, "b"),
        totp=totp,
    )


@dataclass
class Filled:
    """Objects of tenant A with every field their edit forms show filled in, for the form round-trip walk.

    `objects` maps URL keyword arguments to these objects' ids (over `Cast.objects_of`). A new edit
    view, or a new field on an edited model, fills it here, so the walk saves it unchanged.
    """

    objects: dict[str, int]


MULTILINE = (
    "Erster Absatz mit „Anführungszeichen“ & <Zeichen>.\n\nZweiter Absatz:\n- Punkt eins\n- Punkt zwei"
)


def create_filled(cast: Cast) -> Filled:
    """Fully filled objects of tenant A: organisation, contact, body, membership, meeting with agenda,
    decision, task, offering with every code set, categories, schools and locations, category,
    catalogue settings, the tenant's portrait, a member with an organisation."""
    from datetime import date, datetime, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from uebergang.network.models import AgendaItem, Attendance, OrganisationLegalSphere, TaskComment
    from uebergang.offerings.models import CatalogueSettings, Category, Offering, OfferingLocation
    from uebergang.offerings.search import refresh_search_text

    tenant = cast.tenant_a
    Tenant.objects.filter(pk=tenant.pk).update(
        summary="Kurzporträt des Kreises Alpha",
        portrait=MULTILINE,
        office_name="Koordinierungsstelle Übergang",
        office_address="Landratsamt\nMarktplatz 1\n12345 Musterstadt",
        office_email="uebergang@kreis-a.example.org",
        office_phone="01234 5678-0",
        office_website="https://www.kreis-a.example.org/uebergang",
    )
    school = create_organisation(
        tenant,
        "Realschule am Markt",
        Organisation.Kind.SCHOOL,
        short_name="RS Markt",
        school_type=Organisation.SchoolType.REALSCHULE,
        region=cast.region_a,
        street="Schulstraße 3",
        postcode="01234",
        city="Musterstadt",
        website="https://rs-markt.example.org",
        email="sekretariat@rs-markt.example.org",
        phone="01234 999-1",
        identifier="04123456",
        parent=cast.network_a.organisation,
    )
    for code in ("sgb3", "sgb8"):
        OrganisationLegalSphere.objects.create(organisation=school, code=code)
    contact = Contact.objects.create(
        organisation=school,
        name="Dana Beispiel",
        function="Berufsorientierung",
        email="dana.beispiel@rs-markt.example.org",
        phone="01234 999-12",
        is_public=True,
    )
    body = Body.objects.create(
        tenant=tenant,
        name="Arbeitskreis Berufsorientierung",
        code="AK-BO",
        kind=Body.Kind.WORKING_GROUP,
        level=Body.Level.OPERATIONAL,
        region=cast.region_a,
        parent=cast.network_a.body,
        mandate=MULTILINE,
        is_public=True,
    )
    body_membership = BodyMembership.objects.create(
        body=body,
        organisation=school,
        person=contact,
        role=BodyMembership.Role.CHAIR,
        start=date(2025, 1, 1),
        end=date(2027, 12, 31),
        fte=Decimal("0.25"),
    )
    starts = timezone.make_aware(datetime(2026, 3, 10, 14, 30))
    meeting = Meeting.objects.create(
        body=body,
        title="Frühjahrssitzung",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Rathaus, Saal 2",
        online_url="https://meet.example.org/ak-bo",
        minutes=MULTILINE,
    )
    for position, title in enumerate(["Begrüßung", "Praktikumsbörse", "Verschiedenes"], start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    Attendance.objects.create(meeting=meeting, membership=body_membership, status=Attendance.Status.PRESENT)
    decision = Decision.objects.create(
        meeting=meeting,
        body=body,
        year=2026,
        number=7,
        text=MULTILINE,
        status=Decision.Status.IMPLEMENTED,
    )
    task = Task.objects.create(
        body=body,
        meeting=meeting,
        decision=decision,
        title="Praktikumsbörse vorbereiten",
        description=MULTILINE,
        responsible_organisation=school,
        responsible_user=cast.partner,
        due_date=date(2026, 5, 31),
        status=Task.Status.IN_PROGRESS,
    )
    TaskComment.objects.create(task=task, author=cast.coordinator, text="Raum ist gebucht.")
    category = Category.objects.create(
        tenant=tenant,
        code="lernen",
        name="Lernen und Nachhilfe",
        name_en="Learning support",
        description="Hilfe beim Lernen",
        position=3,
    )
    offering = Offering.objects.create(
        tenant=tenant,
        provider=cast.network_a.organisation,  # the partner's organisation
        status=Offering.Status.PUBLISHED,
        published_at=timezone.now(),
        service_status=Offering.ServiceStatus.ACTIVE,
        title="Bewerbungswerkstatt kompakt",
        short_description="Unterlagen prüfen, Gespräche üben",
        description=MULTILINE,
        plain_language="Wir helfen bei der Bewerbung.\nKommen Sie vorbei.",
        phases=["orientation", "school_to_training"],
        target_groups=["young_people", "newly_arrived"],
        min_age=14,
        max_age=25,
        school_types=["realschule", "werkrealschule"],
        min_grade=8,
        max_grade=10,
        qualifications=["first", "intermediate"],
        legal_sphere="sgb3",
        legal_basis="§ 48 SGB III",
        funding_source="state",
        programme="Zukunft Ausbildung",
        funding_start=date(2025, 9, 1),
        funding_end=date(2027, 7, 31),
        funding_amount=Decimal("12500.50"),
        places_total=20,
        places_free=5,
        places_updated_at=date(2026, 2, 1),
        schedule="dienstags 15–17 Uhr\ndonnerstags 10–12 Uhr",
        is_free=False,
        cost_amount=Decimal("15.00"),
        cost_description="Materialkosten",
        languages=["de", "tr", "uk"],
        accessibility="Rollstuhlgerecht, Aufzug vorhanden",
        how_to_apply="Anruf oder E-Mail genügt.\nAuch ohne Termin.",
        url="https://www.example.org/bewerbungswerkstatt",
        contact_name="Erika Beispiel",
        contact_email="erika@example.org",
        contact_phone="01234 56789-0",
        last_checked=timezone.localdate(),
    )
    offering.categories.add(category, cast.offerings_a.category)
    offering.schools_served.add(school)
    OfferingLocation.objects.create(
        offering=offering,
        name="Jugendhaus",
        street="Marktplatz 5",
        postcode="01234",
        city="Musterstadt",
        region=cast.region_a,
        latitude=49.5,
        longitude=8.5,
        accessibility="Eingang ebenerdig",
    )
    OfferingLocation.objects.create(
        offering=offering,
        street="Verborgener Weg 2",
        postcode="12347",
        city="Musterstadt",
        latitude=49.51,
        longitude=8.52,
        is_confidential=True,
    )
    refresh_search_text(offering)
    CatalogueSettings.objects.update_or_create(tenant=tenant, defaults={"review_interval_months": 9})
    from uebergang.legal.models import AccessibilityStatement, LegalText

    for kind in LegalText.Kind.values:
        LegalText.objects.create(tenant=tenant, kind=kind, body=MULTILINE)
    for owner in (tenant, None):  # the tenant's statement and the installation's
        AccessibilityStatement.objects.create(
            tenant=owner,
            conformity=AccessibilityStatement.Conformity.PARTIAL,
            non_accessible=MULTILINE,
            prepared_on=date(2026, 11, 30),
            reviewed_on=date(2026, 12, 1),
            method=AccessibilityStatement.Method.THIRD_PARTY,
            feedback_email="barrierefrei@kreis-a.example.org",
            feedback_phone="01234 5678-9",
            feedback_address="Landratsamt\nMarktplatz 1\n12345 Musterstadt",
            enforcement_body="Schlichtungsstelle nach § 16 BGG",
            enforcement_url="https://www.schlichtungsstelle-bgg.de",
            enforcement_contact="Mauerstraße 53\n10117 Berlin",
        )
    partner_membership = Membership.objects.get(user=cast.partner, tenant=tenant)
    return Filled(
        objects={
            **cast.objects_of(tenant),
            "membership_id": partner_membership.pk,
            "organisation_id": school.pk,
            "contact_id": contact.pk,
            "body_id": body.pk,
            "body_membership_id": body_membership.pk,
            "meeting_id": meeting.pk,
            "decision_id": decision.pk,
            "task_id": task.pk,
            "offering_id": offering.pk,
            "category_id": category.pk,
        }
    )
