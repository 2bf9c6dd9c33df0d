"""The monitoring dashboard draws its charts under the strict CSP, and stays accessible."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import login
from .test_accessibility import blocking_violations, describe

pytestmark = pytest.mark.browser

DASHBOARD = "/kreis-a/intern/monitoring/"


@pytest.fixture
def cohorts(cast):
    """Counts of two schools of A over three years, with a few small cells to suppress."""
    from uebergang.monitoring.models import CohortCount
    from uebergang.network.models import Organisation
    from uebergang.test import create_organisation

    schools = [
        create_organisation(
            cast.tenant_a, name, kind=Organisation.Kind.SCHOOL, school_type=Organisation.SchoolType.values[0]
        )
        for name in ("Schule Nord", "Schule Süd")
    ]
    rows = []
    for year in (2023, 2024, 2025):
        for index, school in enumerate(schools):
            for destination, planned, count in [
                ("dual", "dual", 40 + year % 10 + index),
                ("transition", "dual", 22 - index),
                ("school_vet", "school_vet", 15),
                ("unknown", "transition", 3 if index else 12),
                ("neet", "transition", 2),
            ]:
                rows.append(
                    CohortCount(
                        tenant=cast.tenant_a,
                        origin=CohortCount.Origin.TABLE,
                        leaving_year=year,
                        school=school,
                        school_type=school.school_type,
                        qualification="first",
                        gender="f" if index else "m",
                        destination=destination,
                        planned=planned,
                        count=count,
                    )
                )
    CohortCount.objects.bulk_create(rows)
    return schools


def test_dashboard_charts_render_without_csp_violations_and_pass_axe(page, live_server, cast, cohorts):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    login(page, live_server, cast.steering.email)

    page.goto(f"{live_server.url}{DASHBOARD}")

    charts = page.locator("figure.chart")
    expect(charts.first).to_be_visible()
    count = charts.count()
    assert count >= 1
    for index in range(count):
        expect(charts.nth(index).locator("svg").first).to_be_visible()
        assert charts.nth(index).get_attribute("role") == "img"
        assert charts.nth(index).get_attribute("aria-label")
    # Hidden cells are drawn as "." labels (Zahlenwert geheim zu halten), never as numbers, and the
    # charts with hidden figures say under them what they leave out.
    expect(page.locator("figure.chart svg text", has_text=re.compile(r"^\.$")).first).to_be_attached()
    expect(page.locator("p.chart-caption").first).to_contain_text("Verdeckte Werte")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems

    violations = blocking_violations(Axe(), page)
    assert not violations, f"axe violations on {DASHBOARD}:\n{describe(violations)}"
