"""Production without SECRET_KEY does not start: the WSGI/ASGI entry points refuse the placeholder
when DEBUG is off and `check --deploy` fails; the demo (DEBUG=1) and the tests keep working with it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from uebergang.accounts.checks import check_secret_key, refuse_placeholder_key

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "uebergang.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://uebergang.example.org",
}


def run(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def test_check_deploy_fails_without_a_secret_key(tmp_path):
    result = run(tmp_path, "manage.py", "check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert "uebergang.E001" in result.stderr and "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("module", ["uebergang.wsgi", "uebergang.asgi"])
def test_the_web_server_refuses_to_start_without_a_secret_key(tmp_path, module):
    refused = run(tmp_path, "-c", f"import {module}", **PRODUCTION)
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    assert run(tmp_path, "-c", f"import {module}", **PRODUCTION, SECRET_KEY="x" * 60).returncode == 0
    assert run(tmp_path, "-c", f"import {module}", DEBUG="1").returncode == 0  # make demo


def test_the_check_and_the_guard_follow_debug_and_the_key(settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        refuse_placeholder_key()
    assert [error.id for error in check_secret_key()] == ["uebergang.E001"]
    settings.SECRET_KEY = "eine-lange-zufaellige-zeichenfolge-" + "z" * 40
    refuse_placeholder_key()
    assert check_secret_key() == []
    settings.SECRET_KEY = settings.PLACEHOLDER_SECRET_KEY
    settings.DEBUG = True
    assert check_secret_key() == []
