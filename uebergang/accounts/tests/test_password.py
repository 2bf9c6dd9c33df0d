from __future__ import annotations

import re

from django.core import mail

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
