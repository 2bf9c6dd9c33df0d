"""Reads of the resources part: money by funding source, Rechtskreis, phase and region; funding that runs
out without a follow-up ("Projekt-Hopping"); staff in full-time equivalents by organisation.

The funding source (who pays) and the Rechtskreis (the legal basis of the funded offering) are two
different questions, so they are summed separately. An offering in several phases of the education
chain counts in each of them: the phase table says so instead of splitting money by an invented key.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from uebergang.network.models import BodyMembership, FundingSource, LegalSphere, Organisation
from uebergang.offerings.models import Phase
from uebergang.tenants.models import Tenant

from .models import FundingAmount, FundingLine, StaffPosition

ENDING_WITHIN_MONTHS = 6
ACTIVE_STATUSES = (FundingLine.Status.GRANTED, FundingLine.Status.RUNNING, FundingLine.Status.ENDING)


def months_later(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def funding_years(tenant: Tenant) -> list[int]:
    return sorted(
        set(FundingAmount.objects.filter(line__tenant=tenant).values_list("year", flat=True).distinct())
    )


@dataclass
class Sums:
    """Amounts of one year summed by one key, largest first."""

    rows: list[tuple[str, Decimal]]

    @property
    def total(self) -> Decimal:
        return sum((amount for _label, amount in self.rows), Decimal(0))


def _sorted(sums: dict[str, Decimal]) -> Sums:
    return Sums(sorted(sums.items(), key=lambda item: (-item[1], item[0])))


@dataclass
class Overview:
    year: int
    total: Decimal
    by_source: Sums
    by_legal_sphere: Sums
    by_phase: Sums
    by_region: Sums


def funding_overview(tenant: Tenant, year: int) -> Overview:
    """The year's amounts summed four ways (one query)."""
    amounts = FundingAmount.objects.filter(line__tenant=tenant, year=year).select_related(
        "line__offering__provider__region", "line__measure__owner_organisation__region"
    )
    sources = dict(FundingSource.choices)
    spheres = dict(LegalSphere.choices)
    phases = dict(Phase.choices)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    by_sphere: dict[str, Decimal] = defaultdict(Decimal)
    by_phase: dict[str, Decimal] = defaultdict(Decimal)
    by_region: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for entry in amounts:
        line, amount = entry.line, entry.amount
        total += amount
        by_source[str(sources[line.source])] += amount
        offering = line.offering
        if offering is not None:
            by_sphere[str(spheres.get(offering.legal_sphere, _("ohne Angabe")))] += amount
            for code in offering.phases or [""]:
                by_phase[str(phases.get(code, _("ohne Angabe")))] += amount
            owner = offering.provider
        else:
            by_sphere[_("Maßnahme des Arbeitsplans")] += amount
            by_phase[_("Maßnahme des Arbeitsplans")] += amount
            owner = line.measure.owner_organisation
        region = owner.region if owner is not None else None
        by_region[region.name if region is not None else _("ohne Region")] += amount
    return Overview(
        year, total, _sorted(by_source), _sorted(by_sphere), _sorted(by_phase), _sorted(by_region)
    )


def ending_without_follow_up(tenant: Tenant, today: datetime.date) -> list[FundingLine]:
    """Active funding that ends within six months with no follow-up line (statutory services excluded)."""
    return list(
        FundingLine.objects.for_tenant(tenant)
        .filter(
            status__in=ACTIVE_STATUSES,
            is_statutory=False,
            follow_up__isnull=True,
            end__gte=today,
            end__lte=months_later(today, ENDING_WITHIN_MONTHS),
        )
        .select_related("offering__provider", "measure")
        .order_by("end", "id")
    )


def funding_lines(tenant: Tenant) -> list[FundingLine]:
    return list(
        FundingLine.objects.for_tenant(tenant)
        .select_related("offering__provider", "measure", "follow_up__offering", "follow_up__measure")
        .prefetch_related("amounts")
        .order_by("-start", "id")
    )


@dataclass
class StaffRow:
    organisation: Organisation
    own: Decimal
    delegated: Decimal

    @property
    def total(self) -> Decimal:
        return self.own + self.delegated


def _current(today: datetime.date) -> Q:
    return (Q(start__isnull=True) | Q(start__lte=today)) & (Q(end__isnull=True) | Q(end__gte=today))


def staff_by_organisation(tenant: Tenant, today: datetime.date) -> list[StaffRow]:
    """Current staff positions and the FTE delegated to current body memberships, per organisation."""
    own = dict(
        StaffPosition.objects.for_tenant(tenant)
        .filter(_current(today))
        .values_list("organisation")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    delegated = dict(
        BodyMembership.objects.for_tenant(tenant)
        .filter(_current(today), fte__isnull=False)
        .values_list("organisation")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    organisations = Organisation.objects.for_tenant(tenant).filter(pk__in={*own, *delegated})
    zero = Decimal(0)
    return [
        StaffRow(organisation, own.get(organisation.pk, zero), delegated.get(organisation.pk, zero))
        for organisation in organisations.order_by("name")
    ]


def volunteers_by_kind(tenant: Tenant) -> list[dict]:
    """Per year and kind of volunteering: programmes, volunteers and young people accompanied."""
    from django.db.models import Count, Sum

    from .models import VolunteerProgramme

    rows = (
        VolunteerProgramme.objects.for_tenant(tenant)
        .values("year", "kind")
        .annotate(programmes=Count("id"), volunteers=Sum("volunteers"), young_people=Sum("young_people"))
        .order_by("-year", "kind")
    )
    labels = dict(VolunteerProgramme.Kind.choices)
    return [{**row, "label": labels[row["kind"]]} for row in rows]
