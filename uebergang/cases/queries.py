"""The queue: a tenant's cases for one case worker or team, filtered, searched, sorted by deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from uebergang.tenants.models import Tenant

from .models import Case


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def queue(tenant: Tenant, user, filters: dict[str, Any], today: date):
    """Cases of `tenant` for the queue page; `filters` are a QueueFilterForm's cleaned data."""
    cases = Case.objects.for_tenant(tenant)
    view = filters.get("ansicht") or "meine"
    if view == "meine":
        cases = cases.filter(lead_worker=user)
    elif view == "team":
        # The teams' ids first: a plain IN on the case row lets the open-queue index serve the order.
        cases = cases.filter(
            team_id__in=list(user.case_teams.filter(tenant=tenant).values_list("id", flat=True))
        )
    status = filters.get("status")
    cases = cases.filter(status=status) if status else cases.open()
    if filters.get("schule"):
        cases = cases.filter(school=filters["schule"])
    if filters.get("region"):
        cases = cases.filter(region=filters["region"])
    if filters.get("fallfuehrung"):
        cases = cases.filter(lead_worker=filters["fallfuehrung"])
    if filters.get("alter_von") is not None:
        cases = cases.filter(date_of_birth__lte=years_before(today, filters["alter_von"]))
    if filters.get("alter_bis") is not None:
        # Younger than alter_bis + 1: born after that many years ago.
        cases = cases.filter(date_of_birth__gt=years_before(today, filters["alter_bis"] + 1))
    text = " ".join((filters.get("q") or "").split())
    if text:
        condition = Q()
        for word in text.split(" "):
            word_condition = (
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(school_class__iexact=word)
            )
            number = word.upper().removeprefix("F-")
            if number.isdigit():
                word_condition |= Q(number=int(number))
            condition &= word_condition
        cases = cases.filter(condition)
    return (
        cases.select_related("school", "region", "lead_worker", "team")
        .only(*QUEUE_COLUMNS)
        .order_by("deadline", "number")
    )


# What a queue row shows: the rest of a case (contact data, guardian, notes) is not read for the list.
QUEUE_COLUMNS = (
    "tenant_id",
    "number",
    "first_name",
    "last_name",
    "school_class",
    "deadline",
    "status",
    "outcome",
    "school__name",
    "region__name",
    "lead_worker__full_name",
    "lead_worker__email",
    "team__name",
)


def case_for(tenant: Tenant, case_id: int) -> Case:
    """The scoped accessor: a case of `tenant` (the caller has checked the role), else 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Case.objects.for_tenant(tenant).select_related("tenant"), pk=case_id)
