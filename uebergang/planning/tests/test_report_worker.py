"""The annual report's PDF made by the real worker (django-tasks-db's db_worker), and a run whose task the
worker lost shown failed instead of "läuft" forever."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from uebergang.planning.models import PublishedReport, ReportRun

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/kreis-a/intern/jahresbericht/"


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_publishes_what_the_page_asked_for(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(f"{URL}veroeffentlichen/", {"jahr": 2026})
    run = ReportRun.objects.for_tenant(cast.tenant_a).latest("id")
    page = client.get(response.url).content.decode()
    assert run.status == "queued" and "Wartet auf den Hintergrunddienst" in page and "hx-trigger" in page
    work()
    run.refresh_from_db()
    assert run.status == "done" and run.published.year == 2026 and run.published.version == 1
    assert bytes(PublishedReport.objects.get(year=2026).pdf).startswith(b"%PDF")
    assert "als Fassung 1 veröffentlicht" in client.get(response.url).content.decode()


def test_a_run_whose_task_failed_is_shown_failed(client, cast):
    client.force_login(cast.steering)
    response = client.post(f"{URL}pdf/", {"jahr": 2026})
    DBTaskResult.objects.update(status="FAILED")  # the worker died with the task
    page = client.get(response.url).content.decode()
    assert "Die Erstellung wurde unterbrochen" in page and "hx-trigger" not in page
    assert ReportRun.objects.latest("id").status == "failed"
