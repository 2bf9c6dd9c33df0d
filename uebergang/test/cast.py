"""The shared cast itself: tenant A with one person per role, tenant B, an association member, an outsider,
and the fully filled objects of the form round-trip walk."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyotp

from uebergang.accounts.models import Membership, User
from uebergang.network.models import (
    Body,
    BodyMembership,
    Contact,
    Decision,
    Meeting,
    Organisation,
    Task,
)
from uebergang.tenants.models import Region, Tenant

from .base import Role, blank_pdf, create_membership, create_region, create_tenant, create_user, enrol_totp
from .objects import (
    CaseObjects,
    Network,
    Offerings,
    create_cases,
    create_monitoring,
    create_network,
    create_offerings,
    create_organisation,
)
from .steering import create_planning, create_practice, create_quality, create_school_review


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
            "region_id": self.region_of(tenant),
            **self.case_ids_of(tenant),
            **self.planning_of(tenant),
            **self.quality_of(tenant),
            "practice_id": self.practice_of(tenant),
            "portrait_id": self.portrait_of(tenant),
            "file_id": self.practice_file_of(tenant),
            **self.jobs_of(tenant),
        }

    def jobs_of(self, tenant: Tenant) -> dict[str, int]:
        """A finished actor import and a finished offering import of the tenant (made on first use)."""
        from uebergang.jobs.models import Job

        ids = {}
        for kind, key in ((Job.Kind.ACTORS, "actor_job_id"), (Job.Kind.OFFERINGS, "offering_job_id")):
            job, _ = Job.objects.get_or_create(
                tenant=tenant,
                kind=kind,
                defaults={
                    "filename": f"{kind}-{tenant.slug}.csv",
                    "status": Job.Status.DONE,
                    "outcome": {"created": 1, "updated": 0, "skipped_rows": 0},
                },
            )
            ids[key] = job.pk
        return ids

    def practice_file_of(self, tenant: Tenant) -> int:
        """A file of the tenant's internal practice, made on first use (removed with the cast's files)."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from uebergang.association.models import Practice
        from uebergang.documents import storage

        practice = Practice.objects.for_tenant(tenant).get(title=f"Interne Praxis {tenant.slug}")
        document = practice.documents.first() or storage.store(
            SimpleUploadedFile(f"Konzept-{tenant.slug}.pdf", blank_pdf()),
            tenant=tenant,
            owner=practice,
            user=None,
        )
        return document.pk

    def portrait_of(self, tenant: Tenant) -> int:
        """The tenant's portrait in the association, not shown (made on first use)."""
        from uebergang.association.models import Portrait

        return Portrait.objects.get_or_create(
            tenant=tenant, defaults={"organisation": f"Stabsstelle {tenant.slug}"}
        )[0].pk

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

    def region_of(self, tenant: Tenant) -> int:
        """A region with one Gemeinde, made on first use (removing it in a walk touches no other test)."""
        from uebergang.tenants.models import Municipality

        region, created = Region.objects.get_or_create(tenant=tenant, name="Bergstraße Nord")
        if created:
            Municipality.objects.create(tenant=tenant, region=region, name=f"Hügeldorf {tenant.slug}")
        return region.pk

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
