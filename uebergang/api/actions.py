"""Writes of the API app: creating and revoking personal API tokens, each audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record

from .models import PREFIX_LENGTH, ApiToken, hash_secret


@transaction.atomic
def create_api_token(
    *, request: HttpRequest, user, name: str, expires_at: datetime | None
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret; the secret exists only in this return value."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    # The prefix identifies the token in the trail; the secret never goes there.
    record(
        AuditEvent.Action.API_TOKEN_CREATED,
        request=request,
        obj=token,
        data={"api_token": token.name, "prefix": token.prefix, "expires_at": expires_at},
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, request: HttpRequest, token: ApiToken) -> ApiToken:
    """Stops the token for good: every request with it is refused (401) from now on."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        AuditEvent.Action.API_TOKEN_REVOKED,
        request=request,
        obj=token,
        data={"api_token": token.name, "prefix": token.prefix, "revoked": True},
    )
    return token
