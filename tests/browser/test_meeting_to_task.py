"""From a meeting to a task: the coordinator records a meeting with a decision and a task, the
responsible partner finds it under "Meine Aufgaben" and starts working on it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_task_from_a_meeting_reaches_the_responsible_partner(page, live_server, cast, axe):
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    body = cast.network_a.body
    organisation = cast.network_a.organisation
    meeting_day = timezone.localdate() + timedelta(days=7)
    due = timezone.localdate() + timedelta(days=30)

    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/netzwerk/")
    expect(page.get_by_role("img", name="Das Netzwerk auf drei Ebenen")).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name=body.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(body.name)
    page.get_by_role("link", name="Sitzung anlegen").click()
    page.get_by_label(re.compile(r"^Datum:?$")).fill(meeting_day.isoformat())
    page.get_by_label(re.compile(r"^Beginn:?$")).fill("14:00")
    page.get_by_label("Ende (optional)").fill("16:00")
    page.get_by_label(re.compile(r"^Ort:?$")).fill("Landratsamt, Saal 2")
    page.get_by_label("Tagesordnung").fill("Begrüßung\nWoche der Ausbildung")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Sitzung ist angelegt; 1 Mitglieder sind eingeladen.")).to_be_visible()
    expect(page.get_by_role("list").filter(has_text="Woche der Ausbildung")).to_be_visible()

    page.get_by_role("link", name="Beschluss erfassen").click()
    page.get_by_label("Beschlusstext").fill("Die Woche der Ausbildung findet im Herbst statt.")
    page.get_by_role("button", name="Beschluss speichern").click()
    message = page.get_by_text(re.compile(rf"Der Beschluss SG-{meeting_day.year}-\d\d ist erfasst\."))
    expect(message).to_be_visible()
    reference = re.search(r"SG-\d{4}-\d\d", message.inner_text()).group(0)

    page.get_by_role("link", name="Aufgabe anlegen").click()
    page.get_by_label(re.compile(r"^Aufgabe:?$")).fill("Betriebe für die Woche der Ausbildung gewinnen")
    page.get_by_label("Verantwortlicher Akteur").select_option(label=organisation.name)
    page.get_by_label("Fällig am").fill(due.isoformat())
    page.get_by_label("Zu Beschluss (optional)").select_option(index=1)
    page.get_by_role("button", name="Aufgabe anlegen").click()
    expect(
        page.get_by_text("Die Aufgabe „Betriebe für die Woche der Ausbildung gewinnen“ ist angelegt.")
    ).to_be_visible()
    tasks = page.get_by_role("table", name="Aufgaben aus dieser Sitzung")
    expect(tasks).to_contain_text(f"zu Beschluss {reference}")
    expect(tasks).to_contain_text(due.strftime("%d.%m.%Y"))
    assert_accessible(axe, page)
    page.get_by_role("button", name="Abmelden").click()

    login(page, live_server, cast.partner.email)
    page.goto(f"{live_server.url}/kreis-a/intern/aufgaben/meine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    page.get_by_role("link", name="Betriebe für die Woche der Ausbildung gewinnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Betriebe für die Woche der Ausbildung gewinnen"
    )
    assert_accessible(axe, page)
    page.get_by_role("combobox", name=re.compile(r"^Stand")).select_option(label="in Arbeit")
    page.get_by_label("Kommentar (optional)").fill("Erste Betriebe sind angefragt.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Aufgabe ist gespeichert.")).to_be_visible()
    expect(page.locator("dd").first).to_have_text("in Arbeit")
    expect(page.get_by_text("Erste Betriebe sind angefragt.")).to_be_visible()
    assert csp_errors == []


def test_the_public_network_page_is_accessible(page, live_server, cast, axe):
    page.goto(f"{live_server.url}/kreis-a/netzwerk/")
    expect(page.get_by_role("img", name="Das Netzwerk auf drei Ebenen")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text(cast.network_a.organisation.name)
    assert_accessible(axe, page)
