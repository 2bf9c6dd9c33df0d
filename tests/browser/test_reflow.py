"""Every page reflows at 320 CSS pixels without horizontal scrolling (WCAG 1.4.10, BITV 2.0).

A crawl over every route of the project (tenant A's objects filled in, as in the isolation walk): each
page that answers with HTML is opened at 320 px by the first of these who may see it — anonymous, the
coordinator, the case worker, the partner, the steering member — and the page must not be wider than the
viewport. Wide tables are allowed to scroll inside their own `.table-scroll` region, which is the point:
their width never widens the page. New views are crawled automatically.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.urlwalk import all_routes, fill, http_methods
from uebergang.accounts.models import Membership

from .conftest import login

pytestmark = pytest.mark.browser

WIDTH = 320
SKIPPED_PREFIXES = ("/admin", "/api/v1/", "/api/hsds/{", "/i18n/")
# Wider than the viewport, reported with the element that sticks out (outside a scroll region).
MEASURE = """() => {
  const width = document.documentElement.scrollWidth;
  if (width <= window.innerWidth) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && box.width > 0) {
      culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} (${Math.round(box.right)})`);
    }
  }
  return {width, culprits: culprits.slice(-4)};
}"""


def readable_by_get(route) -> bool:
    methods = http_methods(route)
    return methods is None or "GET" in methods


def crawled_routes():
    return [
        route
        for route in all_routes()
        if not route.template.startswith(SKIPPED_PREFIXES)
        and "(?P" not in route.template
        and readable_by_get(route)
    ]


def test_every_page_reflows_at_320_px(browser, live_server, cast):
    from uebergang.test import create_filled

    objects = create_filled(cast).objects
    Role = Membership.Role
    people = [
        ("anonym", None),
        ("coordinator", cast.coordinator),
        ("case_worker", cast.members_a[Role.CASE_WORKER]),
        ("partner", cast.members_a[Role.PARTNER]),
        ("steering", cast.members_a[Role.STEERING]),
    ]
    pages = {}
    for name, user in people:
        context = browser.new_context(locale="de-DE", viewport={"width": WIDTH, "height": 800})
        page = context.new_page()
        if user is not None:
            login(page, live_server, user.email, cast.totp.get(user.email))
        pages[name] = (context, page)

    wide, seen = [], 0
    for route in crawled_routes():
        try:
            path = fill(route, cast.tenant_a, objects)
        except LookupError:
            continue
        for name, (_context, page) in pages.items():
            try:
                response = page.goto(f"{live_server.url}{path}")
            except PlaywrightError as error:  # a download (feed, export, PDF): no page to measure
                if "Download is starting" in str(error):
                    break
                raise
            if (
                response is None
                or response.status != 200
                or "html" not in response.headers.get("content-type", "")
            ):
                continue
            if page.url.rstrip("/").endswith(("/konto/anmelden", "/konto/zweiter-faktor")):
                continue
            seen += 1
            result = page.evaluate(MEASURE)
            if result:
                wide.append(f"{path} as {name}: {result['width']} px — {', '.join(result['culprits'])}")
            break
    for context, _page in pages.values():
        context.close()
    assert seen > 80, f"the crawl opened only {seen} pages: are the routes filled?"
    assert not wide, f"{len(wide)} of {seen} pages are wider than {WIDTH} px:\n" + "\n".join(wide)


def test_on_a_phone_the_results_come_first_and_the_filters_open_on_demand(browser, live_server, cast):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/kreis-a/angebote/")
    first_result = page.locator("ol.results > li").first
    expect(first_result).to_be_visible()
    where = page.get_by_role("group", name="Wo?")
    expect(where).to_be_hidden()
    assert first_result.bounding_box()["y"] < 844, "the first result is not on the first screen"
    page.get_by_text("Filter", exact=True).click()
    expect(where).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_switch_between_memberships_reflows_at_320_px(browser, live_server, cast):
    """Someone with several memberships has the switch in the header: label, a long name and the
    button wrap instead of widening the page (the crawl's people have one membership each)."""
    cast.tenant_b.name = "Arbeitsgemeinschaft Übergang Schule–Beruf – Geschäftsstelle des Verbunds"
    cast.tenant_b.save()
    Membership.objects.create(user=cast.coordinator, tenant=cast.tenant_b, role=Membership.Role.PARTNER)
    context = browser.new_context(locale="de-DE", viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    login(page, live_server, cast.coordinator.email, cast.totp.get(cast.coordinator.email))
    page.goto(f"{live_server.url}/{cast.tenant_a.slug}/intern/")
    expect(page.locator("#tenant-switch")).to_be_visible()
    assert page.evaluate(MEASURE) is None
    context.close()


def test_the_case_queue_with_long_names_reflows_at_320_px(browser, live_server, cast):
    """The queue's seven columns scroll inside their own region; the page keeps the phone's width."""
    from uebergang.test.objects import create_case

    worker = cast.members_a[Membership.Role.CASE_WORKER]
    for label in ("Alexandra-Sophie", "Maximilian-Konstantin", "Friederike-Charlotte"):
        create_case(cast.tenant_a, worker, label, last_name=f"Oberhausen-Rheinstetter-{label}")
    context = browser.new_context(locale="de-DE", viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    login(page, live_server, worker.email, cast.totp.get(worker.email))
    page.goto(f"{live_server.url}/{cast.tenant_a.slug}/intern/faelle/?ansicht=alle")
    expect(page.get_by_text("Oberhausen-Rheinstetter-Alexandra-Sophie").first).to_be_visible()
    assert page.evaluate(MEASURE) is None
    context.close()
