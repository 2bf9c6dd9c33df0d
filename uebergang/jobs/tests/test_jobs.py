"""Actor and offering imports written by the worker: the job page shows progress and the outcome; a failed
task or a silent worker ends the job with a message at once, nothing half-written, the file deleted."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uebergang.jobs import runner
from uebergang.jobs.models import Job
from uebergang.lib import tabular
from uebergang.network.models import Organisation
from uebergang.network.tests import test_import as actors
from uebergang.offerings.models import Offering
from uebergang.offerings.tests import test_imports as offerings

pytestmark = pytest.mark.django_db(transaction=True)
# The offering test's rows without the shared default category (seeded by a migration, which a
# transactional test's flush removes): the municipality's own category stays.
ROWS = [[cell.replace("Berufsorientierung, ", "") for cell in row] for row in offerings.GOOD_ROWS]


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SHARED_FILES_DIR = tmp_path / "var"


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def start_offering_import(client, cast) -> Job:
    client.force_login(cast.coordinator)
    offerings.upload(client, offerings.csv_bytes(ROWS))
    response = client.post(offerings.CONFIRM, {"umfang": "alles"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response.url == f"/kreis-a/intern/angebote/import/{job.pk}/"
    return job


def imported_offerings(cast):
    return Offering.objects.for_tenant(cast.tenant_a).filter(title__in=offerings.GOOD_TITLES)


def test_the_worker_writes_the_offerings_and_the_page_follows_it(client, cast):
    job = start_offering_import(client, cast)
    url = f"/kreis-a/intern/angebote/import/{job.pk}/"
    waiting = client.get(url).content.decode()
    assert "Wartet auf den Hintergrunddienst" in waiting and 'hx-trigger="every 1s"' in waiting
    assert not imported_offerings(cast).exists()  # the request wrote nothing
    assert list(tabular.upload_folder().glob("*.upload"))  # the worker's copy of the file

    work()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.outcome["created"] == 3
    assert imported_offerings(cast).count() == 3
    assert not list(tabular.upload_folder().glob("*.upload"))  # deleted once written
    page = client.get(url).content.decode()
    assert "Import abgeschlossen. Angebote neu angelegt: 3" in page
    assert 'hx-trigger="every 1s"' not in page
    assert '<progress id="job-progress-bar" max="100" value="100">' in page
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="job-progress"')


def test_an_actor_import_runs_in_the_worker_too(client, cast):
    client.force_login(cast.coordinator)
    actors.upload(client, actors.csv_bytes(actors.GOOD_ROWS))
    response = client.post(actors.CONFIRM, {"mode": "all"})
    job = Job.objects.get()
    assert response.url == f"/kreis-a/intern/akteure/import/{job.pk}/"
    assert not Organisation.objects.filter(name="Diakonie Kreisverband").exists()
    work()
    assert Organisation.objects.filter(tenant=cast.tenant_a, name="Diakonie Kreisverband").exists()
    assert "Akteure neu angelegt: 3" in client.get(response.url).content.decode()


def test_a_task_that_fails_in_the_worker_fails_its_job_with_a_message(client, cast, monkeypatch):
    job = start_offering_import(client, cast)

    kind = dataclasses.replace(runner.KINDS[Job.Kind.OFFERINGS], write=f"{__name__}.broken_write")
    monkeypatch.setitem(runner.KINDS, Job.Kind.OFFERINGS, kind)
    work()

    job.refresh_from_db()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert job.status == Job.Status.FAILED and "mit einem Fehler abgebrochen (RuntimeError)" in job.message
    assert not list(tabular.upload_folder().glob("*.upload"))
    page = client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").content.decode()
    assert "mit einem Fehler abgebrochen" in page and "Datei erneut hochladen" in page
    assert not imported_offerings(cast).exists()


def broken_write(job, data, progress):
    progress(1, 3)
    raise RuntimeError("disk gone")


def test_a_killed_worker_does_not_leave_the_job_running(client, cast):
    job = start_offering_import(client, cast)
    # The worker took the task and was killed: the task stays RUNNING, no progress comes any more.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=3))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=3)
    )

    page = client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").content.decode()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Hintergrunddienst wurde beendet" in page
    assert not list(tabular.upload_folder().glob("*.upload"))
    assert not imported_offerings(cast).exists()


def test_a_live_worker_keeps_its_job_and_shows_its_progress(client, cast):
    job = start_offering_import(client, cast)
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(hours=2))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    runner.Progress(job.pk)(2, 8)

    page = client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").content.decode()

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert '<progress id="job-progress-bar" max="100" value="25">' in page and "2 von 8 Zeilen" in page


def test_a_file_the_worker_finds_changed_is_refused_with_the_reason(client, cast):
    job = start_offering_import(client, cast)
    # Meanwhile the provider was renamed: the worker's check finds no valid row any more.
    Organisation.objects.filter(tenant=cast.tenant_a, name=offerings.PROVIDER).update(name="Anderer Träger")
    work()
    job.refresh_from_db()
    assert job.status == Job.Status.REFUSED and "Nichts wurde importiert" in job.message
    assert not imported_offerings(cast).exists()


def test_another_municipality_and_other_roles_never_see_a_job(client, cast):
    job = start_offering_import(client, cast)
    client.force_login(cast.coordinator_b)
    assert client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").status_code == 403
    assert client.get(f"/stadt-b/intern/angebote/import/{job.pk}/").status_code == 404
    client.force_login(cast.coordinator)
    assert client.get(f"/kreis-a/intern/akteure/import/{job.pk}/").status_code == 404  # another kind
    client.force_login(cast.steering)
    assert client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").status_code == 403
    client.force_login(cast.outsider)
    assert client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/kreis-a/intern/angebote/import/{job.pk}/").status_code == 302
