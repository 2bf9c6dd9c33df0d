"""Personal API tokens: the page, the secret shown once, and the token acting as its person in the API."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from uebergang.api.models import ApiToken, hash_secret
from uebergang.audit.models import AuditEvent

HEADLINE = "/api/v1/{tenant}/monitoring/headline"


def create_token(client, user, name="Auswertung", validity="90") -> str:
    client.force_login(user)
    response = client.post("/konto/api-tokens/", {"name": name, "validity": validity})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'id="new-token" value="([^"]+)"', response.content.decode()).group(1)
    client.logout()
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_page_needs_a_login(client, db):
    response = client.get("/konto/api-tokens/")
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


def test_the_secret_is_shown_once_and_never_stored(client, cast):
    secret = create_token(client, cast.coordinator, "Jahresbericht")
    token = ApiToken.objects.get(user=cast.coordinator)
    assert token.name == "Jahresbericht"
    assert token.prefix == secret[:8]
    assert token.token_hash == hash_secret(secret) != secret
    assert 29 * 86400 < (token.expires_at - timezone.now()).total_seconds() <= 90 * 86400
    for field in ApiToken._meta.concrete_fields:
        assert secret not in str(getattr(token, field.attname))
    event = AuditEvent.objects.get(action=AuditEvent.Action.API_TOKEN_CREATED, object_type="api.apitoken")
    assert event.actor == cast.coordinator and event.data["prefix"] == token.prefix
    assert secret not in str(event.data)
    client.force_login(cast.coordinator)
    page = client.get("/konto/api-tokens/").content.decode()
    assert "Jahresbericht" in page and f"{token.prefix}…" in page and secret not in page


def test_a_name_is_required(client, cast):
    client.force_login(cast.partner)
    response = client.post("/konto/api-tokens/", {"name": "", "validity": "30"})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Bezeichnung an." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_acts_as_its_person_in_the_monitoring_api(client, cast):
    secret = create_token(client, cast.coordinator)
    response = client.get(HEADLINE.format(tenant="kreis-a"), **bearer(secret))
    assert response.status_code == 200
    assert response.json()["tenant"] == "kreis-a"
    assert ApiToken.objects.get().last_used_at is not None
    # Another municipality stays closed, token or not.
    assert client.get(HEADLINE.format(tenant="stadt-b"), **bearer(secret)).status_code == 403


def test_a_token_of_a_person_without_the_permission_is_refused(client, cast):
    for user in (cast.case_worker, cast.outsider):
        secret = create_token(client, user)
        assert client.get(HEADLINE.format(tenant="kreis-a"), **bearer(secret)).status_code == 403


def test_revoked_expired_and_unknown_tokens_get_401(client, cast):
    secret = create_token(client, cast.coordinator)
    token = ApiToken.objects.get()
    client.force_login(cast.coordinator)
    response = client.post(f"/konto/api-tokens/{token.pk}/widerrufen/")
    assert response.status_code == 302
    client.logout()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.API_TOKEN_REVOKED, object_id=str(token.pk)
    ).exists()
    url = HEADLINE.format(tenant="kreis-a")
    response = client.get(url, **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "Das API-Token ist ungültig, abgelaufen oder widerrufen."}

    expiring = create_token(client, cast.coordinator, "kurz")
    ApiToken.objects.filter(name="kurz").update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url, **bearer(expiring)).status_code == 401
    assert client.get(url, **bearer("ausgedacht")).status_code == 401


def test_a_bad_token_does_not_fall_back_to_the_session(client, cast):
    client.force_login(cast.coordinator)
    url = HEADLINE.format(tenant="kreis-a")
    assert client.get(url).status_code == 200
    assert client.get(url, **bearer("ausgedacht")).status_code == 401


def test_a_token_of_an_inactive_person_is_refused(client, cast):
    secret = create_token(client, cast.coordinator)
    cast.coordinator.is_active = False
    cast.coordinator.save(update_fields=["is_active"])
    assert client.get(HEADLINE.format(tenant="kreis-a"), **bearer(secret)).status_code == 401


def test_nobody_revokes_another_persons_token(client, cast):
    create_token(client, cast.coordinator)
    token = ApiToken.objects.get()
    client.force_login(cast.coordinator_b)
    assert client.post(f"/konto/api-tokens/{token.pk}/widerrufen/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("validity, days", [("30", 30), ("365", 365), ("", None)])
def test_validity_choices(client, cast, validity, days):
    create_token(client, cast.partner, validity=validity)
    token = ApiToken.objects.get()
    if days is None:
        assert token.expires_at is None
    else:
        assert abs((token.expires_at - timezone.now()) - timedelta(days=days)) < timedelta(minutes=1)


def test_the_account_page_links_to_the_tokens(client, cast):
    client.force_login(cast.partner)
    assert 'href="/konto/api-tokens/"' in client.get("/konto/sicherheit/").content.decode()


def test_openapi_describes_bearer_auth_and_the_offerings_api(client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert "/api/v1/{tenant}/offerings/" in document["paths"]
    assert "/api/v1/{tenant}/offerings/{offering_id}" in document["paths"]
    headline = document["paths"]["/api/v1/{tenant}/monitoring/headline"]["get"]
    assert {"TokenAuth": []} in headline["security"]
