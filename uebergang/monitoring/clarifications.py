"""Clarified destinations: what a case of the Verbleibsklärung found out, carried into the figures.

`clarify` records the clarification and writes the clarified destination onto the leaver's record (the
school's report stays in the clarification), then recomputes that cohort's counts, so every dashboard,
export and indicator shows it at once (the protection cache is keyed by the counts and follows by
itself). `withdraw` undoes it. `reapply` runs after an import replaced cohorts: where the school still
reports the destination as unknown the clarification stands; where it now reports one, the school's
word counts and the clarification is withdrawn. `unknown_before` gives, per year, the unknown count
before clarification, for the dashboards' before/after figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from .codes import record_cohorts
from .models import Clarification, Destination, Leaver
from .summaries import refresh_cohort_counts

UNKNOWN = "unknown"


class NoLeaverRecord(LookupError):
    """The cohort has no record with this pseudonym (the school has not reported the pupil)."""


def _is_unknown(destination: Destination | None) -> bool:
    if destination is None:
        return True
    top = destination.parent or destination
    return top.code == UNKNOWN


@transaction.atomic
def clarify(
    *,
    tenant: Tenant,
    leaving_year: int,
    pseudonym: str,
    destination: Destination,
    source: str,
    user=None,
    on: date | None = None,
) -> Clarification:
    leaver = (
        Leaver.objects.for_tenant(tenant)
        .select_for_update()
        .filter(leaving_year=leaving_year, pseudonym=pseudonym)
        .first()
    )
    if leaver is None:
        raise NoLeaverRecord(pseudonym)
    previous = Clarification.objects.for_tenant(tenant).filter(
        leaving_year=leaving_year, pseudonym=pseudonym, withdrawn_at__isnull=True
    )
    before = leaver.actual_destination
    for earlier in previous:  # a corrected outcome replaces the earlier clarification, the report stays
        before = earlier.destination_before
        earlier.withdrawn_at = timezone.now()
        earlier.save(update_fields=["withdrawn_at"])
    clarification = Clarification.objects.create(
        tenant=tenant,
        leaving_year=leaving_year,
        pseudonym=pseudonym,
        destination_before=before,
        destination_after=destination,
        clarified_on=on or timezone.localdate(),
        source=source,
        created_by=user,
    )
    Leaver.objects.filter(pk=leaver.pk).update(
        actual_destination=destination, actual_as_of=clarification.clarified_on
    )
    record_cohorts(tenant, [leaving_year])
    refresh_cohort_counts(tenant, [leaving_year])
    record(
        "object.updated",
        actor=user,
        tenant=tenant,
        obj=clarification,
        data={
            "clarification": leaving_year,
            "before": before.code if before else "",
            "after": destination.code,
            "source": source,
        },
    )
    return clarification


@transaction.atomic
def withdraw(*, tenant: Tenant, leaving_year: int, pseudonym: str, user=None) -> None:
    """Takes the active clarification back: the leaver's record shows the school's report again."""
    active = (
        Clarification.objects.for_tenant(tenant)
        .filter(leaving_year=leaving_year, pseudonym=pseudonym, withdrawn_at__isnull=True)
        .first()
    )
    if active is None:
        return
    active.withdrawn_at = timezone.now()
    active.save(update_fields=["withdrawn_at"])
    Leaver.objects.for_tenant(tenant).filter(leaving_year=leaving_year, pseudonym=pseudonym).update(
        actual_destination=active.destination_before
    )
    refresh_cohort_counts(tenant, [leaving_year])
    record("object.deleted", actor=user, tenant=tenant, obj=active, data={"clarification": leaving_year})


@transaction.atomic
def reapply(tenant: Tenant, years: Iterable[int]) -> int:
    """After an import replaced cohorts of `years`: keeps each clarification where the new record still
    says "unknown" (or has no record of the destination) and withdraws it where the school now reports
    a destination. Returns the number carried over; the counts of changed years are recomputed."""
    years = sorted(set(years))
    active = Clarification.objects.for_tenant(tenant).filter(
        leaving_year__in=years, withdrawn_at__isnull=True
    )
    carried, changed = 0, set()
    for clarification in active.select_related("destination_after"):
        leaver = (
            Leaver.objects.for_tenant(tenant)
            .filter(leaving_year=clarification.leaving_year, pseudonym=clarification.pseudonym)
            .select_related("actual_destination__parent")
            .first()
        )
        if leaver is None:
            continue  # the pupil is not in the new report: nothing to carry over, the history stays
        if leaver.actual_destination_id == clarification.destination_after_id:
            continue
        if _is_unknown(leaver.actual_destination):
            Leaver.objects.filter(pk=leaver.pk).update(
                actual_destination=clarification.destination_after, actual_as_of=clarification.clarified_on
            )
            carried += 1
        else:
            clarification.withdrawn_at = timezone.now()
            clarification.save(update_fields=["withdrawn_at"])
        changed.add(clarification.leaving_year)
    if changed:
        refresh_cohort_counts(tenant, changed)
    return carried


def unknown_before(tenant: Tenant) -> dict[int, int]:
    """Per leaving year: how many active clarifications turned a reported "unknown" into a destination.

    The unknown count before clarification is the current one plus this number.
    """
    reported_unknown = (
        Q(destination_before__isnull=True)
        | Q(destination_before__code=UNKNOWN)
        | Q(destination_before__parent__code=UNKNOWN)
    )
    clarified = (
        Clarification.objects.for_tenant(tenant)
        .filter(withdrawn_at__isnull=True)
        .filter(reported_unknown)
        .exclude(Q(destination_after__code=UNKNOWN) | Q(destination_after__parent__code=UNKNOWN))
        .values("leaving_year")
        .annotate(n=Count("pk"))
    )
    return {row["leaving_year"]: row["n"] for row in clarified}
