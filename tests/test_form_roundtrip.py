"""The form round-trip walk: every edit page, saved unchanged as a browser would, changes nothing.

Seen before this walk: the offering form rendered the stored phases, target groups and languages
unticked, so saving it unchanged deleted them and sent the loss to review. Tests that post a dict they
wrote themselves cannot see that; this walk posts what the rendered page holds.

Which views: every route whose name or path says it edits ("bearbeiten", "edit", "update"), and every
other page that renders a form posting back to itself with stored values in it (a filled field, a
ticked box, a chosen option). New edit views are walked without being listed here; a route the walk
cannot fill fails with what to add (an object in `create_filled` of uebergang/test/cast.py).

For each such route and each role of municipality A that is shown the form, with fully filled
objects (`create_filled`): GET the page, build the browser's submission (`tests/formwalk.py`), POST
it with CSRF checks on, and demand a redirect, an unchanged database (every row of every model,
apart from automatic timestamps) and no audit entry that records a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from tests.formwalk import Form, forms_of, prefilled
from tests.urlwalk import Route, all_routes, fill
from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.offerings.models import Offering
from uebergang.test import create_filled

EDIT_WORDS = ("bearbeiten", "edit", "update")
CREATE_WORDS = ("/neu/", "create", "_add", "/add/")

# Routes the walk does not open, and why. Everything else that renders an edit form is walked.
NOT_SCANNED = {
    "accounts:logout": "logs out on request; no form of stored data",
    "accounts:password_reset_confirm": "a one-time link from an e-mail, not an object's page",
    "network:calendar_feed": "an iCalendar file, not a page",
    "api:token_revoke": "a button's target (POST only) on the key list, no page of its own",
}
# Pages with a form that posts back to itself and shows values, but does not edit a stored object.
NOT_EDIT_FORMS = {
    "api:tokens": "creates a new API key (the expiry is preset); lists keys, edits none",
    "monitoring:import": "uploads a new leaver file; the preset options are defaults of a new import",
    "offerings:categories": "lists the categories and adds a new one (the position is preset)",
    **{
        f"legal:installation_{kind}_edit": "the installation's legal pages are kept by superusers, no role of a "
        "tenant; their round trip is tested in uebergang/legal/tests"
        for kind in ("impressum", "datenschutz", "barrierefreiheit")
    },
}
# Forms of a step, not of stored data: saved unchanged they refuse with a message (and change nothing).
REFUSES_UNCHANGED = {
    "network:task_detail": "a progress step on a task: the status or a comment must be new",
}
SKIPPED_PREFIXES = ("/admin/", "/api/")  # Django's admin and the JSON APIs render no forms of ours

# Columns that change by themselves on every save; nothing a person typed.
AUTOMATIC = (models.DateTimeField, models.DateField)
IGNORED_MODELS = {"sessions.session", "audit.auditevent"}
IGNORED_FIELDS = {"accounts.user.last_login"}
DIFF_KEYS = ("changed", "fields", "attendance")
Role = Membership.Role


def named_as_edit(route: Route) -> bool:
    text = f"{route.name} {route.template}".lower()
    return any(word in text for word in EDIT_WORDS) and not creates(route)


def creates(route: Route) -> bool:
    text = f"{route.name} {route.template}".lower()
    return any(word in text for word in CREATE_WORDS)


def scanned(route: Route) -> bool:
    return (
        not route.template.startswith(SKIPPED_PREFIXES)
        and route.name not in NOT_SCANNED
        and "(?P" not in route.template
        and not creates(route)
    )


ROUTES = [route for route in all_routes() if scanned(route)]
EDIT_ROUTES = [route for route in ROUTES if named_as_edit(route)]
OTHER_ROUTES = [route for route in ROUTES if not named_as_edit(route)]


# Database snapshots -----------------------------------------------------------------------------


def _compared_fields(model) -> list[models.Field]:
    label = model._meta.label_lower
    return [
        field
        for field in model._meta.concrete_fields
        if not (isinstance(field, AUTOMATIC) and (field.auto_now or field.auto_now_add))
        and f"{label}.{field.name}" not in IGNORED_FIELDS
    ]


def snapshot() -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every model (link tables included), by model and primary key."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in IGNORED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        names = [field.attname for field in _compared_fields(model)]
        state[label] = {row["pk"]: row for row in model._base_manager.values("pk", *names)}
    return state


def differences(before: dict, after: dict) -> list[str]:
    lines = []
    for label, rows in before.items():
        now = after[label]
        for pk in rows.keys() - now.keys():
            lines.append(f"{label} #{pk} deleted: {rows[pk]}")
        for pk in now.keys() - rows.keys():
            lines.append(f"{label} #{pk} created: {now[pk]}")
        for pk in rows.keys() & now.keys():
            for name, value in rows[pk].items():
                if now[pk][name] != value:
                    lines.append(f"{label} #{pk} {name}: {value!r} → {now[pk][name]!r}")
    return lines


def audit_changes(since: int) -> list[str]:
    """New audit entries that record a change (a non-empty list of changed fields, a value pair that
    differs)."""
    lines = []
    for event in AuditEvent.objects.filter(pk__gt=since).order_by("pk"):
        data = event.data or {}
        changed = any(data.get(key) for key in DIFF_KEYS)
        pairs = [v for v in data.values() if isinstance(v, list) and len(v) == 2 and v[0] != v[1]]
        if changed or pairs:
            lines.append(f"audit {event.action} on {event.object_type} #{event.object_id}: {data}")
    return lines


# The walk ---------------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    status: int
    forms: list[Form]


def open_page(client: Client, url: str) -> Page:
    response = client.get(url)
    html = response.content.decode(errors="replace") if "html" in response.get("Content-Type", "") else ""
    return Page(url, response.status_code, forms_of(html) if response.status_code == 200 else [])


def edit_forms(page: Page) -> list[Form]:
    return [form for form in page.forms if form.posts_back_to(page.url)]


def users_of_a(cast) -> dict[str, object]:
    return dict(cast.members_a.items())


def url_of(route: Route, cast, objects: dict[str, int]) -> str:
    try:
        return fill(route, cast.tenant_a, objects)
    except LookupError as error:
        raise AssertionError(
            f"{route.name}: the walk cannot fill {route.template}; add a fully filled object for it "
            "to create_filled() in uebergang/test/cast.py"
        ) from error


def errors_on(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", match).split())
        for match in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S)
    ]


def walk(route: Route, cast, objects: dict[str, int], *, must_edit: bool) -> list[str]:
    """Save the route's edit form unchanged as every role that is shown it; returns those roles."""
    url = url_of(route, cast, objects)
    walked = []
    for role, user in users_of_a(cast).items():
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = open_page(client, url)
        forms = edit_forms(page)
        if page.status != 200 or not forms:
            continue
        assert len(forms) == 1, f"{route.name} as {role}: {len(forms)} forms post back to {url}"
        (form,) = forms
        blocked = form.blocking_required()
        assert not blocked, f"{route.name} as {role}: the browser refuses to submit, empty required {blocked}"
        before, last_event = snapshot(), AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last()
        data: dict[str, list[str]] = {}
        for name, value in form.submission():
            data.setdefault(name, []).append(value)
        response = client.post(form.target(url), data)
        html = response.content.decode(errors="replace")
        refused = route.name in REFUSES_UNCHANGED and response.status_code == 200 and errors_on(html)
        assert response.status_code in (302, 303) or refused, (
            f"{route.name} as {role}: saving unchanged answered {response.status_code}, "
            f"errors {errors_on(html)}"
        )
        changes = differences(before, snapshot()) + audit_changes(last_event or 0)
        assert not changes, f"{route.name} as {role}: saving unchanged changed\n  " + "\n  ".join(changes)
        walked.append(role)
    assert walked or not must_edit, (
        f"{route.name}: no role of A was shown an edit form on {url}; give create_filled() an object "
        "they may edit, or if it is not an edit view, say so in NOT_EDIT_FORMS"
    )
    return walked


