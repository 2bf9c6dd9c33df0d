from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from uebergang.accounts import actions
from uebergang.accounts.models import PasswordResetRequest
from uebergang.audit.models import AuditEvent


def test_password_reset_by_email(client, cast):
    response = client.post("/konto/passwort-vergessen/", {"email": cast.steering.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.steering.email]
    link = re.search(r"https?://[^/]+(/konto/passwort-neu/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "ein-ganz-neues-passwort-7"
    done = client.post(form_page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    cast.steering.refresh_from_db()
    assert cast.steering.check_password(new)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED, actor=cast.steering).exists()
    # The link is single-use.
    assert "ungültig" in client.get(link, follow=True).content.decode().lower()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post("/konto/passwort-vergessen/", {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password(client, cast):
    client.force_login(cast.steering)
    response = client.post(
        "/konto/passwort/",
        {"old_password": "falsch", "new_password1": "xyz-neu-12345", "new_password2": "xyz-neu-12345"},
    )
    assert response.status_code == 200
    cast.steering.refresh_from_db()
    assert not cast.steering.check_password("xyz-neu-12345")


def test_an_invited_person_without_a_password_can_ask_for_a_new_link(client, db):
    from uebergang.test import create_user

    create_user("eingeladen@example.org", None)
    client.post("/konto/passwort-vergessen/", {"email": "eingeladen@example.org"})
    assert len(mail.outbox) == 1


RESET = "/konto/passwort-vergessen/"


def request_reset(client, email, ip="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_reset_mails_to_one_address_are_limited(client, cast):
    for _ in range(actions.RESET_LIMIT_PER_ADDRESS):
        assert request_reset(client, cast.steering.email).status_code == 302
    # A look-alike spelling and another client count for the same address.
    refused = request_reset(client, cast.steering.email.upper(), ip="10.0.0.9")
    assert refused.status_code == 429
    assert "zu viele Links angefordert" in refused.content.decode()
    assert len(mail.outbox) == actions.RESET_LIMIT_PER_ADDRESS
    requested = AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET_REQUESTED)
    assert requested.count() == actions.RESET_LIMIT_PER_ADDRESS
    # Other addresses are not affected.
    assert request_reset(client, cast.partner.email, ip="10.0.0.9").status_code == 302


def test_unknown_and_known_addresses_meet_the_same_limit(client, cast):
    """The answer never tells whether an account belongs to an address."""
    answers = {}
    for email in (cast.steering.email, "niemand@example.org"):
        answers[email] = [request_reset(client, email).status_code for _ in range(4)]
    assert answers[cast.steering.email] == answers["niemand@example.org"] == [302, 302, 302, 429]


def test_reset_requests_from_one_client_are_limited(client, cast):
    for number in range(actions.RESET_LIMIT_PER_CLIENT):
        assert request_reset(client, f"person{number}@example.org").status_code == 302
    assert request_reset(client, cast.steering.email).status_code == 429
    assert mail.outbox == []
    assert request_reset(client, cast.steering.email, ip="10.0.0.2").status_code == 302
    assert len(mail.outbox) == 1


def test_the_limit_ends_after_the_window(client, cast):
    for _ in range(actions.RESET_LIMIT_PER_ADDRESS):
        request_reset(client, cast.steering.email)
    PasswordResetRequest.objects.update(
        requested_at=timezone.now() - actions.RESET_WINDOW - timedelta(seconds=1)
    )
    assert request_reset(client, cast.steering.email).status_code == 302
    assert PasswordResetRequest.objects.count() == 1  # the old requests are gone
