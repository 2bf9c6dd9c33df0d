"""The cast's objects per app: network, monitoring, offerings and cases."""

from __future__ import annotations

from dataclasses import dataclass

from uebergang.accounts.models import User
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
from uebergang.tenants.models import Tenant


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
