"""axe-core finds no serious or critical accessibility violation on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def blocking_violations(axe, page) -> list[dict]:
    results = axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} – {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", None),
        ("/kreis-a/", "Kreis Alpha"),
        ("/konto/anmelden/", "Anmelden"),
        ("/api/v1/docs", "Übergang API"),
        ("/api/hsds/docs", "Übergang HSDS API"),
    ],
)
def test_public_page_has_no_serious_violations(page, live_server, cast, axe, path, heading):
    page.goto(f"{live_server.url}{path}")
    if heading:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    violations = blocking_violations(axe, page)
    assert not violations, f"axe violations on {path}:\n{describe(violations)}"


def test_workspace_has_no_serious_violations(page, live_server, cast, axe):
    login(page, live_server, cast.steering.email)
    expect(page).to_have_url(f"{live_server.url}/kreis-a/intern/")
    expect(page.get_by_role("region", name="Arbeitskontext")).to_contain_text("Kreis Alpha")
    violations = blocking_violations(axe, page)
    assert not violations, f"axe violations on /kreis-a/intern/:\n{describe(violations)}"
