"""Tasks from meetings and decisions: creating, "my tasks", overdue tasks, status and comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.lib import pagecache
from uebergang.network.models import Task, TaskComment
from uebergang.test import create_organisation

Action = AuditEvent.Action
MY_TASKS = "/kreis-a/intern/aufgaben/meine/"
OVERDUE = "/kreis-a/intern/aufgaben/ueberfaellig/"


def task_url(task) -> str:
    return f"/kreis-a/intern/aufgaben/{task.pk}/"


def new_task_url(meeting) -> str:
    return f"/kreis-a/intern/sitzungen/{meeting.pk}/aufgaben/neu/"


@pytest.fixture
def coordinator_client(client, cast):
    client.force_login(cast.coordinator)
    return client


def yesterday():
    return timezone.localdate() - timedelta(days=1)


# Creating tasks.


def test_the_coordinator_creates_a_task_from_a_decision(coordinator_client, cast):
    network = cast.network_a
    form = coordinator_client.get(
        f"{new_task_url(network.meeting)}?beschluss={network.decision.pk}"
    ).content.decode()
    assert f'<option value="{network.decision.pk}" selected>' in form
    response = coordinator_client.post(
        new_task_url(network.meeting),
        {
            "title": "Praktikumsbörse vorbereiten",
            "description": "Mit den Kammern",
            "responsible_organisation": network.organisation.pk,
            "responsible_user": cast.partner.pk,
            "due_date": "2026-09-30",
            "decision": network.decision.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Praktikumsbörse vorbereiten")
    assert (task.body, task.meeting, task.decision) == (network.body, network.meeting, network.decision)
    assert task.responsible_user == cast.partner and task.due_date.isoformat() == "2026-09-30"
    assert task.status == Task.Status.OPEN
    event = AuditEvent.objects.get(action=Action.CREATED, object_type="network.task")
    assert event.tenant == cast.tenant_a and event.data["responsible_organisation"] == network.organisation.pk


def test_a_task_needs_someone_responsible(coordinator_client, cast):
    response = coordinator_client.post(new_task_url(cast.network_a.meeting), {"title": "Niemandes Aufgabe"})
    assert (
        "Bitte einen verantwortlichen Akteur oder eine verantwortliche Person wählen."
        in response.content.decode()
    )
    assert not Task.objects.filter(title="Niemandes Aufgabe").exists()


def test_responsible_people_and_decisions_come_from_this_tenant_and_meeting(coordinator_client, cast):
    response = coordinator_client.post(
        new_task_url(cast.network_a.meeting),
        {
            "title": "Fremde Aufgabe",
            "responsible_user": cast.coordinator_b.pk,
            "responsible_organisation": cast.network_b.organisation.pk,
            "decision": cast.network_b.decision.pk,
        },
    )
    page = response.content.decode()
    assert page.count("Dies ist keine gültige Auswahl.") == 6  # three fields, each inline and in the summary
    assert cast.coordinator_b.email not in page
    assert not Task.objects.filter(title="Fremde Aufgabe").exists()


@pytest.mark.parametrize("role", ["partner", "case_worker", "steering"])
def test_only_coordinators_create_tasks(client, cast, role):
    client.force_login(cast.members_a[role])
    response = client.post(
        new_task_url(cast.network_a.meeting), {"title": "X", "responsible_user": cast.members_a[role].pk}
    )
    assert response.status_code == 404 and not Task.objects.filter(title="X").exists()


# My tasks and overdue tasks.


def test_my_tasks_are_those_of_me_and_my_organisation(client, cast):
    network = cast.network_a
    mine = Task.objects.create(body=network.body, title="Persönliche Aufgabe", responsible_user=cast.partner)
    Task.objects.create(body=network.body, title="Fremde Aufgabe", responsible_user=cast.steering)
    done = Task.objects.create(
        body=network.body,
        title="Schon erledigt",
        responsible_organisation=network.organisation,
        status="done",
    )
    client.force_login(cast.partner)
    page = client.get(MY_TASKS).content.decode()
    assert network.task.title in page and mine.title in page and done.title in page
    assert "Fremde Aufgabe" not in page and cast.network_b.task.title not in page
    assert page.index(network.task.title) < page.index(done.title)


def test_the_steering_member_without_organisation_sees_only_personal_tasks(client, cast):
    Task.objects.create(body=cast.network_a.body, title="Für die Steuerung", responsible_user=cast.steering)
    client.force_login(cast.steering)
    page = client.get(MY_TASKS).content.decode()
    assert "Für die Steuerung" in page and cast.network_a.task.title not in page


def test_overdue_tasks_lists_open_tasks_past_their_due_date(coordinator_client, cast):
    network = cast.network_a
    network.task.due_date = yesterday()
    network.task.save()
    Task.objects.create(
        body=network.body,
        title="Erledigt und alt",
        status="done",
        due_date=yesterday(),
        responsible_user=cast.partner,
    )
    Task.objects.create(
        body=network.body, title="Noch Zeit", due_date=timezone.localdate(), responsible_user=cast.partner
    )
    page = coordinator_client.get(OVERDUE).content.decode()
    assert network.task.title in page and "überfällig" in page and network.body.name in page
    assert "Erledigt und alt" not in page and "Noch Zeit" not in page
    assert cast.network_b.task.title not in page


@pytest.mark.parametrize("url", [MY_TASKS, OVERDUE])
def test_task_lists_need_no_more_queries_for_more_tasks(client, cast, url, django_assert_max_num_queries):
    client.force_login(cast.partner)
    client.get(url)
    pagecache.changed()  # like the second measurement, after writes: the frame (tenant, memberships) loaded afresh
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    few = len(captured)
    network = cast.network_a
    for number in range(6):
        organisation = create_organisation(cast.tenant_a, f"Träger {number}")
        Task.objects.create(
            body=network.body,
            meeting=network.meeting,
            decision=network.decision,
            title=f"Aufgabe {number}",
            responsible_organisation=network.organisation if number % 2 else organisation,
            responsible_user=cast.partner,
            due_date=yesterday(),
        )
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "Aufgabe 5" in page


@pytest.mark.parametrize("url", [MY_TASKS, OVERDUE])
@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_task_lists_are_refused_to_others(client, cast, url, who):
    client.force_login(getattr(cast, who))
    assert client.get(url).status_code == 403


# The task page: status and comments.


def test_the_partner_sets_the_task_of_its_organisation_in_progress_with_a_comment(client, cast):
    task = cast.network_a.task
    client.force_login(cast.partner)
    page = client.get(task_url(task)).content.decode()
    assert task.title in page and "Stand ändern oder kommentieren" in page
    response = client.post(task_url(task), {"status": "in_progress", "comment": "Termin mit der IHK steht."})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS
    comment = TaskComment.objects.get(task=task)
    assert comment.author == cast.partner and comment.text == "Termin mit der IHK steht."
    assert AuditEvent.objects.get(action=Action.UPDATED, object_type="network.task").data == {
        "status": ["open", "in_progress"]
    }
    assert AuditEvent.objects.filter(action=Action.CREATED, object_type="network.taskcomment").exists()
    page = client.get(task_url(task)).content.decode()
    assert "in Arbeit" in page and "Termin mit der IHK steht." in page


def test_an_update_without_change_is_refused_with_a_message(client, cast):
    client.force_login(cast.partner)
    response = client.post(task_url(cast.network_a.task), {"status": "open", "comment": "  "})
    assert "Bitte den Stand ändern oder einen Kommentar schreiben." in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="network.task").exists()


@pytest.mark.parametrize("role", ["case_worker", "steering"])
def test_others_read_the_task_but_cannot_update_it(client, cast, role):
    task = cast.network_a.task
    client.force_login(cast.members_a[role])
    page = client.get(task_url(task)).content.decode()
    assert task.title in page and "Stand ändern oder kommentieren" not in page
    assert client.post(task_url(task), {"status": "done"}).status_code == 404
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN and not TaskComment.objects.exists()


def test_a_person_responsible_personally_may_update(client, cast):
    task = Task.objects.create(
        body=cast.network_a.body, title="Persönlich", responsible_user=cast.case_worker
    )
    client.force_login(cast.case_worker)
    assert client.post(task_url(task), {"status": "done"}).status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_the_coordinator_updates_any_task(coordinator_client, cast):
    task = cast.network_a.task
    assert coordinator_client.post(task_url(task), {"status": "done", "comment": ""}).status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_tasks_are_refused_to_others(client, cast, who):
    task = cast.network_a.task
    client.force_login(getattr(cast, who))
    assert client.get(task_url(task)).status_code == 403
    assert client.post(task_url(task), {"status": "done"}).status_code == 403
    assert client.post(f"/stadt-b/intern/aufgaben/{task.pk}/", {"status": "done"}).status_code in {403, 404}
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_a_task_of_b_is_not_found_for_a(coordinator_client, cast):
    assert coordinator_client.get(task_url(cast.network_b.task)).status_code == 404
    assert coordinator_client.post(task_url(cast.network_b.task), {"status": "done"}).status_code == 404


# Editing a task (coordinators).


def edit_url(task) -> str:
    return f"/kreis-a/intern/aufgaben/{task.pk}/bearbeiten/"


def test_the_coordinator_edits_title_responsibility_and_due_date(coordinator_client, cast):
    task = cast.network_a.task
    assert edit_url(task) in coordinator_client.get(task_url(task)).content.decode()
    assert task.title in coordinator_client.get(edit_url(task)).content.decode()
    response = coordinator_client.post(
        edit_url(task),
        {"title": "Praktikumsbörse 2027", "responsible_user": cast.case_worker.pk, "due_date": "2027-01-31"},
    )
    assert response.status_code == 302 and response.url == task_url(task)
    task.refresh_from_db()
    assert task.title == "Praktikumsbörse 2027" and task.responsible_user == cast.case_worker
    assert task.responsible_organisation is None and task.due_date.isoformat() == "2027-01-31"
    assert task.meeting == cast.network_a.meeting and task.status == Task.Status.OPEN
    event = AuditEvent.objects.get(action=Action.UPDATED, object_type="network.task")
    assert event.tenant == cast.tenant_a and "title" in event.data["fields"]
    assert "responsible_organisation" in event.data["fields"]


def test_an_edited_task_keeps_someone_responsible(coordinator_client, cast):
    task = cast.network_a.task
    response = coordinator_client.post(edit_url(task), {"title": "Niemandes Aufgabe"})
    assert "Bitte einen verantwortlichen Akteur" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Niemandes Aufgabe"
    assert not AuditEvent.objects.filter(action=Action.UPDATED, object_type="network.task").exists()


@pytest.mark.parametrize("role", ["partner", "case_worker", "steering"])
def test_only_coordinators_edit_tasks(client, cast, role):
    task = cast.network_a.task
    client.force_login(cast.members_a[role])
    assert edit_url(task) not in client.get(task_url(task)).content.decode()
    assert client.get(edit_url(task)).status_code == 404
    assert client.post(edit_url(task), {"title": "X", "responsible_user": cast.partner.pk}).status_code == 404
    task.refresh_from_db()
    assert task.title != "X"


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_editing_is_refused_to_other_municipalities_and_outsiders(client, cast, who):
    task = cast.network_a.task
    client.force_login(getattr(cast, who))
    assert client.post(edit_url(task), {"title": "X", "responsible_user": cast.partner.pk}).status_code == 403
    task.refresh_from_db()
    assert task.title != "X"


def test_a_task_of_b_cannot_be_edited_from_a(coordinator_client, cast):
    task = cast.network_b.task
    response = coordinator_client.post(
        edit_url(task), {"title": "X", "responsible_user": cast.coordinator.pk}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.title != "X"


def test_editing_needs_a_login(client, cast):
    response = client.get(edit_url(cast.network_a.task))
    assert response.status_code == 302 and "/konto/anmelden/" in response.url


def test_the_coordinator_deletes_a_task_with_its_comments(coordinator_client, cast):
    task = cast.network_a.task
    TaskComment.objects.create(task=task, author=cast.partner, text="Erledige ich")
    assert "Aufgabe löschen" in coordinator_client.get(edit_url(task)).content.decode()
    response = coordinator_client.post(edit_url(task), {"action": "delete"})
    assert response.status_code == 302
    assert response.url == f"/kreis-a/intern/sitzungen/{cast.network_a.meeting.pk}/"
    assert not Task.objects.filter(pk=task.pk).exists() and not TaskComment.objects.exists()
    event = AuditEvent.objects.get(action=Action.DELETED, object_type="network.task")
    assert event.tenant == cast.tenant_a and event.data["title"] == task.title


@pytest.mark.parametrize("who, status", [("partner", 404), ("coordinator_b", 403), ("outsider", 403)])
def test_others_cannot_delete_a_task(client, cast, who, status):
    task = cast.network_a.task
    client.force_login(getattr(cast, who))
    assert client.post(edit_url(task), {"action": "delete"}).status_code == status
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_task_of_b_cannot_be_deleted_from_a(coordinator_client, cast):
    task = cast.network_b.task
    assert coordinator_client.post(edit_url(task), {"action": "delete"}).status_code == 404
    assert Task.objects.filter(pk=task.pk).exists()
