"""Failed form submissions are announced: a walk empties every edit form of the site and sends it.

Where the form refuses (required fields), the page answers with "Fehler:" at the start of its title and
an error summary at the top (role=alert, focused by app.js) whose links lead to fields that exist on the
page; invalid inputs are marked aria-invalid (and get the red border from site.css). New edit views are
walked automatically, like the form round trip.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.test_form_roundtrip import EDIT_ROUTES, NOT_EDIT_FORMS, edit_forms, errors_on, open_page, url_of
from uebergang.test import create_filled

ROUTES = [route for route in EDIT_ROUTES if route.name not in NOT_EDIT_FORMS]
KEPT = {"csrfmiddlewaretoken"}


def emptied(submission: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in submission:
        data.setdefault(name, []).append(value if name in KEPT else "")
    return data


def summary_of(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, flags=re.S)
    return match.group(1) if match else ""


@pytest.fixture
def filled(cast):
    return create_filled(cast)


def test_every_refused_edit_form_is_announced_with_a_summary_linking_its_fields(cast, filled):
    refused = []
    for route in ROUTES:
        url = url_of(route, cast, filled.objects)
        for user in cast.members_a.values():
            client = Client()
            client.force_login(user)
            page = open_page(client, url)
            forms = edit_forms(page)
            if page.status != 200 or len(forms) != 1:
                continue
            (form,) = forms
            response = client.post(form.target(url), emptied(form.submission()))
            html = response.content.decode(errors="replace")
            if response.status_code != 200 or not errors_on(html):
                break  # every field optional: nothing to announce
            title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1).strip()
            assert title.startswith("Fehler:"), f"{route.name}: title {title!r}"
            summary = summary_of(html)
            assert summary, f"{route.name}: no error summary"
            assert 'role="alert"' in html[html.index('class="error-summary"') - 200 :][:400]
            for target in re.findall(r'href="#([^"]+)"', summary):
                assert f'id="{target}"' in html, f"{route.name}: the summary links #{target}, not on the page"
            assert (
                'aria-invalid="true"' in html
                or "__all__" in str(errors_on(html))
                or not re.findall(r'href="#', summary)
            ), f"{route.name}: no field marked invalid"
            refused.append(route.name)
            break
    assert len(refused) >= 10, f"the walk refused too few forms to mean something: {refused}"


def test_an_error_that_belongs_to_no_field_is_announced_too(client, cast):
    response = client.post("/konto/anmelden/", {"email": cast.steering.email, "password": "falsch-falsch"})
    html = response.content.decode()
    assert "<title>Fehler:" in html
    items = re.findall(r"<li>(.*?)</li>", summary_of(html), flags=re.S)
    assert len(items) == 1 and "href" not in items[0] and "Passwort" in items[0], items


def test_a_valid_page_has_no_summary_and_no_error_title(client, cast):
    html = client.get("/konto/anmelden/").content.decode()
    assert "error-summary" not in html and "<title>Fehler:" not in html
