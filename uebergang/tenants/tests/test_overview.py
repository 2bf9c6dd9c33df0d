"""The personal start page: each role's short lists (tasks, meetings, offerings, funding, import) and
the steering view of headline figures and work plan progress."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.monitoring.tests.test_dashboards import create_schools_with_counts
from uebergang.network.models import Body, BodyMembership, Meeting, Task
from uebergang.offerings.models import Offering
from uebergang.planning.models import Measure

START = "/kreis-a/intern/"


def section(page: str, key: str) -> str:
    """The text of one panel of the start page ("" when it is not shown)."""
    marker = f'id="uebersicht-{key}"'
    return page.split(marker)[1].split("</section>")[0] if marker in page else ""


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_other_municipalities_and_outsiders_are_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(START)
    assert response.status_code == 403
    assert "Aufgabe a" not in response.content.decode()


def test_my_open_tasks_list_at_most_five_with_overdue_marked_and_a_link_to_all(client, cast):
    network = cast.network_a
    yesterday = timezone.localdate() - timedelta(days=1)
    Task.objects.filter(pk=network.task.pk).update(due_date=yesterday)
    for i in range(6):
        Task.objects.create(
            body=network.body,
            title=f"Weitere Aufgabe {i}",
            responsible_user=cast.partner,
            due_date=timezone.localdate() + timedelta(days=i + 1),
        )
    Task.objects.create(
        body=network.body, title="Erledigte Aufgabe", responsible_user=cast.partner, status="done"
    )
    Task.objects.create(body=network.body, title="Fremde Aufgabe", responsible_user=cast.steering)
    client.force_login(cast.partner)
    tasks = section(client.get(START).content.decode(), "aufgaben")
    assert tasks.count("<li>") == 5
    assert (
        f'href="/kreis-a/intern/aufgaben/{network.task.pk}/">Aufgabe a</a> <strong>(überfällig)</strong>'
        in tasks
    )
    assert "Weitere Aufgabe 3" in tasks and "Weitere Aufgabe 4" not in tasks
    assert "Erledigte Aufgabe" not in tasks and "Fremde Aufgabe" not in tasks
    assert 'href="/kreis-a/intern/aufgaben/meine/"' in tasks


def test_my_next_meetings_are_those_of_bodies_my_organisation_sits_in(client, cast):
    network = cast.network_a
    soon = timezone.now() + timedelta(days=2)
    Meeting.objects.create(body=network.body, title="Sitzung unseres Gremiums", starts_at=soon)
    other = Body.objects.create(
        tenant=cast.tenant_a,
        name="Arbeitskreis ohne uns",
        code="AK",
        kind=Body.Kind.WORKING_GROUP,
        level=Body.Level.OPERATIONAL,
    )
    Meeting.objects.create(body=other, title="Fremde Sitzung", starts_at=soon)
    client.force_login(cast.partner)
    meetings = section(client.get(START).content.decode(), "sitzungen")
    assert "Sitzung unseres Gremiums" in meetings and "Fremde Sitzung" not in meetings
    assert 'href="/kreis-a/intern/sitzungen/"' in meetings
    # Once the seat has ended, the body's meetings are no longer "mine".
    BodyMembership.objects.filter(pk=network.body_membership.pk).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    meetings = section(client.get(START).content.decode(), "sitzungen")
    assert "Sitzung unseres Gremiums" not in meetings
    assert "Keine Sitzung Ihrer Gremien ist geplant." in meetings
    # The coordination office sees every body's next meetings.
    client.force_login(cast.coordinator)
    meetings = section(client.get(START).content.decode(), "sitzungen")
    assert "Sitzung unseres Gremiums" in meetings and "Fremde Sitzung" in meetings


def test_the_coordinator_sees_reviews_funding_and_the_latest_import(client, cast):
    offerings = cast.offerings_a
    Offering.objects.filter(pk=offerings.published.pk).update(
        funding_end=timezone.localdate() + timedelta(days=30), statutory=False
    )
    client.force_login(cast.coordinator)
    page = client.get(START).content.decode()
    review = section(page, "pruefung")
    assert f'href="/kreis-a/intern/angebote/versionen/{offerings.version.pk}/"' in review
    assert "alle Prüfungen anzeigen" in review
    funding = section(page, "foerderung")
    assert offerings.published.title in funding and "Förderung endet am" in funding
    latest = section(page, "import")
    assert "abgaenge-kreis-a.csv" in latest and "Stand:" in latest
    assert section(page, "angebote") == "" and section(page, "kennzahlen") == ""
    # The case-work cards stay below.
    assert "Regeln der Verbleibsklärung" in page


def test_the_partner_sees_its_own_offerings_that_need_a_check_and_no_office_lists(client, cast):
    offerings = cast.offerings_a
    Offering.objects.filter(pk=offerings.published.pk).update(last_checked=date(2020, 1, 1))
    client.force_login(cast.partner)
    page = client.get(START).content.decode()
    own = section(page, "angebote")
    assert offerings.published.title in own and "zuletzt geprüft am 01.01.2020" in own
    assert f"?stale=on&amp;provider={cast.network_a.organisation.pk}" in own
    for office_only in ("pruefung", "foerderung", "import", "kennzahlen", "arbeitsplan"):
        assert section(page, office_only) == ""
    assert "abgaenge-kreis-a.csv" not in page


def test_the_case_worker_sees_tasks_meetings_and_cases_only(client, cast):
    client.force_login(cast.case_worker)
    page = client.get(START).content.decode()
    assert section(page, "aufgaben") and section(page, "sitzungen")
    for hidden in ("pruefung", "angebote", "foerderung", "import", "kennzahlen", "arbeitsplan"):
        assert section(page, hidden) == ""
    assert "Meine Fälle" in page


def test_steering_sees_funding_the_work_plan_progress_and_the_figures_state(client, cast):
    client.force_login(cast.steering)
    page = client.get(START).content.decode()
    plan = section(page, "arbeitsplan")
    assert "Arbeitsplan 2026 kreis-a" in plan and "40 % umgesetzt" in plan
    assert "1 Maßnahme: " in plan
    assert "Arbeitsplan 2026 stadt-b" not in page
    assert "Für die Abgangsjahrgänge liegen noch keine Zahlen vor." in section(page, "kennzahlen")
    assert section(page, "foerderung") and section(page, "import") == ""
    Measure.objects.for_tenant(cast.tenant_a).update(progress=100, status=Measure.Status.DONE)
    assert "100 % umgesetzt" in section(client.get(START).content.decode(), "arbeitsplan")


def test_steering_sees_the_latest_cohort_exactly_as_the_protected_dashboard_shows_it(client, cast):
    create_schools_with_counts(cast)
    client.force_login(cast.steering)
    figures = section(client.get(START).content.decode(), "kennzahlen")
    dashboard = client.get("/kreis-a/intern/monitoring/").content.decode()
    assert "Kennzahlen des Abgangsjahrgangs 2025" in figures and "153" in figures
    headline = figures.split('<dl class="figures">')[1].split("</dl>")[0]
    assert headline == dashboard.split('<dl class="figures">')[1].split("</dl>")[0]


def test_headings_stay_in_order(client, cast):
    client.force_login(cast.steering)
    page = client.get(START).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page.split("<main")[1])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


# Limits at what the page needs with the cast (the coordinator's 22 include the quality panel's two:
# its permission and its reviews); steering reads the protected cohort and the plan tree.
@pytest.mark.parametrize(
    ("role", "limit"), [("coordinator", 22), ("partner", 20), ("case_worker", 16), ("steering", 30)]
)
def test_the_start_page_needs_a_bounded_number_of_queries(
    client, cast, role, limit, django_assert_max_num_queries
):
    network = cast.network_a
    for i in range(20):
        Task.objects.create(body=network.body, title=f"T{i}", responsible_organisation=network.organisation)
        Meeting.objects.create(body=network.body, starts_at=timezone.now() + timedelta(days=i + 1))
    client.force_login(getattr(cast, role))
    with django_assert_max_num_queries(limit):
        assert client.get(START).status_code == 200


def test_a_providers_partner_sees_the_referrals_waiting_for_an_answer_without_names(client, cast):
    referral = cast.cases_a.referral
    Membership.objects.filter(user=cast.partner, tenant=cast.tenant_a).update(organisation=referral.provider)
    client.force_login(cast.partner)
    page = client.get("/kreis-a/intern/").content.decode()
    assert "Überleitungen, die auf Ihre Antwort warten" in page
    assert f'href="/kreis-a/intern/ueberleitungen/{referral.pk}/"' in page and referral.offering.title in page
    assert cast.cases_a.young_person not in page


def test_the_case_worker_sees_own_cases_by_deadline_and_conference_steps_without_names(client, cast):
    client.force_login(cast.case_worker)
    page = client.get(START).content.decode()
    cases = section(page, "faelle")
    assert cast.cases_a.case.reference in cases and "Frist" in cases
    assert cast.cases_a.young_person not in page
    steps = section(page, "schritte")
    assert cast.cases_a.step.title in steps and f"Fallkonferenz {cast.cases_a.case.reference}" in steps


def test_coordinators_see_open_cases_by_deadline_as_protected_counts(client, cast):
    client.force_login(cast.coordinator)
    figures = section(client.get(START).content.decode(), "verbleibsklaerung")
    assert "Frist überschritten" in figures and "insgesamt" in figures
    assert '<span class="meta">.</span>' in figures  # one open case: hidden, the total too
    assert cast.cases_a.case.reference not in figures
    client.force_login(cast.partner)
    page = client.get(START).content.decode()
    assert section(page, "verbleibsklaerung") == "" and cast.cases_a.step.title in section(page, "schritte")


def test_the_partner_sees_its_self_evaluation_and_the_reports_due(client, cast):
    from uebergang.quality.models import PartnerReport

    PartnerReport.objects.filter(offering=cast.offerings_a.published).delete()
    client.force_login(cast.partner)
    quality = section(client.get(START).content.decode(), "qualitaet")
    assert f"Berufsorientierung: {cast.offerings_a.published.title}" in quality
    assert f"Bericht 1. Halbjahr 2026: {cast.offerings_a.published.title}" in quality
    client.force_login(cast.case_worker)
    assert section(client.get(START).content.decode(), "qualitaet") == ""
