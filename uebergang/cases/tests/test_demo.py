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
