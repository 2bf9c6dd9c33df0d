"""When an offering counts as stale, and whose provider is due a reminder.

An offering is stale when it is published and its last check is older than the tenant's review
interval (`CatalogueSettings.review_interval_months`, default 12) or it was never checked. Its
provider is reminded at most once per interval: `reminder_sent_at` older than the interval (or empty)
makes a reminder due again. Sending and recording reminders is a write: `actions.send_reminders`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .models import CatalogueSettings, Offering


def checked_before(today: date, months: int) -> date:
    """The date `months` months before `today` (the 31st becomes the month's last day)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def review_interval_months(tenant: Tenant) -> int:
    return CatalogueSettings.of(tenant).review_interval_months


def stale_offerings(tenant: Tenant, today: date | None = None) -> QuerySet:
    """The tenant's published offerings whose last check is older than the review interval."""
    today = today or timezone.localdate()
    return Offering.objects.for_tenant(tenant).published().stale(today, review_interval_months(tenant))


def stale_condition(tenant: Tenant, today: date | None = None) -> Q:
    """The same rule as `stale_offerings`, as a condition to annotate a list with (flag, not filter)."""
    cutoff = checked_before(today or timezone.localdate(), review_interval_months(tenant))
    return Q(status=Offering.Status.PUBLISHED) & (Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))


@dataclass
class Reminder:
    """One provider's reminder: its stale offerings and who receives the e-mail."""

    organisation: Organisation
    offerings: list = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def reminders_due(tenant: Tenant, today: date | None = None) -> list[Reminder]:
    """Providers with stale offerings not reminded within the interval, one `Reminder` each.

    Recipients are the organisation's e-mail address and its partner members in this tenant.
    """
    today = today or timezone.localdate()
    months = review_interval_months(tenant)
    reminded_before = checked_before(today, months)
    offerings = (
        stale_offerings(tenant, today)
        .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__date__lt=reminded_before))
        .select_related("provider")
        .order_by("provider__name", "provider_id", "title", "pk")
    )
    by_provider: dict[int, Reminder] = {}
    for offering in offerings:
        reminder = by_provider.setdefault(offering.provider_id, Reminder(offering.provider))
        reminder.offerings.append(offering)
    partner_emails: dict[int, list[str]] = {}
    for organisation_id, email in (
        Membership.objects.for_tenant(tenant)
        .filter(
            role=Membership.Role.PARTNER,
            organisation_id__in=by_provider.keys(),
            user__is_active=True,
        )
        .values_list("organisation_id", "user__email")
    ):
        partner_emails.setdefault(organisation_id, []).append(email)
    for organisation_id, reminder in by_provider.items():
        addresses = [reminder.organisation.email, *partner_emails.get(organisation_id, [])]
        reminder.recipients = sorted({address.lower() for address in addresses if address})
    return list(by_provider.values())