@pytest.fixture
def filled(cast):
    return create_filled(cast)


def test_the_walk_finds_the_known_edit_views():
    names = {route.name for route in EDIT_ROUTES}
    assert {"offerings:edit", "network:actor_edit", "network:task_edit", "tenants:edit"} <= names


# Roles that must be among those walked, beyond "someone": the partner edits its own offerings.
WALKED_AS = {"offerings:edit": {Role.COORDINATOR, Role.PARTNER}}


@pytest.mark.parametrize("route", [r for r in EDIT_ROUTES if r.name not in NOT_EDIT_FORMS], ids=str)
def test_an_edit_view_saved_unchanged_changes_nothing(cast, filled, route):
    walked = walk(route, cast, filled.objects, must_edit=True)
    assert WALKED_AS.get(route.name, set()) <= set(walked)


def test_a_partners_pending_proposal_saved_unchanged_stays_as_it_is(cast, filled):
    """The partner proposes a change, opens the form again (it shows the proposal) and saves it
    unchanged: the proposal is not replaced and no new proposal reaches the audit trail."""
    (route,) = [route for route in EDIT_ROUTES if route.name == "offerings:edit"]
    url = url_of(route, cast, filled.objects)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.partner)
    (form,) = edit_forms(open_page(client, url))
    data: dict[str, list[str]] = {}
    for name, value in form.submission():
        data.setdefault(name, []).append(value)
    data["title"] = ["Bewerbungswerkstatt für alle"]
    assert client.post(url, data).status_code == 302
    offering = Offering.objects.get(pk=filled.objects["offering_id"])
    assert offering.title == "Bewerbungswerkstatt kompakt"  # published state until the review
    assert offering.versions.pending().get().data["title"] == "Bewerbungswerkstatt für alle"
    assert Role.PARTNER in walk(route, cast, filled.objects, must_edit=True)


def test_the_offering_form_shows_the_stored_codes_ticked(client, cast, filled):
    """The bug that started the walk: phases, target groups and languages rendered unticked."""
    client.force_login(cast.partner)
    url = f"/kreis-a/intern/angebote/{filled.objects['offering_id']}/bearbeiten/"
    (form,) = edit_forms(open_page(client, url))
    sent = form.submission()
    for name, codes in {
        "phases": {"orientation", "school_to_training"},
        "target_groups": {"young_people", "newly_arrived"},
        "school_types": {"realschule", "werkrealschule"},
        "qualifications": {"first", "intermediate"},
        "languages": {"de", "tr", "uk"},
    }.items():
        assert {value for key, value in sent if key == name} == codes, name


def test_every_other_page_with_stored_values_in_a_form_round_trips(cast, filled):
    """Pages not named as edit views but rendering a prefilled form that posts back to themselves
    (status forms on detail pages, attendance, mappings) are walked too."""
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    walked, failures = [], []
    for route in OTHER_ROUTES:
        if route.name in NOT_EDIT_FORMS:
            continue
        try:
            page = open_page(coordinator, url_of(route, cast, filled.objects))
            if any(prefilled(form) for form in edit_forms(page)) and walk(
                route, cast, filled.objects, must_edit=False
            ):
                walked.append(route.name)
        except AssertionError as failure:
            failures.append(str(failure).split("\nassert ")[0])
    assert not failures, "\n".join(failures)
    assert walked, "the scan found no page with a prefilled form; is the parser blind?"
