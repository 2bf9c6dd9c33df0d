"""Security headers, the Content-Security-Policy and Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_templates_contain_no_inline_script_or_style():
    """The policy forbids them; an inline block would silently not run."""
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("uebergang/*/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        if "<style" in text or " style=" in text or "<script>" in text or " onclick=" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-production-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "uebergang.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://uebergang.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_404_and_403_pages_are_german(client, cast):
    assert "Seite nicht gefunden" in client.get("/gibt-es-nicht/").content.decode()
    client.force_login(cast.outsider)
    assert "Kein Zugriff" in client.get("/kreis-a/intern/").content.decode()


def test_the_500_page_is_german_and_self_contained(client, db):
    from django.test import RequestFactory

    from uebergang.errors import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
