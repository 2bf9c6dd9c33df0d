"""Work plans: the progress tree and its roll-up, editing by the coordinator, reading by others, history."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uebergang.audit.models import AuditEvent
from uebergang.lib import pagecache
from uebergang.planning.models import Goal, Measure, Priority, WorkPlan
from uebergang.planning.queries import Node, progress_tree, rolled_up

PLANS = "/kreis-a/intern/arbeitsplaene/"


def plan_of(cast, tenant=None) -> WorkPlan:
    return WorkPlan.objects.for_tenant(tenant or cast.tenant_a).get()


def measure_of(cast) -> Measure:
    return Measure.objects.for_tenant(cast.tenant_a).get()


@pytest.fixture
def coordinator_client(client, cast):
    client.force_login(cast.coordinator)
    return client


def test_roll_up_is_the_weighted_mean_of_what_counts():
    assert rolled_up([Node(None, 3, 100), Node(None, 1, 0)]) == 75
    assert rolled_up([Node(None, 1, 50), Node(None, 5, None)]) == 50  # a node without progress is left out
    assert rolled_up([Node(None, 1, None)]) is None
    assert rolled_up([]) is None


def test_the_tree_rolls_measures_up_to_goals_priorities_and_the_plan(cast):
    plan = plan_of(cast)
    goal = Goal.objects.for_tenant(cast.tenant_a).get()  # measure at 40 %, weight 1
    Measure.objects.create(goal=goal, title="Zweite", weight=3, progress=80)
    Measure.objects.create(goal=goal, title="Verworfen", status=Measure.Status.DROPPED, progress=0, weight=50)
    second = Priority.objects.create(plan=plan, position=2, title="Ohne Ziele")
    tree, progress = progress_tree(plan)
    assert tree[0].children[0].progress == 70  # (1·40 + 3·80) / 4, the dropped one not counted
    assert tree[0].progress == 70
    assert tree[1].obj == second and tree[1].progress is None
    assert progress == 70  # a priority without measures does not pull the plan down


def test_steering_reads_the_tree_with_values_beside_the_bars_but_no_edit_links(client, cast):
    client.force_login(cast.steering)
    response = client.get(f"{PLANS}{plan_of(cast).pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Interne Maßnahme kreis-a" in page
    assert '<progress value="40" max="100"' in page and "<span>40 %</span>" in page
    assert "SG-2026-01" in page  # the linked decision
    assert "Bewerbungstraining a" in page  # the linked offering
    assert "bearbeiten" not in page and "anlegen" not in page


@pytest.mark.parametrize("who, status", [("coordinator_b", 404), ("outsider", 403), ("case_worker", 403)])
def test_others_do_not_get_the_plan(client, cast, who, status):
    client.force_login(getattr(cast, who))
    url = f"{PLANS}{plan_of(cast).pk}/"
    if who == "coordinator_b":  # B's coordinator under B's own slug with A's plan id
        url = url.replace("/kreis-a/", "/stadt-b/")
    response = client.get(url)
    assert response.status_code == status
    assert "Interne Maßnahme kreis-a" not in response.content.decode()


def test_the_coordinator_builds_a_plan_from_priority_to_measure(coordinator_client, cast):
    response = coordinator_client.post(
        f"{PLANS}neu/", {"year": 2027, "title": "Arbeitsplan 2027", "summary": ""}
    )
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get(year=2027)
    assert response.status_code == 302 and response.url == f"{PLANS}{plan.pk}/"
    coordinator_client.post(
        f"{PLANS}{plan.pk}/schwerpunkte/neu/", {"position": 1, "title": "Berufsorientierung"}
    )
    priority = plan.priorities.get()
    coordinator_client.post(
        f"{PLANS}schwerpunkte/{priority.pk}/ziele/neu/",
        {"position": 1, "title": "Praktika für alle", "weight": 2},
    )
    goal = priority.goals.get()
    response = coordinator_client.post(
        f"{PLANS}ziele/{goal.pk}/massnahmen/neu/",
        {
            "position": 1,
            "title": "Praktikumsbörse",
            "owner_organisation": cast.network_a.organisation.pk,
            "status": Measure.Status.IN_PROGRESS,
            "progress": 25,
            "weight": 1,
            "decisions": [cast.network_a.decision.pk],
            "bodies": [cast.network_a.body.pk],
        },
    )
    assert response.status_code == 302
    measure = goal.measures.get()
    assert measure.owner_organisation == cast.network_a.organisation
    assert list(measure.decisions.all()) == [cast.network_a.decision]
    page = coordinator_client.get(f"{PLANS}{plan.pk}/").content.decode()
    assert "Praktikumsbörse" in page and "<span>25 %</span>" in page
    created = AuditEvent.objects.filter(tenant=cast.tenant_a, action=AuditEvent.Action.CREATED)
    assert created.filter(object_type="planning.measure", data__plan=plan.pk).count() == 1


def test_a_second_network_plan_for_the_same_year_is_refused_in_german(coordinator_client, cast):
    response = coordinator_client.post(f"{PLANS}neu/", {"year": 2026, "title": "Doppelt"})
    assert response.status_code == 200
    assert "Für das ganze Netzwerk gibt es schon einen Arbeitsplan 2026." in response.content.decode()
    assert WorkPlan.objects.for_tenant(cast.tenant_a).count() == 1


def test_a_plan_for_a_body_may_share_the_year(coordinator_client, cast):
    body = cast.network_a.body
    response = coordinator_client.post(f"{PLANS}neu/", {"year": 2026, "body": body.pk, "title": "SG-Plan"})
    assert response.status_code == 302
    assert WorkPlan.objects.for_tenant(cast.tenant_a).filter(body=body).exists()


def test_the_measure_form_refuses_objects_of_another_tenant_and_bad_values(coordinator_client, cast):
    measure = measure_of(cast)
    response = coordinator_client.post(
        f"{PLANS}massnahmen/{measure.pk}/",
        {
            "position": 1,
            "title": measure.title,
            "owner_organisation": cast.network_b.organisation.pk,
            "decisions": [cast.network_b.decision.pk],
            "status": Measure.Status.DONE,
            "progress": 80,
            "weight": 0,
            "start": "2026-06-01",
            "end": "2026-01-31",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    # B's organisation and B's decision: each beside its field and in the error summary above the form
    assert page.count("Bitte eine gültige Auswahl treffen.") == 4
    assert "Dieser Wert muss größer oder gleich 1 sein." in page
    assert "Eine abgeschlossene Maßnahme steht bei 100 %." in page
    assert "Das Ende liegt vor dem Beginn." in page
    measure.refresh_from_db()
    assert measure.progress == 40 and measure.owner_organisation == cast.network_a.organisation


def test_the_history_says_who_changed_what_in_words(coordinator_client, cast):
    measure = measure_of(cast)
    form = {
        "position": 1,
        "title": measure.title,
        "owner_organisation": cast.network_a.organisation.pk,
        "status": Measure.Status.AT_RISK,
        "progress": 55,
        "weight": 1,
        "decisions": [cast.network_a.decision.pk],
        "tasks": [cast.network_a.task.pk],
        "offerings": [cast.offerings_a.published.pk],
        "bodies": [cast.network_a.body.pk],
    }
    assert coordinator_client.post(f"{PLANS}massnahmen/{measure.pk}/", form).status_code == 302
    coordinator_client.logout()
    coordinator_client.force_login(cast.steering)
    page = coordinator_client.get(f"{PLANS}{plan_of(cast).pk}/verlauf/").content.decode()
    assert cast.coordinator.email in page
    assert "Fortschritt (%): 40 → 55" in page
    assert "Stand: in Umsetzung → gefährdet" in page
    assert "Titel" not in page  # unchanged fields are not listed


def test_readers_cannot_write(client, cast):
    measure = measure_of(cast)
    for user in (cast.steering, cast.partner):
        client.force_login(user)
        response = client.post(f"{PLANS}massnahmen/{measure.pk}/", {"title": "Gekapert", "progress": 100})
        assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Interne Maßnahme kreis-a"


def test_the_plan_page_needs_the_same_queries_whatever_its_size(coordinator_client, cast):
    plan = plan_of(cast)
    url = f"{PLANS}{plan.pk}/"
    coordinator_client.get(url)
    pagecache.changed()  # like the second measurement, after writes: the frame (tenant, memberships) loaded afresh
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url)
    goal = Goal.objects.for_tenant(cast.tenant_a).get()
    for index in range(5):
        extra = Measure.objects.create(goal=goal, title=f"Weitere {index}", progress=10)
        extra.decisions.add(cast.network_a.decision)
        extra.bodies.add(cast.network_a.body)
    other = Priority.objects.create(plan=plan, position=2, title="Zweiter Schwerpunkt")
    Goal.objects.create(priority=other, title="Weiteres Ziel")
    with CaptureQueriesContext(connection) as large:
        assert coordinator_client.get(url).status_code == 200
    assert len(large) == len(small)
