"""Read replica routing against a real PostgreSQL hot standby of the test cluster.

The test clones the throwaway test cluster with pg_basebackup into a streaming replica, then runs the app
in a child process with DATABASE_URL (primary) and DATABASE_REPLICA_URL (standby) exactly as production
would. With the standby's replay paused, a newly published offering is missing from the public search
(which reads the replica) while its own page (which reads the primary) shows it; once replay resumes, the
search finds it. The monitoring dashboard's queries go to the replica, a POST never does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from conftest import ThrowawayPostgres
from uebergang.accounts.models import Membership
from uebergang.offerings.models import Offering
from uebergang.test import (
    create_membership,
    create_monitoring,
    create_network,
    create_offerings,
    create_tenant,
    create_user,
)

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


class Standby(ThrowawayPostgres):
    """A hot standby of the cluster at `primary_host`, streaming its WAL (pg_basebackup -R)."""

    def start_from(self, primary_host: str) -> None:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        data = str(self.dir / "data")
        # A fast checkpoint: the default (spread) one made the test wait minutes for the primary.
        self._run(
            "pg_basebackup",
            "-h",
            primary_host,
            "-U",
            "postgres",
            "-D",
            data,
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        )
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -c hot_standby=on"
        self._run("pg_ctl", "-D", data, "-l", str(self.dir / "log"), "-w", "-o", options, "start")


def url(host: str) -> str:
    return f"postgres://postgres@/{connection.settings_dict['NAME']}?host={host}"


def on(host: str, sql: str):
    with psycopg.connect(host=host, user="postgres", dbname=connection.settings_dict["NAME"]) as db:
        return db.execute(sql).fetchone()


def caught_up(primary: str, standby: str, timeout: float = 30) -> None:
    target = on(primary, "SELECT pg_current_wal_lsn()")[0]
    deadline = time.monotonic() + timeout
    while on(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0] is not True:
        if time.monotonic() > deadline:
            raise AssertionError("the standby did not catch up")
        time.sleep(0.1)


CHILD = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from uebergang.accounts.models import User

    setup_test_environment()
    results = {}
    client = Client()
    client.force_login(User.objects.get(email="steering@replica.example.org"))
    for name, method, path in json.loads(sys.argv[1]):
        with CaptureQueriesContext(connections["replica"]) as replica:
            response = getattr(client, method)(path)
        results[name] = {
            "status": response.status_code,
            "replica_queries": len(replica),
            "text": response.content.decode(errors="replace"),
        }
    print(json.dumps(results))
    """
)


def visit(primary: str, standby: str, pages: list[tuple[str, str, str]]) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uebergang.settings",
        "DATABASE_URL": url(primary),
        "DATABASE_REPLICA_URL": url(standby),
        "CONN_MAX_AGE": "0",
        "DEBUG": "1",
        "CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, json.dumps(pages)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def standby():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with --postgres): the replica is a copy of the test cluster")
    server = Standby()
    server.start_from(connection.settings_dict["HOST"])
    yield str(server.dir)
    server.stop()


def test_read_only_pages_read_the_replica_and_everything_else_the_primary(standby):
    primary = connection.settings_dict["HOST"]
    tenant = create_tenant("kreis-r", "Kreis Replica")
    coordinator = create_user("coordinator@replica.example.org")
    create_membership(coordinator, tenant, Membership.Role.COORDINATOR)
    steering = create_user("steering@replica.example.org")
    create_membership(steering, tenant, Membership.Role.STEERING)
    network = create_network(tenant, coordinator, "r")
    create_monitoring(tenant, coordinator)
    offerings = create_offerings(tenant, network.organisation, coordinator, "r")
    caught_up(primary, standby)

    on(standby, "SELECT pg_wal_replay_pause()")
    fresh = Offering.objects.get(pk=offerings.published.pk)
    fresh.pk, fresh.hsds_id = None, uuid.uuid4()
    fresh.title = "Bewerbungswerkstatt Nachzügler"
    fresh.save()
    search = ("search", "get", "/kreis-r/angebote/")
    page = ("page", "get", f"/kreis-r/angebote/{fresh.pk}/")
    dashboard = ("dashboard", "get", "/kreis-r/intern/monitoring/")
    hsds = ("hsds", "get", "/api/hsds/kreis-r/services")
    logout = ("logout", "post", "/konto/abmelden/")
    seen = visit(primary, standby, [search, page, dashboard, hsds, logout])

    assert seen["search"]["status"] == 200 and seen["search"]["replica_queries"] > 0
    assert "Bewerbungswerkstatt Nachzügler" not in seen["search"]["text"]  # the paused replica lags
    assert seen["page"]["status"] == 200 and seen["page"]["replica_queries"] == 0
    assert "Bewerbungswerkstatt Nachzügler" in seen["page"]["text"]  # the primary has it at once
    assert seen["dashboard"]["status"] == 200 and seen["dashboard"]["replica_queries"] > 0
    assert seen["hsds"]["status"] == 200 and seen["hsds"]["replica_queries"] > 0
    assert seen["logout"]["replica_queries"] == 0

    on(standby, "SELECT pg_wal_replay_resume()")
    caught_up(primary, standby)
    assert "Bewerbungswerkstatt Nachzügler" in visit(primary, standby, [search])["search"]["text"]
