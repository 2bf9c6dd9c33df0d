"""The retention job: closed cases lose their personal data after the tenant's months; tests move the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import Case, CaseSettings, Consent, ContactAttempt, Referral
from uebergang.cases.retention import months_before, purge
from uebergang.network.models import Task
from uebergang.test import create_case

CLOSED = timezone.make_aware(datetime(2026, 1, 31, 12))


def close(case: Case, at: datetime = CLOSED) -> Case:
    Case.objects.filter(pk=case.pk).update(status="closed", outcome="moved_away", closed_at=at)
    return Case.objects.get(pk=case.pk)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(CLOSED, 6) == CLOSED.replace(year=2025, month=7, day=31)
    assert months_before(timezone.make_aware(datetime(2026, 8, 31)), 6).date().isoformat() == "2026-02-28"


def test_a_closed_case_is_anonymised_after_the_retention_months_and_not_a_day_before(cast):
    case = close(cast.cases_a.case)
    open_case = create_case(cast.tenant_a, cast.case_worker, "offen")
    six_months_later = timezone.make_aware(datetime(2026, 7, 31, 12))
    assert purge(six_months_later - timedelta(minutes=1))[0].cases_anonymised == 0
    assert Case.objects.get(pk=case.pk).first_name == case.first_name

    reports = {r.tenant: r for r in purge(six_months_later)}
    report = reports["kreis-a"]
    # The cast's case has a consent for the referral and one for the case conference.
    assert (report.cases_anonymised, report.contacts_deleted, report.consents_deleted) == (1, 1, 2)
    assert (report.legal_bases_deleted, report.referrals_deleted, report.conferences_deleted) == (1, 1, 1)
    assert not Task.objects.filter(case_conference__case=case).exists()  # the agreed steps went too
    assert reports["stadt-b"].cases_anonymised == 0
    case.refresh_from_db()
    assert case.first_name == case.email == case.pupil_pseudonym == "" and case.date_of_birth is None
    assert (case.outcome, case.leaving_year, case.anonymised_at) == ("moved_away", 2026, six_months_later)
    assert not ContactAttempt.objects.filter(case=case).exists()
    assert not Consent.objects.filter(case=case).exists() and not Referral.objects.filter(case=case).exists()
    assert Case.objects.get(pk=open_case.pk).first_name == open_case.first_name
    event = AuditEvent.objects.get(action="cases.purged", tenant=cast.tenant_a)
    assert event.data["cases_anonymised"] == 1 and cast.cases_a.young_person not in str(event.data)
    assert purge(six_months_later + timedelta(days=30))[0].cases_anonymised == 0


def test_the_tenant_setting_sets_the_months_and_the_command_prints_counts(cast):
    CaseSettings.objects.create(tenant=cast.tenant_a, retention_months=12)
    close(cast.cases_a.case, at=timezone.now() - timedelta(days=300))
    out = StringIO()
    call_command("purge_cases", stdout=out)
    assert "kreis-a: anonymisierte Fälle 0;" in out.getvalue()
    close(cast.cases_b.case, at=timezone.now() - timedelta(days=200))
    out = StringIO()
    call_command("purge_cases", stdout=out)
    assert "stadt-b: anonymisierte Fälle 1; gelöscht: Kontakte 1, Einwilligungen 2" in out.getvalue()
