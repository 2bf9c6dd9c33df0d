"""The rules of the case actions: numbering, pseudonyms, closing, referrals, audit rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.cases import actions
from uebergang.cases.actions import CaseError
from uebergang.cases.models import Case, CaseSettings, ContactAttempt, DataCategory, Purpose, Referral
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
from uebergang.test import create_organisation


def open_case(cast, pupil_id: str = "", **data):
    data.setdefault("first_name", "Mia")
    data.setdefault("last_name", "Beispiel")
    data.setdefault("leaving_year", 2026)
    return actions.open_case(tenant=cast.tenant_a, actor=cast.case_worker, data=data, pupil_id=pupil_id)


def test_a_new_case_gets_the_next_number_the_tenant_deadline_and_the_monitoring_pseudonym(cast):
    CaseSettings.objects.create(tenant=cast.tenant_a, deadline_month=9, deadline_day=31)
    case = open_case(cast, pupil_id="  S-0042 ")
    assert case.number == cast.cases_a.case.number + 1
    assert case.deadline == date(2026, 9, 30)  # the 31st of a 30-day month is its last day
    assert case.pupil_pseudonym == pseudonym(tenant_key(cast.tenant_a), "S-0042")
    assert "S-0042" not in str(Case.objects.filter(pk=case.pk).values().get())
    event = AuditEvent.objects.get(action="case.opened", object_id=str(case.pk))
    assert event.object_repr == case.reference and "Mia" not in str(event.data)


def test_the_same_pupil_cannot_have_two_open_cases(cast):
    open_case(cast, pupil_id="S-1")
    with pytest.raises(CaseError, match="schon einen offenen Fall"):
        open_case(cast, pupil_id="s-1")


def test_a_case_closes_only_with_a_valid_outcome(cast):
    case = open_case(cast)
    with pytest.raises(CaseError, match="Ergebnis"):
        actions.close_case(case=case, actor=cast.case_worker, outcome="")
    with pytest.raises(CaseError, match="Verbleib"):
        actions.close_case(case=case, actor=cast.case_worker, outcome=Case.Outcome.DESTINATION_REACHED)
    with pytest.raises(CaseError, match="Stelle"):
        actions.close_case(case=case, actor=cast.case_worker, outcome=Case.Outcome.PASSED_ON)
    case.refresh_from_db()
    assert case.status == Case.Status.NEW and not AuditEvent.objects.filter(action="case.closed").exists()
    dual = codes_for(cast.tenant_a)["dual"]
    actions.close_case(
        case=case, actor=cast.case_worker, outcome=Case.Outcome.DESTINATION_REACHED, destination=dual
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.destination) == (Case.Status.CLOSED, "destination_reached", dual)
    with pytest.raises(CaseError, match="bereits abgeschlossen"):
        actions.close_case(case=case, actor=cast.case_worker, outcome=Case.Outcome.MOVED_AWAY)


def test_not_reachable_needs_the_documented_attempts_of_the_tenant_setting(cast):
    CaseSettings.objects.create(tenant=cast.tenant_a, contact_attempts_required=2)
    case = open_case(cast)
    attempt = {"kind": ContactAttempt.Kind.CALL, "made_at": timezone.now(), "result": "not_reached"}
    actions.log_contact(case=case, actor=cast.case_worker, data=attempt)
    actions.log_contact(case=case, actor=cast.case_worker, data={**attempt, "result": "reached"})
    with pytest.raises(CaseError, match="2 dokumentierte erfolglose Kontaktversuche; bisher sind es 1"):
        actions.close_case(case=case, actor=cast.case_worker, outcome=Case.Outcome.NOT_REACHABLE)
    actions.log_contact(case=case, actor=cast.case_worker, data={**attempt, "kind": "letter"})
    actions.close_case(case=case, actor=cast.case_worker, outcome=Case.Outcome.NOT_REACHABLE)
    case.refresh_from_db()
    assert case.outcome == "not_reachable"
    assert AuditEvent.objects.filter(action="case.contact_logged", object_id=str(case.pk)).count() == 3


def consent(cast, case, recipients, **data):
    data.setdefault("purpose", Purpose.REFERRAL)
    data.setdefault("data_categories", [DataCategory.NAME, DataCategory.CONTACT])
    data.setdefault("valid_from", date(2026, 1, 1))
    data.setdefault("given_by", "young_person")
    data.setdefault("form", "written")
    return actions.record_consent(case=case, actor=cast.case_worker, data=data, recipients=recipients)


def test_a_referral_is_refused_without_a_covering_consent_and_stops_after_withdrawal(cast):
    offering = cast.offerings_a.published
    case = open_case(cast)
    with pytest.raises(CaseError, match="Keine gültige Einwilligung"):
        actions.refer(case=case, offering=offering, categories={"name"}, actor=cast.case_worker)
    other = create_organisation(cast.tenant_a, "Andere Stelle")
    consent(cast, case, [other])
    with pytest.raises(CaseError, match="Keine gültige Einwilligung"):
        actions.refer(case=case, offering=offering, categories={"name"}, actor=cast.case_worker)
    given = consent(cast, case, [offering.provider])
    with pytest.raises(CaseError):  # the consent does not cover the birth date
        actions.refer(case=case, offering=offering, categories={"name", "birth_date"}, actor=cast.case_worker)
    referral = actions.refer(case=case, offering=offering, categories={"name"}, actor=cast.case_worker)
    assert referral.consent == given and referral.shared_now(timezone.now())
    case.refresh_from_db()
    assert case.status == Case.Status.REFERRED
    actions.end_permit(permit=given, actor=cast.case_worker, note="mündlich widerrufen")
    assert not Referral.objects.get(pk=referral.pk).shared_now(timezone.now())
    with pytest.raises(CaseError):
        actions.refer(case=case, offering=offering, categories={"name"}, actor=cast.case_worker)
    assert AuditEvent.objects.filter(action="consent.ended").get().data["referrals"] == [referral.pk]


def test_the_provider_moves_a_referral_along_its_steps_only(cast):
    referral = cast.cases_a.referral
    partner = cast.partner
    with pytest.raises(CaseError, match="begründen"):
        actions.respond_to_referral(referral=referral, actor=partner, status=Referral.Status.DECLINED)
    with pytest.raises(CaseError, match="kann nicht"):
        actions.respond_to_referral(referral=referral, actor=partner, status=Referral.Status.COMPLETED)
    for step in (Referral.Status.ACCEPTED, Referral.Status.STARTED, Referral.Status.COMPLETED):
        referral = actions.respond_to_referral(referral=referral, actor=partner, status=step)
    assert referral.status == Referral.Status.COMPLETED
    with pytest.raises(CaseError, match="zurückgezogen"):
        actions.revoke_referral(referral=referral, actor=cast.case_worker)
    assert AuditEvent.objects.filter(action="referral.responded").count() == 3


def test_a_permit_in_force_counts_its_days_in_local_time(cast):
    given = consent(cast, cast.cases_a.case, [cast.network_a.organisation], valid_until=date(2026, 3, 31))
    last_evening = timezone.make_aware(datetime(2026, 3, 31, 23, 30))
    assert given.in_force(last_evening)
    assert not given.in_force(last_evening + timedelta(hours=1))


def test_referrals_count_the_places_of_their_offering(cast):
    from uebergang.offerings.models import Offering

    offering = cast.offerings_a.published
    Offering.objects.filter(pk=offering.pk).update(places_total=3, places_free=1)
    referral = cast.cases_a.referral

    def free() -> int:
        return Offering.objects.get(pk=offering.pk).places_free

    actions.respond_to_referral(referral=referral, actor=cast.partner, status="accepted")
    assert free() == 0
    actions.respond_to_referral(referral=referral, actor=cast.partner, status="started")
    assert free() == 0  # still the same place
    actions.respond_to_referral(referral=referral, actor=cast.partner, status="completed")
    assert free() == 1
    second = actions.refer(
        case=cast.cases_a.case, offering=offering, categories={"name"}, actor=cast.case_worker
    )
    actions.respond_to_referral(referral=second, actor=cast.partner, status="accepted")
    Offering.objects.filter(pk=offering.pk).update(places_free=3)  # the provider counted by hand
    actions.revoke_referral(referral=second, actor=cast.case_worker, reason="umgezogen")
    assert free() == 3  # never above the total
    event = AuditEvent.objects.filter(action="referral.revoked").latest("id")
    assert event.data["places_free"] == 3
