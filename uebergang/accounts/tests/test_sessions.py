from __future__ import annotations

import time

from uebergang.audit.models import AuditEvent


def age_session(client, *, idle: int, since_login: int):
    now = int(time.time())
    session = client.session
    session["last_seen"] = now - idle
    session["auth_at"] = now - since_login
    session.save()


def test_activity_within_both_limits_keeps_the_session(client, cast, settings):
    client.force_login(cast.steering)
    age_session(
        client, idle=settings.SESSION_IDLE_TIMEOUT - 60, since_login=settings.SESSION_ABSOLUTE_TIMEOUT - 60
    )
    assert client.get("/kreis-a/intern/").status_code == 200


def test_idle_timeout_ends_the_session(client, cast, settings):
    client.force_login(cast.steering)
    age_session(client, idle=settings.SESSION_IDLE_TIMEOUT + 1, since_login=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/kreis-a/intern/")
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.SESSION_EXPIRED)
    assert event.actor == cast.steering


def test_absolute_timeout_ends_an_active_session(client, cast, settings):
    client.force_login(cast.steering)
    age_session(client, idle=5, since_login=settings.SESSION_ABSOLUTE_TIMEOUT + 1)
    response = client.get("/kreis-a/intern/")
    assert response.status_code == 302
    assert client.get("/kreis-a/intern/").status_code == 302


def test_requests_move_the_idle_clock(client, cast, settings):
    client.force_login(cast.steering)
    age_session(client, idle=settings.SESSION_IDLE_TIMEOUT - 5, since_login=settings.SESSION_IDLE_TIMEOUT)
    client.get("/kreis-a/intern/")
    assert int(time.time()) - client.session["last_seen"] < 5


def test_logout_is_a_post_and_audited(client, cast):
    client.force_login(cast.steering)
    assert client.get("/konto/abmelden/").status_code == 405
    client.post("/konto/abmelden/")
    assert client.get("/kreis-a/intern/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor=cast.steering).exists()


def advance(client, seconds: int):
    """As if `seconds` passed: both session clocks move back."""
    session = client.session
    session["last_seen"] -= seconds
    session["auth_at"] -= seconds
    session.save()


def test_an_idle_timeout_under_a_minute_is_not_an_absolute_one(client, cast, settings):
    """Requests every 20 seconds keep a session with a 30-second idle limit alive; 31 idle seconds end it."""
    settings.SESSION_IDLE_TIMEOUT = 30
    client.force_login(cast.steering)
    client.get("/kreis-a/intern/")
    for _ in range(4):
        advance(client, 20)
        assert client.get("/kreis-a/intern/").status_code == 200
    advance(client, 31)
    assert client.get("/kreis-a/intern/").status_code == 302


def test_a_long_idle_timeout_writes_the_stamp_once_a_minute(client, cast, settings):
    client.force_login(cast.steering)
    client.get("/kreis-a/intern/")
    advance(client, 20)
    client.get("/kreis-a/intern/")
    assert 19 <= int(time.time()) - client.session["last_seen"] <= 25
