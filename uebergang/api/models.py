"""Personal API tokens: a staff member's credential for the typed API, acting as that person."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret: the secret has 256 random bits, so a fast hash is enough, and the
    database never holds what a thief could send."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A revocable bearer token. Only its first characters (to recognise it) and a hash are stored;
    the secret is shown once, when the token is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Person"),
    )
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(_("Anfang"), max_length=PREFIX_LENGTH)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
