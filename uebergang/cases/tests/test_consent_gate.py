"""Property test of the consent gate: a referral goes out iff some permit covers it at that moment.

Hypothesis draws consents and legal bases (purpose, data categories, recipients, start, expiry,
withdrawal) and a referral (recipient, data, time); the oracle is the rule written out independently.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from uebergang.cases import actions
from uebergang.cases.actions import CaseError
from uebergang.cases.models import Consent, DataCategory, LegalBasis, Purpose, Referral
from uebergang.offerings.models import Offering
from uebergang.test import create_case, create_organisation

DAY0 = date(2026, 3, 1)
WANTED = st.frozensets(st.sampled_from(DataCategory.values), min_size=1, max_size=2)

permits = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["consent", "legal_basis"]),
            "purpose": st.sampled_from(
                [Purpose.REFERRAL, Purpose.REFERRAL, Purpose.HANDOVER, Purpose.CASE_CONFERENCE]
            ),
            "categories": st.frozensets(st.sampled_from(DataCategory.values), min_size=2),
            "recipients": st.frozensets(st.integers(0, 2), min_size=1),
            "start": st.integers(-10, 10),
            "length": st.none() | st.integers(0, 20),
            "ended_after": st.none() | st.integers(-15, 15),  # hours after DAY0 noon
        }
    ),
    min_size=1,
    max_size=4,
)


def at_noon(offset_days: int) -> datetime:
    return timezone.make_aware(datetime.combine(DAY0 + timedelta(days=offset_days), time(12)))


def oracle(drawn: list[dict], recipient: int, categories: frozenset[str], at: datetime) -> bool:
    for p in drawn:
        start = DAY0 + timedelta(days=p["start"])
        end = None if p["length"] is None else start + timedelta(days=p["length"])
        ended = None if p["ended_after"] is None else at_noon(0) + timedelta(hours=p["ended_after"])
        day = timezone.localdate(at)
        if (
            p["purpose"] == Purpose.REFERRAL
            and recipient in p["recipients"]
            and categories <= p["categories"]
            and start <= day
            and (end is None or day <= end)
            and (ended is None or at < ended)
        ):
            return True
    return False


@pytest.mark.django_db(transaction=False)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drawn=permits,
    recipient=st.integers(0, 2),
    categories=WANTED,
    when_days=st.integers(-6, 24),
    when_hours=st.integers(-12, 11),
)
def test_a_referral_is_sent_iff_a_permit_covers_recipient_purpose_data_and_moment(
    cast, drawn, recipient, categories, when_days, when_hours
):
    from django.db import transaction

    worker = cast.case_worker
    try:
        with transaction.atomic():
            organisations = [cast.network_a.organisation] + [
                create_organisation(cast.tenant_a, f"Träger {n}") for n in (1, 2)
            ]
            case = create_case(cast.tenant_a, worker, "p")
            for p in drawn:
                start = DAY0 + timedelta(days=p["start"])
                fields = {
                    "case": case,
                    "purpose": p["purpose"],
                    "data_categories": sorted(p["categories"]),
                    "valid_from": start,
                    "valid_until": None if p["length"] is None else start + timedelta(days=p["length"]),
                    "ended_at": None
                    if p["ended_after"] is None
                    else at_noon(0) + timedelta(hours=p["ended_after"]),
                }
                permit = (
                    Consent.objects.create(given_by="young_person", form="written", **fields)
                    if p["kind"] == "consent"
                    else LegalBasis.objects.create(reference="§ 31a SGB III", **fields)
                )
                permit.recipients.set([organisations[i] for i in p["recipients"]])
            offering = Offering.objects.create(
                tenant=cast.tenant_a,
                provider=organisations[recipient],
                title="Angebot",
                short_description="kurz",
            )
            at = at_noon(when_days) + timedelta(hours=when_hours)
            expected = oracle(drawn, recipient, categories, at)
            event("covered" if expected else "not covered")
            try:
                referral = actions.refer(
                    case=case, offering=offering, categories=set(categories), actor=worker, at=at
                )
            except CaseError:
                assert not expected, "refused although a permit covers the referral"
            else:
                assert expected, "sent without a permit that covers it"
                assert referral.permit.covers(
                    recipient_id=organisations[recipient].pk,
                    purpose=Purpose.REFERRAL,
                    categories=set(categories),
                    at=at,
                )
                assert Referral.objects.filter(pk=referral.pk).exists()
            raise _Rollback
    except _Rollback:
        pass


class _Rollback(Exception):
    """Undo each example's rows so examples do not see each other's permits."""
