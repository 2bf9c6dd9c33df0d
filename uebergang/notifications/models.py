"""Each person's choice how to be told (at once, once a day, not at all) and what waits for the digest.

A notification carries a subject, a short text and a link into the workspace — never personal data of
young people (a referral says "eine neue Überleitung", the page shows the rest to those allowed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort, je eine E-Mail")
        DAILY = "daily", _("einmal täglich als Zusammenfassung")
        OFF = "off", _("keine E-Mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # What a notification is about; each person may choose another way for a kind than their default.
    KINDS = {
        "tasks": _("Aufgaben, die mir oder meiner Organisation übertragen werden"),
        "referrals": _("Überleitungen an meine Organisation"),
        "conferences": _("Fallkonferenzen und ihre vereinbarten Schritte"),
        "quality": _("Überprüfungen, Berichte der Träger und Folgemaßnahmen"),
    }

    mode = models.CharField(
        _("Benachrichtigungen"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )
    # kind → mode, for the kinds that differ from `mode`.
    by_kind = models.JSONField(_("je Art"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Einstellung für Benachrichtigungen")
        verbose_name_plural = _("Einstellungen für Benachrichtigungen")

    def __str__(self) -> str:
        return f"{self.user}: {self.mode}"

    def mode_for(self, kind: str | None) -> str:
        return self.by_kind.get(kind, self.mode) if kind else self.mode


class Pending(models.Model):
    """A notification for the next daily digest of a person who chose it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    text = models.TextField()
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "user"], name="pending_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
