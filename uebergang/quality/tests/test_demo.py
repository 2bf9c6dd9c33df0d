"""The demo quality work of Musterkreis: standards in two versions, two review rounds, a year of partner
reports that pass the report form's own checks, something to do for the demo partner; deterministic."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from uebergang.accounts.models import Membership
from uebergang.quality import effect
from uebergang.quality.forms import REPORT_DESTINATIONS, REPORT_QUALIFICATIONS, PartnerReportForm
from uebergang.quality.models import PartnerReport, ReportingPeriod, Review, Standard
from uebergang.quality.queries import completeness, reports_due, visible_reviews
from uebergang.tenants.models import Tenant


def snapshot():
    return {
        "standards": sorted(Standard.objects.values_list("title", "version", "status")),
        "reviews": sorted(
            Review.objects.values_list(
                "standard__title", "year", "status", "school__name", "offering__title"
            ),
            key=str,
        ),
        "reports": sorted(
            PartnerReport.objects.values_list(
                "period__title", "offering__title", "participants", "completions"
            ),
            key=str,
        ),
    }


@pytest.fixture
def demo(reseeded):
    call_command("demo_data")
    return Tenant.objects.get(slug="musterkreis")


def test_the_demo_has_standards_rounds_and_reports_and_runs_twice_the_same(demo):
    first = snapshot()
    assert ("Berufsorientierung an Schulen", 1, "retired") in first["standards"]
    assert ("Berufsorientierung an Schulen", 2, "active") in first["standards"]
    assert {year for _t, year, *_rest in first["reviews"]} == {2025, 2026}
    periods = list(ReportingPeriod.objects.for_tenant(demo).order_by("start"))
    assert [p.title for p in periods] == ["2. Halbjahr 2025", "1. Halbjahr 2026"]
    assert completeness(periods[0]).percent == 100 and completeness(periods[1]).percent < 100
    call_command("demo_data")
    assert snapshot() == first


def test_every_demo_report_passes_the_forms_checks(demo):
    for report in PartnerReport.objects.for_tenant(demo):
        data = model_to_dict(report, fields=PartnerReportForm.Meta.fields)
        data.update({f"destination_{c}": report.destinations.get(c, 0) for c, _l in REPORT_DESTINATIONS})
        data.update(
            {f"qualification_{c}": report.qualifications.get(c, 0) for c, _l in REPORT_QUALIFICATIONS}
        )
        form = PartnerReportForm(data, instance=report)
        assert form.is_valid(), (report, form.errors)


def test_the_demo_partner_has_something_to_do_and_the_effect_page_compares(demo):
    partner = Membership.objects.get(user__email="partner@musterkreis.example.org", tenant=demo)
    open_self = visible_reviews(demo, partner).filter(status="open", kind="self")
    assert open_self.exists()
    from django.utils import timezone

    assert reports_due(demo, partner, timezone.localdate())
    rows = effect.overview(demo, 2026)
    shown = [r for row in rows for r in row.results if r.shown]
    assert shown and any(r.expected is not None for r in shown)
