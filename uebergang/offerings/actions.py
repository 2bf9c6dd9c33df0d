"""Writes of the offering catalogue's staff workspace; each audited in its own transaction.

The workflow. An offering is a draft until it is published; a partner submits it for review
(status "in review"), a coordinator publishes or rejects it. Every save keeps a version
(`versions.record_version`). The `Offering` row is what the public sees, so a partner's change to a
published offering is not written to it: it waits as the offering's one pending version ("in review")
until a coordinator approves it (then `versions.apply` writes it) or rejects it. A submitted draft is
pending the same way, so the review queue is one list of pending versions.

Audit: each step has its own `AuditEvent.Action` (SUBMITTED, PROPOSED, APPROVED, REJECTED, WITHDRAWN,
PUBLISHED, ARCHIVED, RESTORED, CHECKED, REMINDED); `data["step"]` names it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from . import staleness, synonyms, versions
from .models import CatalogueSettings, Category, Offering, OfferingVersion, SearchSynonym

Action = AuditEvent.Action
Status = Offering.Status
VersionStatus = OfferingVersion.Status


class WorkflowError(Exception):
    """The step does not fit the offering's or version's current status (e.g. a double click)."""


def change_needs_review(offering: Offering, membership: Membership) -> bool:
    """A published offering changes only through review, unless a coordinator edits it."""
    return offering.status == Status.PUBLISHED and membership.role != Membership.Role.COORDINATOR


@dataclass
class SaveOutcome:
    offering: Offering
    version: OfferingVersion | None  # None: a partner saved a published offering without changes
    proposed: bool  # True: waits for review, the offering row is unchanged
    replaced_proposal: bool = False  # True: an earlier pending proposal was overwritten


def _checked_today(data: dict) -> dict:
    """Saving an offering confirms it is current: its last check becomes today."""
    return {**data, "last_checked": timezone.localdate().isoformat()}


@transaction.atomic
def create_offering(*, request: HttpRequest, tenant: Tenant, data: dict) -> Offering:
    """A new offering from a snapshot-shaped dict; always a draft first."""
    offering = versions.apply(Offering(tenant=tenant, status=Status.DRAFT), _checked_today(data))
    version = versions.record_version(
        offering, versions.snapshot(offering), status=VersionStatus.SAVED, author=request.user
    )
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"provider": offering.provider_id, "version": version.number},
    )
    return offering


@transaction.atomic
def save_offering(
    *, request: HttpRequest, tenant: Tenant, offering: Offering, membership: Membership, data: dict
) -> SaveOutcome:
    """Apply an edit directly, or keep it as the pending proposal when the change needs review."""
    data = _checked_today(data)
    # The form has already written its values onto `offering` in memory: compare with the stored row.
    before = versions.snapshot(Offering.objects.get(pk=offering.pk))
    if not _changed_fields(before, data):
        # Nothing to review or keep as a version: saving unchanged confirms the offering is current.
        offering.refresh_from_db()
        mark_checked(request=request, tenant=tenant, offering=offering)
        return SaveOutcome(offering, None, proposed=False)
    if change_needs_review(offering, membership):
        pending = offering.versions.pending().first()
        if pending is not None and not _changed_fields({**before, **pending.data}, data):
            # The pending proposal saved unchanged stays as it is: nothing new to review.
            return SaveOutcome(offering, pending, proposed=True)
        version, replaced = _propose(offering, data, author=request.user)
        record(
            Action.PROPOSED,
            request=request,
            tenant=tenant,
            obj=offering,
            data={
                "step": "proposed",
                "changed": _changed_fields(before, data),
                "version": version.number,
                "replaced": replaced,
            },
        )
        return SaveOutcome(offering, version, proposed=True, replaced_proposal=replaced)
    versions.apply(offering, data)
    after = versions.snapshot(offering)
    if offering.status == Status.IN_REVIEW:
        # The submission under review follows the draft, so the reviewer sees what is there now.
        offering.versions.pending().update(data=after)
    version = versions.record_version(offering, after, status=VersionStatus.SAVED, author=request.user)
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"changed": _changed_fields(before, after), "version": version.number},
    )
    return SaveOutcome(offering, version, proposed=False)


def _changed_fields(before: dict, after: dict) -> list[str]:
    return [change.field for change in versions.compare(before, after) if change.field != "last_checked"]


def _propose(offering: Offering, data: dict, *, author) -> tuple[OfferingVersion, bool]:
    """Make `data` the offering's pending version: a second proposal replaces the first (one pending
    version per offering, a database constraint)."""
    pending = offering.versions.select_for_update().pending().first()
    if pending is None:
        return versions.record_version(offering, data, status=VersionStatus.IN_REVIEW, author=author), False
    pending.data = data
    pending.author = author
    pending.save(update_fields=["data", "author"])
    return pending, True


@transaction.atomic
def submit_offering(*, request: HttpRequest, tenant: Tenant, offering: Offering) -> OfferingVersion:
    """A draft goes to review; its current state is the pending version the coordinator decides on."""
    if offering.status != Status.DRAFT:
        raise WorkflowError(offering.status)
    offering.status = Status.IN_REVIEW
    offering.save(update_fields=["status", "updated_at"])
    version, _replaced = _propose(offering, versions.snapshot(offering), author=request.user)
    record(
        Action.SUBMITTED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"step": "submitted", "version": version.number},
    )
    return version


def _publish(offering: Offering) -> None:
    offering.status = Status.PUBLISHED
    offering.published_at = timezone.now()


def _decide(version: OfferingVersion, status: str, *, reviewer, note: str) -> None:
    version.status = status
    version.reviewed_by = reviewer
    version.reviewed_at = timezone.now()
    version.review_note = note
    version.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])


@transaction.atomic
def approve_version(
    *, request: HttpRequest, tenant: Tenant, version: OfferingVersion, note: str = ""
) -> Offering:
    """Approve a pending version. A change to a published (or archived) offering is written onto the
    offering; a submitted draft is published as it stands (its row is already the latest state)."""
    if version.status != VersionStatus.IN_REVIEW:
        raise WorkflowError(version.status)
    offering = Offering.objects.select_for_update().get(pk=version.offering_id)
    if offering.status in (Status.IN_REVIEW, Status.DRAFT):
        _publish(offering)
        offering.save(update_fields=["status", "published_at", "updated_at"])
    else:
        versions.apply(offering, version.data)
    _decide(version, VersionStatus.APPROVED, reviewer=request.user, note=note)
    record(
        Action.APPROVED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"step": "approved", "version": version.number, "status": offering.status},
    )
    return offering


@transaction.atomic
def reject_version(*, request: HttpRequest, tenant: Tenant, version: OfferingVersion, note: str) -> Offering:
    """Reject a pending version with a note for its author; a submitted draft goes back to draft.
    A published offering stays exactly as it was."""
    if version.status != VersionStatus.IN_REVIEW:
        raise WorkflowError(version.status)
    offering = version.offering
    _decide(version, VersionStatus.REJECTED, reviewer=request.user, note=note)
    if offering.status == Status.IN_REVIEW:
        offering.status = Status.DRAFT
        offering.save(update_fields=["status", "updated_at"])
    record(
        Action.REJECTED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"step": "rejected", "version": version.number},
    )
    return offering


@transaction.atomic
def withdraw_version(*, request: HttpRequest, tenant: Tenant, version: OfferingVersion) -> Offering:
    """Its author takes a pending version back; a submitted draft becomes a draft again."""
    if version.status != VersionStatus.IN_REVIEW:
        raise WorkflowError(version.status)
    offering = version.offering
    version.status = VersionStatus.WITHDRAWN
    version.save(update_fields=["status"])
    if offering.status == Status.IN_REVIEW:
        offering.status = Status.DRAFT
        offering.save(update_fields=["status", "updated_at"])
    record(
        Action.WITHDRAWN,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"step": "withdrawn", "version": version.number},
    )
    return offering


@transaction.atomic
def publish_offering(*, request: HttpRequest, tenant: Tenant, offering: Offering) -> Offering:
    """A coordinator publishes a draft or a submitted offering (approving the submission, if any)."""
    if offering.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise WorkflowError(offering.status)
    pending = offering.versions.pending().first()
    if pending is not None:
        return approve_version(request=request, tenant=tenant, version=pending)
    _publish(offering)
    offering.save(update_fields=["status", "published_at", "updated_at"])
    record(Action.PUBLISHED, request=request, tenant=tenant, obj=offering, data={"step": "published"})
    return offering


@transaction.atomic
def reject_offering(*, request: HttpRequest, tenant: Tenant, offering: Offering, note: str) -> Offering:
    """A coordinator sends a submitted offering back to draft with a note the partner sees."""
    if offering.status != Status.IN_REVIEW:
        raise WorkflowError(offering.status)
    pending = offering.versions.pending().first()
    if pending is None:
        # Submitted without a version (e.g. imported as "in review"): keep the note on a version.
        pending = versions.record_version(
            offering, versions.snapshot(offering), status=VersionStatus.IN_REVIEW, author=None
        )
    return reject_version(request=request, tenant=tenant, version=pending, note=note)


@transaction.atomic
def archive_offering(*, request: HttpRequest, tenant: Tenant, offering: Offering) -> Offering:
    """Archived offerings leave the public catalogue; pending versions are withdrawn with them."""
    if offering.status == Status.ARCHIVED:
        raise WorkflowError(offering.status)
    offering.status = Status.ARCHIVED
    offering.save(update_fields=["status", "updated_at"])
    offering.versions.pending().update(status=VersionStatus.WITHDRAWN)
    record(Action.ARCHIVED, request=request, tenant=tenant, obj=offering, data={"step": "archived"})
    return offering


@transaction.atomic
def restore_offering(*, request: HttpRequest, tenant: Tenant, offering: Offering) -> Offering:
    """An archived offering comes back as a draft, to be checked and published again."""
    if offering.status != Status.ARCHIVED:
        raise WorkflowError(offering.status)
    offering.status = Status.DRAFT
    offering.save(update_fields=["status", "updated_at"])
    record(Action.RESTORED, request=request, tenant=tenant, obj=offering, data={"step": "restored"})
    return offering


@transaction.atomic
def mark_checked(*, request: HttpRequest, tenant: Tenant, offering: Offering) -> Offering:
    """The provider confirms the offering is current: no content changes, so no review."""
    offering.last_checked = timezone.localdate()
    offering.save(update_fields=["last_checked", "updated_at"])
    record(
        Action.CHECKED,
        request=request,
        tenant=tenant,
        obj=offering,
        data={"step": "checked", "last_checked": offering.last_checked},
    )
    return offering


# Reminders -------------------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    reminder: staleness.Reminder
    sent: bool
    error: str = ""  # why sending failed; a reminder without recipients is not sent either


def send_reminders(
    *,
    tenant: Tenant,
    base_url: str,
    request: HttpRequest | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> list[ReminderResult]:
    """One e-mail per provider with stale offerings that was not reminded within the interval.

    The mail goes out before `reminder_sent_at` is written (unlike the on-commit rule elsewhere): if
    sending fails, the provider stays due and is reminded next time, rather than marked as reminded
    without a mail. Providers without any address are reported and stay due.
    """
    results = []
    for reminder in staleness.reminders_due(tenant, today):
        if not reminder.recipients:
            results.append(ReminderResult(reminder, sent=False))
            continue
        if dry_run:
            results.append(ReminderResult(reminder, sent=False))
            continue
        context = {
            "tenant": tenant,
            "organisation": reminder.organisation,
            "interval": staleness.review_interval_months(tenant),
            "offerings": [
                (
                    offering,
                    base_url.rstrip("/")
                    + reverse("offerings:detail", kwargs={"tenant": tenant, "offering_id": offering.pk}),
                )
                for offering in reminder.offerings
            ],
        }
        try:
            send_mail(
                render_to_string("offerings/mail/reminder_subject.txt", context).strip(),
                render_to_string("offerings/mail/reminder.txt", context),
                None,
                reminder.recipients,
            )
        except OSError as error:  # SMTP problems are OSErrors (smtplib.SMTPException included)
            results.append(ReminderResult(reminder, sent=False, error=str(error)))
            continue
        _record_reminder(request=request, tenant=tenant, reminder=reminder)
        results.append(ReminderResult(reminder, sent=True))
    return results


@transaction.atomic
def _record_reminder(*, request: HttpRequest | None, tenant: Tenant, reminder: staleness.Reminder) -> None:
    Offering.objects.filter(pk__in=[offering.pk for offering in reminder.offerings]).update(
        reminder_sent_at=timezone.now()
    )
    record(
        Action.REMINDED,
        request=request,
        tenant=tenant,
        obj=reminder.organisation,
        data={
            "step": "reminded",
            "offerings": [offering.pk for offering in reminder.offerings],
            "recipients": len(reminder.recipients),
        },
    )


# Categories and settings -----------------------------------------------------------------------------


@transaction.atomic
def save_category(*, request: HttpRequest, tenant: Tenant, form) -> Category:
    category = form.save(commit=False)
    created = category.pk is None
    if created:
        category.tenant = tenant
    category.save()
    record(
        Action.CREATED if created else Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=category,
        data={"code": category.code} if created else {"changed": form.changed_data},
    )
    return category


@transaction.atomic
def save_catalogue_settings(*, request: HttpRequest, tenant: Tenant, form) -> CatalogueSettings:
    settings = form.save(commit=False)
    settings.tenant = tenant
    settings.save()
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=settings,
        data={"review_interval_months": settings.review_interval_months},
    )
    return settings


# Synonyms of the search --------------------------------------------------------------------------------


@transaction.atomic
def save_synonym(*, request: HttpRequest, tenant: Tenant, form) -> SearchSynonym:
    synonym = form.save(commit=False)
    created = synonym.pk is None
    synonym.tenant = tenant
    synonym.save()
    record(
        Action.CREATED if created else Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=synonym,
        data={"words": synonym.words},
    )
    return synonym


@transaction.atomic
def delete_synonym(*, request: HttpRequest, tenant: Tenant, synonym: SearchSynonym) -> None:
    record(Action.DELETED, request=request, tenant=tenant, obj=synonym, data={"words": synonym.words})
    synonym.delete()


@transaction.atomic
def adopt_default_synonyms(*, request: HttpRequest, tenant: Tenant) -> int:
    """Add the default groups the tenant does not have (a deleted one comes back); one audit row."""
    added = synonyms.seed_defaults(tenant)
    if added:
        record(Action.CREATED, request=request, tenant=tenant, data={"default_synonyms": added})
    return added
