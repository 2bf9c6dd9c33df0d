"""Who calls the API: a personal API token (`Authorization: Bearer …`) or the browser session.

A token acts as its user, with that user's memberships and permissions; the views check permissions
exactly as for a session. A request that sends a token gets 401 when the token is unknown, revoked or
expired, or its user may no longer sign in — it never falls back to the session.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from uebergang.accounts.permissions import membership_for

from .models import ApiToken, hash_secret

# Seconds between two writes of `last_used_at`: a busy script does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_token(secret: str):
    """The user a token acts as; HttpError 401 for anything else."""
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now).filter(token_hash=hash_secret(secret)).select_related("user").first()
        if secret
        else None
    )
    if token is None or not token.user.is_active:
        raise HttpError(401, _("Das API-Token ist ungültig, abgelaufen oder widerrufen."))
    if token.user.mfa_required() and not token.user.has_mfa:
        raise HttpError(401, _("Für Ihre Rolle ist der zweite Faktor Pflicht; richten Sie ihn zuerst ein."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _act_as(request: HttpRequest, user) -> None:
    request.user = user
    tenant = getattr(request, "tenant", None)
    if tenant is not None:
        request.membership = membership_for(user, tenant)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` — a personal API token from /konto/api-tokens/."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        _act_as(request, user)
        return user


token_auth = TokenAuth()

# Staff endpoints: a token, else the session.
STAFF_AUTH = [token_auth, django_auth]


def sends_token(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def optional_user(request: HttpRequest):
    """For endpoints open to everyone that show staff more: the token's user, the session's user, or
    the anonymous user. A token that does not work is refused (401), not ignored."""
    if sends_token(request):
        return token_auth(request)
    return request.user
