"""The demo network of Musterkreis: large enough to show every page, fictional, deterministic, idempotent."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from uebergang.accounts.models import Membership
from uebergang.monitoring.models import CohortCount, Leaver
from uebergang.network.models import (
    Attendance,
    Body,
    BodyMembership,
    Contact,
    Decision,
    Meeting,
    Organisation,
    OrganisationLegalSphere,
    Task,
)
from uebergang.network.queries import own_organisation_ids
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

MODELS = [
    Organisation,
    OrganisationLegalSphere,
    Contact,
    Body,
    BodyMembership,
    Meeting,
    Attendance,
    Decision,
    Task,
]


def snapshot():
    return {
        "organisations": sorted(
            Organisation.objects.values_list(
                "tenant__slug",
                "name",
                "kind",
                "school_type",
                "street",
                "postcode",
                "identifier",
                "parent__name",
            )
        ),
        "contacts": sorted(Contact.objects.values_list("organisation__name", "name", "email", "is_public")),
        "bodies": sorted(
            Body.objects.values_list("tenant__slug", "code", "name", "parent__code", "is_public")
        ),
        "memberships": sorted(
            BodyMembership.objects.values_list(
                "body__code", "organisation__name", "role", "fte", "start", "end"
            )
        ),
        "meetings": sorted(
            Meeting.objects.values_list("body__tenant__slug", "body__code", "starts_at", "minutes")
        ),
        "decisions": sorted(
            Decision.objects.values_list("body__tenant__slug", "body__code", "year", "number", "text")
        ),
        "tasks": sorted(
            Task.objects.filter(body__isnull=False).values_list("body__code", "title", "due_date", "status")
        ),
        "counts": {model.__name__: model.objects.count() for model in MODELS},
    }


@pytest.fixture
def demo(db):
    call_command("demo_data")
    return Tenant.objects.get(slug="musterkreis")


def test_musterkreis_has_actors_of_every_kind_in_every_region(demo):
    organisations = Organisation.objects.for_tenant(demo)
    assert organisations.count() >= 55
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    schools = organisations.filter(kind=Organisation.Kind.SCHOOL)
    assert schools.count() >= 25
    assert set(schools.values_list("school_type", flat=True)) == set(Organisation.SchoolType.values)
    assert all(
        len(number) == 8 and number.startswith("04")
        for number in schools.values_list("identifier", flat=True)
    )
    assert len(set(schools.values_list("identifier", flat=True))) == schools.count()
    assert set(organisations.values_list("region__name", flat=True)) == {"West", "Mitte", "Ost"}
    assert all(12345 <= int(code) <= 12399 for code in organisations.values_list("postcode", flat=True))
    assert organisations.filter(name="Agentur für Arbeit Musterstadt").exists()
    assert organisations.get(name="Jugendamt Musterkreis").parent.name == "Landratsamt Musterkreis"
    assert (
        not OrganisationLegalSphere.objects.filter(organisation__kind=Organisation.Kind.JOBCENTER)
        .exclude(code="sgb2")
        .exists()
    )


def test_all_addresses_are_fictional(demo):
    for website, email in Organisation.objects.values_list("website", "email"):
        assert website.startswith("https://") and website.endswith(".example.org")
        assert email.endswith(".example.org")
    contacts = Contact.objects.for_tenant(demo)
    assert all(email.endswith(".example.org") for email in contacts.values_list("email", flat=True))
    per_organisation = Counter(contacts.values_list("organisation_id", flat=True))
    assert set(per_organisation.values()) <= {1, 2, 3}
    assert len(per_organisation) == Organisation.objects.for_tenant(demo).count()
    assert contacts.filter(is_public=True).exists() and contacts.filter(is_public=False).exists()


def test_the_seven_bodies_on_three_levels(demo):
    bodies = {body.code: body for body in Body.objects.for_tenant(demo).select_related("parent", "region")}
    assert set(bodies) == {"SG", "KG", "RG-W", "RG-M", "RG-O", "AK-EA", "AK-NZ"}
    assert bodies["SG"].level == Body.Level.STRATEGIC and bodies["KG"].level == Body.Level.COORDINATING
    for code in ("RG-W", "RG-M", "RG-O", "AK-EA", "AK-NZ"):
        assert bodies[code].level == Body.Level.OPERATIONAL and bodies[code].parent == bodies["KG"]
    assert bodies["RG-W"].region.name == "West" and bodies["RG-O"].region.name == "Ost"
    assert not bodies["AK-NZ"].is_public
    roles = set(BodyMembership.objects.for_tenant(demo).values_list("role", flat=True))
    assert roles == set(BodyMembership.Role.values)
    assert BodyMembership.objects.for_tenant(demo).filter(fte__gt=0).exists()


def test_two_years_of_meetings_with_minutes_decisions_and_tasks(demo):
    meetings = Meeting.objects.for_tenant(demo)
    years = Counter(meetings.values_list("starts_at__year", flat=True))
    assert years[2025] >= 20 and years[2026] >= 20
    assert meetings.filter(body__code="SG", starts_at__year=2025).count() == 3
    assert meetings.filter(body__code="AK-EA", starts_at__year=2026).count() == 6
    planned = meetings.filter(starts_at__year=2027)
    assert planned.exists() and not planned.exclude(minutes="").exists()
    held = meetings.filter(starts_at__year=2025)
    assert not held.filter(minutes="").exists() and not held.filter(agenda__isnull=True).exists()
    assert Attendance.objects.filter(meeting__in=held, status=Attendance.Status.PRESENT).exists()
    assert "## TOP 1" in held.first().minutes

    decisions = list(Decision.objects.for_tenant(demo).select_related("body"))
    references = [decision.reference for decision in decisions]
    assert len(references) == len(set(references)) >= 20
    assert any(reference.startswith("SG-2025-") for reference in references)
    statuses = {decision.status for decision in decisions}
    assert {Decision.Status.ADOPTED, Decision.Status.IMPLEMENTED} <= statuses

    tasks = Task.objects.for_tenant(demo)
    assert tasks.filter(status=Task.Status.DONE).exists()
    assert tasks.overdue().count() >= 5
    assert tasks.open().filter(due_date__year__gte=2027).exists()


def test_the_demo_partner_has_open_tasks_of_its_organisation(demo):
    membership = Membership.objects.get(user__email="partner@musterkreis.example.org", tenant=demo)
    assert membership.organisation.kind == Organisation.Kind.TRAINING_PROVIDER
    mine = Task.objects.for_tenant(demo).assigned_to(membership.user, own_organisation_ids(membership))
    assert mine.open().count() >= 3 and mine.overdue().exists()
    assert BodyMembership.objects.filter(organisation=membership.organisation, body__is_public=False).exists()


def test_beispielstadt_gets_a_small_network(demo):
    tenant = Tenant.objects.get(slug="beispielstadt")
    assert Organisation.objects.for_tenant(tenant).count() >= 5
    assert Body.objects.for_tenant(tenant).exists() and Meeting.objects.for_tenant(tenant).exists()
    assert not Organisation.objects.for_tenant(tenant).filter(postcode__startswith="123").exists()
    partner = Membership.objects.get(user__email="partner@musterkreis.example.org", tenant=tenant)
    assert partner.organisation.tenant == tenant


def test_a_second_run_changes_nothing(demo):
    first = snapshot()
    call_command("demo_data")
    assert snapshot() == first


def test_the_data_is_the_same_on_every_run(demo):
    from uebergang.cases.models import Case, Referral
    from uebergang.quality.models import ReportingPeriod, Review, Standard

    first = snapshot()
    Standard.objects.update(predecessor=None)  # the quality demo builds on offerings and makes tasks
    for model in (
        Review,
        Standard,
        ReportingPeriod,
        Referral,
        Case,
        Offering,
        CohortCount,
        Leaver,
        Task,
        Decision,
        Meeting,
        Body,
        Organisation,
    ):
        model.objects.all().delete()
    Membership.objects.update(organisation=None)
    call_command("demo_data")
    assert snapshot() == first


def test_demo_data_writes_no_audit_events_for_the_network(demo):
    from uebergang.audit.models import AuditEvent

    assert not AuditEvent.objects.filter(object_type__startswith="network.").exists()


def test_decisions_tasks_and_minutes_fit_together(demo):
    """What a practitioner checks: no decision twice, tasks that carry their decision out, by a member
    organisation of the body, and minutes that follow the agenda with each decision under its item."""
    from uebergang.demo import network

    decisions = list(Decision.objects.for_tenant(demo).select_related("body", "meeting"))
    texts = [d.text for d in decisions]
    assert len(texts) == len(set(texts)), Counter(texts).most_common(3)

    specs = list(network.MUSTERKREIS_BODIES)
    topics = [topic for spec in specs for topic in spec.topics if topic.decision]
    tasks_of = {topic.decision: {title for title, _key in topic.tasks} for topic in topics}
    title_of = {topic.decision: topic.title for topic in topics}
    for decision in decisions:
        titles = set(decision.tasks.values_list("title", flat=True))
        assert titles <= tasks_of[decision.text], (decision.text, titles)
        minutes = decision.meeting.minutes
        section = minutes.split(f"{title_of[decision.text]}\n")[1].split("## TOP")[0]
        assert f"**Beschluss {decision.reference}:** {decision.text}" in section
        assert decision.meeting.agenda.filter(title=title_of[decision.text]).exists()

    for task in Task.objects.for_tenant(demo).filter(decision__isnull=False).select_related("meeting"):
        seated = BodyMembership.objects.filter(
            body_id=task.body_id, organisation_id=task.responsible_organisation_id
        )
        assert seated.exists(), (task.title, task.responsible_organisation)
