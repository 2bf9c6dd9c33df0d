"""Daily reminders of the quality app (`manage.py quality_reminders`, from a systemd timer or cron).

- A review or self-evaluation still open 14 days before its due date, or overdue: the people who fill it
  in (the provider's partners for a self-evaluation, else the coordinators) — at most once a week.
- A reporting period due within 14 days or overdue: the partners of each provider with offerings still
  unreported, one notification listing them — at most once a week per period.
- The review cycle: a subject whose last completed review of a standard is older than the standard's
  cycle and that has no open review is listed for the coordinators (`cycle_due`), once a week with the
  other reminders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.notifications.send import notify
from uebergang.tenants.models import Tenant

from .actions import coordinators_of, partners_of, period_path, review_path
from .models import PartnerReport, ReportingPeriod, Review, Standard

AHEAD = timedelta(days=14)
AGAIN = timedelta(days=7)


@dataclass
class Sent:
    what: str
    recipients: int


def _due(reminded_at, now) -> bool:
    return reminded_at is None or now - reminded_at >= AGAIN


@dataclass
class CycleDue:
    standard: Standard
    subject: str
    last: Review


def cycle_due(tenant: Tenant, today: date) -> list[CycleDue]:
    """Subjects whose last completed review of an active standard is older than its cycle, none open."""
    result = []
    reviews = Review.objects.for_tenant(tenant).select_related("standard", "offering", "school")
    latest: dict[tuple, Review] = {}
    open_keys = set()
    for review in reviews.order_by("completed_at"):
        key = (review.standard.title, review.offering_id, review.school_id)
        if review.status == Review.Status.COMPLETED:
            latest[key] = review
        else:
            open_keys.add(key)
    active = {s.title: s for s in Standard.objects.for_tenant(tenant).filter(status=Standard.Status.ACTIVE)}
    for key, review in latest.items():
        standard = active.get(key[0])
        if standard is None or key in open_keys:
            continue
        months = standard.review_cycle_months
        done = review.completed_at.date() if review.completed_at else date(review.year, 12, 31)
        next_due = done + timedelta(days=round(months * 30.44))
        if next_due <= today:
            result.append(CycleDue(standard, review.subject_name, review))
    return result


@transaction.atomic
def send_reminders(tenant: Tenant, *, today: date | None = None) -> list[Sent]:
    today = today or timezone.localdate()
    now = timezone.now()
    sent: list[Sent] = []
    for review in (
        Review.objects.for_tenant(tenant)
        .due_by(today + AHEAD)
        .select_related("standard", "offering")
        .select_for_update(of=("self",))
    ):
        if not _due(review.reminded_at, now):
            continue
        people = (
            partners_of(tenant, review.offering.provider_id)
            if review.kind == Review.Kind.SELF
            else coordinators_of(tenant)
        )
        late = review.due_on < today
        for person in people:
            notify(
                person,
                (_("Überfällig: %(title)s") if late else _("Bald fällig: %(title)s"))
                % {"title": f"{review.standard.title} – {review.subject_name}"},
                _("Die Überprüfung ist fällig am %(due)s.") % {"due": review.due_on.strftime("%d.%m.%Y")},
                review_path(review),
                kind="quality",
            )
        review.reminded_at = now
        review.save(update_fields=["reminded_at"])
        sent.append(Sent(f"{review}", len(people)))
    for period in ReportingPeriod.objects.for_tenant(tenant).filter(due_on__lte=today + AHEAD):
        if not _due(period.reminded_at, now):
            continue
        submitted = set(
            period.reports.filter(status=PartnerReport.Status.SUBMITTED).values_list("offering_id", flat=True)
        )
        missing: dict[int, list[str]] = defaultdict(list)
        for offering in period.offerings.exclude(pk__in=submitted):
            missing[offering.provider_id].append(offering.title)
        if not missing:
            continue
        recipients = 0
        for provider, titles in missing.items():
            for person in partners_of(tenant, provider):
                notify(
                    person,
                    _("Bericht erbeten: %(title)s") % {"title": period.title},
                    _("Noch nicht eingereicht (Abgabe bis %(due)s): %(titles)s")
                    % {"due": period.due_on.strftime("%d.%m.%Y"), "titles": "; ".join(titles)},
                    period_path(period),
                    kind="quality",
                )
                recipients += 1
        period.reminded_at = now
        period.save(update_fields=["reminded_at"])
        sent.append(Sent(str(period), recipients))
    return sent
