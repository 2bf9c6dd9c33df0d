"""Test configuration: plain HTTP, a throwaway PostgreSQL on request, the shared cast."""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_addoption(parser):
    parser.addoption(
        "--postgres",
        action="store_true",
        help="run against a throwaway PostgreSQL started from the initdb/pg_ctl binaries on the PATH",
    )


def pytest_configure(config):
    from django.conf import settings

    # The test client and the live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Files each test process keeps for itself (uploads, progress, documents, the page cache's content
    # version): parallel test processes would otherwise retire each other's cached pages.
    shared = Path(tempfile.mkdtemp(prefix="uebergang-shared-"))
    settings.SHARED_FILES_DIR = shared
    config.add_cleanup(lambda: shutil.rmtree(shared, ignore_errors=True))
    # Background tasks run at once inside the test; tests of the worker switch to the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, reachable only over its unix socket."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="uebergang-pg-"))
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        data = str(self.dir / "data")
        self._run(
            "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", data, "-l", str(self.dir / "log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    if not request.config.getoption("--postgres"):
        return
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) are not on the PATH"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections

    server = ThrowawayPostgres()
    server.start()
    request.addfinalizer(server.stop)
    connections["default"].close()
    connections["default"].settings_dict.update(
        ENGINE="django.db.backends.postgresql",
        NAME="uebergang",
        USER="postgres",
        PASSWORD="",
        HOST=str(server.dir),
        PORT="",
        OPTIONS={},
        CONN_MAX_AGE=0,
    )
    del connections["default"]


@pytest.fixture(autouse=True, scope="session")
def _flush_past_audit_triggers():
    """Transactional tests empty every table between tests; audit events refuse that.

    Drop the append-only triggers for the flush and re-create them in the same transaction.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    from uebergang.audit import triggers

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        vendor = self.connection.vendor
        if any(triggers.TABLE in sql for sql in sql_list):
            sql_list = [*triggers.statements(vendor, drop=True), *sql_list, *triggers.statements(vendor)]
        return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _new_content_version():
    """Each test starts with a content version of its own: a test's rolled-back writes (which retire
    nothing, as no commit follows) must not leave their data in a cache the next test reads."""
    from uebergang.lib import pagecache

    pagecache.changed()


@pytest.fixture
def cast(db):
    from uebergang.test import build_cast, remove_document_files

    yield build_cast()
    remove_document_files()


SEEDS = (
    ("uebergang.offerings.migrations.0002_seed_categories", "seed"),
    ("uebergang.monitoring.migrations.0002_seed_destinations", "seed"),
    ("uebergang.monitoring.migrations.0006_import_sheet_and_not_collected", "seed_not_collected"),
)


@pytest.fixture
def reseeded(transactional_db):
    """The rows data migrations seed (default categories, destination codes), back after a flush.

    A transactional test empties every table when it ends, seeded rows included; a later transactional test
    on the same worker that builds on them (the demo data) asks for this fixture.
    """
    from importlib import import_module

    from django.apps import apps

    for module, function in SEEDS:
        getattr(import_module(module), function)(apps, None)


class Inbox:
    """What a real local SMTP server received: (envelope recipients, parsed message) per mail."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port, with Django's mail pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
