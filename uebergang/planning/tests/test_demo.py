"""The demo steering cycle of Musterkreis: two plans, indicators, money and staff, deterministic, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from uebergang.planning import report
from uebergang.planning.models import FundingLine, Measure, StaffPosition, WorkPlan
from uebergang.planning.queries import progress_tree
from uebergang.planning.resources import ending_without_follow_up, funding_overview, staff_by_organisation
from uebergang.tenants.models import Tenant


def snapshot():
    return {
        "plans": sorted(WorkPlan.objects.values_list("tenant__slug", "year", "title")),
        "measures": sorted(
            Measure.objects.values_list(
                "goal__priority__plan__year", "title", "status", "progress", "owner_organisation__name"
            )
        ),
        "lines": sorted(
            FundingLine.objects.values_list(
                "offering__title", "measure__title", "source", "start", "end", "status"
            ),
            key=str,
        ),
        "staff": sorted(StaffPosition.objects.values_list("organisation__name", "title", "fte")),
    }


@pytest.fixture
def demo(db):
    call_command("demo_data")
    return Tenant.objects.get(slug="musterkreis")


def test_musterkreis_has_two_plans_with_progress_money_and_staff(demo):
    plans = WorkPlan.objects.for_tenant(demo)
    assert sorted(plans.values_list("year", flat=True)) == [2025, 2026]
    tree, progress = progress_tree(plans.get(year=2026))
    assert len(tree) == 3 and 0 < progress < 100
    measures = Measure.objects.for_tenant(demo)
    assert measures.filter(owner_organisation__isnull=False).count() == measures.count()
    assert (
        measures.filter(decisions__isnull=False).exists()
        and measures.filter(offerings__isnull=False).exists()
    )
    overview = funding_overview(demo, 2026)
    assert overview.total > 200_000 and len(overview.by_source.rows) >= 3
    assert (
        FundingLine.objects.for_tenant(demo).filter(follow_up__isnull=False).count() >= 2
    )  # pilot → regular
    assert FundingLine.objects.for_tenant(demo).filter(is_statutory=True, end__isnull=True).exists()
    for line in ending_without_follow_up(demo, timezone.localdate()):
        assert not line.is_statutory and line.follow_up_id is None
    staff = {row.organisation.short_name: row for row in staff_by_organisation(demo, timezone.localdate())}
    assert staff["Koordinierungsstelle"].own == 3
    assert WorkPlan.objects.exclude(tenant=demo).count() == 0  # Beispielstadt keeps its own pace


def test_the_demo_report_renders(demo):
    data = report.figures(demo, 2026)
    assert data["plan"]["priorities"] and data["finances"]["by_source"]
    assert report.pdf(demo, data).startswith(b"%PDF")


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    call_command("demo_data")
    assert snapshot() == before


def test_the_demo_has_volunteers_and_an_interim_review_of_the_steering_group(demo):
    from uebergang.planning.models import InterimReview, VolunteerProgramme
    from uebergang.planning.resources import volunteers_by_kind

    tenant = Tenant.objects.get(slug="musterkreis")
    assert VolunteerProgramme.objects.for_tenant(tenant).count() == 6
    assert {row["kind"] for row in volunteers_by_kind(tenant)} == {
        "mentors",
        "parent_advisers",
        "senior_experts",
    }
    review = InterimReview.objects.for_tenant(tenant).get()
    assert review.body.code == "SG" and review.figures["meetings"]["held"] > 0 and review.assessment
    assert review.figures["attendance"] and all(row["invited"] for row in review.figures["attendance"])
