"""The Musterkreis demo cases: every state, a real queue for the demo case worker, the partner's inbox."""

from __future__ import annotations

from datetime import date

from uebergang.accounts.models import User
from uebergang.cases.models import Case, Consent, Referral
from uebergang.demo import cases, foundation, network, offerings

TODAY = date(2026, 9, 15)


def load() -> None:
    foundation.load()
    network.load()
    offerings.load(today=TODAY)
    cases.load(today=TODAY)


def test_the_demo_has_cases_in_every_state_and_a_second_run_changes_nothing(db):
    load()
    demo = Case.objects.filter(tenant__slug="musterkreis")
    first = sorted(demo.values_list("number", "first_name", "last_name", "status", "outcome", "deadline"))
    assert {c.status for c in demo} == set(Case.Status.values)
    assert set(demo.closed().values_list("outcome", flat=True)) == set(Case.Outcome.values)
    statuses = set(Referral.objects.for_tenant(demo.first().tenant).values_list("status", flat=True))
    assert {"sent", "accepted", "declined", "started", "revoked"} <= statuses
    assert Consent.objects.filter(case__tenant__slug="musterkreis", ended_at__isnull=False).exists()
    assert all(c.email.endswith("@example.org") for c in demo)
    cases.load(today=TODAY)
    assert (
        sorted(demo.values_list("number", "first_name", "last_name", "status", "outcome", "deadline"))
        == first
    )


def test_the_demo_case_worker_sees_a_queue_and_the_demo_partner_referrals(client, db):
    load()
    client.force_login(User.objects.get(email="case_worker@musterkreis.example.org"))
    queue = client.get("/musterkreis/intern/faelle/").content.decode()
    mine = Case.objects.filter(
        tenant__slug="musterkreis", lead_worker__email__startswith="case_worker"
    ).open()
    assert mine.count() >= 10
    assert all(case.reference in queue for case in mine)
    client.force_login(User.objects.get(email="partner@musterkreis.example.org"))
    inbox = client.get("/musterkreis/intern/ueberleitungen/").content.decode()
    assert "Keine Überleitungen." not in inbox


def test_demo_cases_link_to_unknown_leavers_and_clearing_one_changes_the_figure(db):
    from uebergang.cases import actions
    from uebergang.cases.models import CaseConference
    from uebergang.demo import monitoring
    from uebergang.monitoring.codes import codes_for
    from uebergang.monitoring.models import Clarification, CohortCount, Leaver

    foundation.load()
    network.load()
    offerings.load(today=TODAY)
    monitoring.load()
    cases.load(today=TODAY)
    demo = Case.objects.filter(tenant__slug="musterkreis")
    year = Leaver.objects.filter(tenant__slug="musterkreis").latest("leaving_year").leaving_year
    linked = demo.open().exclude(pupil_pseudonym="")
    assert linked.count() >= 10 and {c.leaving_year for c in demo} == {year}
    leavers = Leaver.objects.filter(pseudonym__in=[c.pupil_pseudonym for c in linked], leaving_year=year)
    assert leavers.count() == linked.count()
    assert {(leaver.actual_destination.parent or leaver.actual_destination).code for leaver in leavers} == {
        "unknown"
    }
    # The demo's cleared cases are recorded as clarifications in monitoring.
    assert Clarification.objects.filter(tenant__slug="musterkreis", leaving_year=year).exists()

    def unknown() -> int:
        return sum(
            CohortCount.objects.filter(
                tenant__slug="musterkreis", leaving_year=year, destination="unknown"
            ).values_list("count", flat=True)
        )

    before = unknown()
    case = linked.first()
    worker = User.objects.get(email="case_worker@musterkreis.example.org")
    actions.close_case(
        case=case,
        actor=worker,
        outcome="destination_reached",
        destination=codes_for(case.tenant)["dual"],
        note="",
    )
    assert unknown() == before - 1
    conference = CaseConference.objects.get(case__tenant__slug="musterkreis")
    assert (
        conference.steps.count() == 2 and conference.participants.filter(email__startswith="partner").exists()
    )
