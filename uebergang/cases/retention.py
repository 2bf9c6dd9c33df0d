"""Retention: a closed case's personal data go N months after closing (tenant setting, default 6).

The case row stays, anonymised, with what the figures need (tenant, number, source, leaving year,
school, region, deadline, outcome, destination, dates), so outcome and time-to-clear figures survive;
names, contact data, birth date, guardian, class, the pupil pseudonym and the outcome note are
blanked, and contacts, consents, legal bases, referrals and case conferences (with their minutes and
agreed steps) are deleted. Each tenant's run leaves one
audit row with counts, never contents: the deletion report.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from .models import Case, CaseConference, CaseSettings, Consent, ContactAttempt, LegalBasis, Referral

PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "email": "",
    "phone": "",
    "street": "",
    "postcode": "",
    "city": "",
    "guardian_name": "",
    "guardian_contact": "",
    "school_class": "",
    "pupil_pseudonym": "",
    "outcome_note": "",
}


@dataclass
class DeletionReport:
    """Counts of one tenant's purge."""

    tenant: str
    cases_anonymised: int = 0
    contacts_deleted: int = 0
    consents_deleted: int = 0
    legal_bases_deleted: int = 0
    referrals_deleted: int = 0
    conferences_deleted: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def due(tenant: Tenant, at: datetime):
    """Closed, not yet anonymised cases of `tenant` whose retention period has ended at `at`."""
    cutoff = months_before(at, CaseSettings.of(tenant).retention_months)
    return Case.objects.for_tenant(tenant).closed().filter(anonymised_at__isnull=True, closed_at__lte=cutoff)


@transaction.atomic
def purge_tenant(tenant: Tenant, at: datetime) -> DeletionReport:
    report = DeletionReport(tenant=tenant.slug)
    ids = list(due(tenant, at).select_for_update().values_list("pk", flat=True))
    if not ids:
        return report
    report.conferences_deleted = (
        CaseConference.objects.filter(case__in=ids).delete()[1].get(CaseConference._meta.label, 0)
    )
    report.referrals_deleted = Referral.objects.filter(case__in=ids).delete()[0]
    report.consents_deleted = Consent.objects.filter(case__in=ids).delete()[1].get(Consent._meta.label, 0)
    report.legal_bases_deleted = (
        LegalBasis.objects.filter(case__in=ids).delete()[1].get(LegalBasis._meta.label, 0)
    )
    report.contacts_deleted = ContactAttempt.objects.filter(case__in=ids).delete()[0]
    report.cases_anonymised = Case.objects.filter(pk__in=ids).update(**PERSONAL_FIELDS, anonymised_at=at)
    record("cases.purged", tenant=tenant, data=asdict(report), actor_email="purge_cases")
    return report


def purge(at: datetime | None = None) -> list[DeletionReport]:
    """Purge every tenant; one transaction per tenant, so one tenant's failure keeps the others' work."""
    at = at or timezone.now()
    return [purge_tenant(tenant, at) for tenant in Tenant.objects.order_by("slug")]
