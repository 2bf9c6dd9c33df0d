"""Reads of the quality app: who sees which review and report, the state of a period, the schools page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import own_organisation_ids
from uebergang.network.models import Organisation, Task
from uebergang.offerings.models import Category, Offering
from uebergang.tenants.models import Tenant

from .models import PartnerReport, ReportingPeriod, Review, Standard

Role = Membership.Role


def is_coordinator(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.COORDINATOR


def visible_reviews(tenant: Tenant, membership: Membership) -> QuerySet[Review]:
    """Coordinators and steering see every review; a partner the reviews of its own organisation's offerings."""
    reviews = Review.objects.for_tenant(tenant).select_related(
        "standard", "offering__provider", "school", "body"
    )
    if membership.role == Role.PARTNER:
        return reviews.filter(offering__provider_id__in=own_organisation_ids(membership))
    if membership.role in (Role.COORDINATOR, Role.STEERING):
        return reviews
    return reviews.none()  # other roles have no part in quality work (documents ask here too)


def can_rate(membership: Membership, review: Review) -> bool:
    """Who fills in the ratings: the coordination office any open or submitted review, the provider's
    partners its self-evaluation while open."""
    if review.status == Review.Status.COMPLETED:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.PARTNER
        and review.kind == Review.Kind.SELF
        and review.status == Review.Status.OPEN
        and review.offering.provider_id in own_organisation_ids(membership)
    )


def can_move_follow_up(membership: Membership, task: Task) -> bool:
    if membership.role == Role.COORDINATOR:
        return True
    return task.responsible_user_id == membership.user_id or (
        task.responsible_organisation_id is not None
        and task.responsible_organisation_id in own_organisation_ids(membership)
    )


def reportable_offerings(period: ReportingPeriod, membership: Membership) -> QuerySet[Offering]:
    """The period's offerings this person reports for: all for a coordinator, its own organisation's for a partner."""
    offerings = period.offerings.select_related("provider").order_by("title")
    if membership.role == Role.COORDINATOR:
        return offerings
    if membership.role == Role.PARTNER:
        return offerings.filter(provider_id__in=own_organisation_ids(membership))
    return offerings.none()


def followed_offerings(period: ReportingPeriod, membership: Membership) -> QuerySet[Offering]:
    """The period's offerings whose reports this person follows: a partner its own organisation's,
    coordinators and steering every one."""
    if membership.role == Role.PARTNER:
        return reportable_offerings(period, membership)
    return period.offerings.select_related("provider").order_by("title")


def visible_periods(tenant: Tenant, membership: Membership) -> QuerySet[ReportingPeriod]:
    periods = ReportingPeriod.objects.for_tenant(tenant)
    if membership.role == Role.PARTNER:
        return periods.filter(offerings__provider_id__in=own_organisation_ids(membership)).distinct()
    if membership.role in (Role.COORDINATOR, Role.STEERING):
        return periods
    return periods.none()


@dataclass
class PeriodLine:
    offering: Offering
    report: PartnerReport | None

    @property
    def state(self) -> str:
        if self.report is None:
            return "missing"
        return self.report.status


@dataclass
class Completeness:
    period: ReportingPeriod
    lines: list[PeriodLine]

    @property
    def submitted(self) -> int:
        return sum(line.state == PartnerReport.Status.SUBMITTED for line in self.lines)

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 100

    @property
    def overdue(self) -> bool:
        return self.submitted < self.expected and self.period.due_on < date.today()


def completeness(period: ReportingPeriod, offerings: QuerySet[Offering] | None = None) -> Completeness:
    offerings = (
        offerings if offerings is not None else period.offerings.select_related("provider").order_by("title")
    )
    reports = {r.offering_id: r for r in period.reports.all()}
    return Completeness(period, [PeriodLine(o, reports.get(o.pk)) for o in offerings])


def reports_due(
    tenant: Tenant, membership: Membership, today: date
) -> list[tuple[ReportingPeriod, Offering]]:
    """(period, offering) a partner still has to submit, soonest due first (one query), for its start page."""
    if membership.role != Role.PARTNER:
        return []
    through = ReportingPeriod.offerings.through
    submitted = PartnerReport.objects.filter(
        period_id=OuterRef("reportingperiod_id"),
        offering_id=OuterRef("offering_id"),
        status=PartnerReport.Status.SUBMITTED,
    )
    pairs = (
        through.objects.filter(
            reportingperiod__tenant=tenant, offering__provider_id__in=own_organisation_ids(membership)
        )
        .exclude(Exists(submitted))
        .select_related("reportingperiod", "offering")
        .order_by("reportingperiod__due_on", "offering__title")
    )
    return [(pair.reportingperiod, pair.offering) for pair in pairs]


def standard_family(standard: Standard) -> list[Standard]:
    """Every version of a standard, newest first."""
    newest = standard
    while True:
        successor = Standard.objects.filter(predecessor=newest).first()
        if successor is None:
            break
        newest = successor
    versions = [newest]
    while versions[-1].predecessor_id:
        versions.append(versions[-1].predecessor)
    return versions


# The schools page ---------------------------------------------------------------------------------------


@dataclass
class SchoolRow:
    school: Organisation
    offerings: list[Offering] = field(default_factory=list)
    categories: set[int] = field(default_factory=set)
    latest: dict[str, Review] = field(default_factory=dict)  # standard title → latest completed review


def schools_overview(
    tenant: Tenant, *, without: Category | None = None, without_text: str = ""
) -> tuple[list[SchoolRow], list[str]]:
    """Every active school with the running offerings that reach it and its latest completed review per
    school standard; with `without`, only the schools that no offering of that category reaches; with
    `without_text` (e.g. "Lotse"), only those that no offering with it in its title or programme reaches."""
    schools = Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL, is_active=True)
    rows = {school.pk: SchoolRow(school) for school in schools.order_by("name")}
    offerings = (
        Offering.objects.for_tenant(tenant)
        .filter(status=Offering.Status.PUBLISHED, service_status=Offering.ServiceStatus.ACTIVE)
        .filter(schools_served__in=list(rows))
        .prefetch_related(
            Prefetch("schools_served", queryset=Organisation.objects.only("pk")),
            Prefetch("categories", queryset=Category.objects.only("pk")),
        )
        .select_related("provider")
        .distinct()
        .order_by("title")
    )
    for offering in offerings:
        categories = {c.pk for c in offering.categories.all()}
        for school in offering.schools_served.all():
            if school.pk in rows:
                rows[school.pk].offerings.append(offering)
                rows[school.pk].categories |= categories
    titles: list[str] = []
    completed = (
        Review.objects.for_tenant(tenant)
        .filter(school__isnull=False, status=Review.Status.COMPLETED)
        .select_related("standard")
        .prefetch_related("ratings")
        .order_by("completed_at")
    )
    latest: dict[int, dict[str, Review]] = defaultdict(dict)
    for review in completed:
        latest[review.school_id][review.standard.title] = review
        if review.standard.title not in titles:
            titles.append(review.standard.title)
    for school_id, reviews in latest.items():
        if school_id in rows:
            rows[school_id].latest = reviews
    result = list(rows.values())
    if without is not None:
        result = [row for row in result if without.pk not in row.categories]
    needle = without_text.strip().casefold()
    if needle:
        result = [
            row
            for row in result
            if not any(needle in f"{o.title} {o.programme}".casefold() for o in row.offerings)
        ]
    return result, sorted(titles)
