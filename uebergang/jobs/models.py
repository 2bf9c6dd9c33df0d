"""A table import the worker writes (actors, offerings): who started it, its state, progress and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Tenant


class Job(models.Model):
    class Kind(models.TextChoices):
        ACTORS = "actors", _("Import von Akteuren")
        OFFERINGS = "offerings", _("Import von Angeboten")

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet auf den Hintergrunddienst")
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")
        REFUSED = "refused", _("nicht ausgeführt")
        FAILED = "failed", _("abgebrochen")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    filename = models.CharField(_("Datei"), max_length=255)
    # The kept upload (lib.tabular.upload_folder), deleted when the job ends.
    file_token = models.CharField(max_length=64, blank=True)
    options = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    total = models.PositiveIntegerField(_("Zeilen"), default=0)
    outcome = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("Meldung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Hintergrundarbeit")
        verbose_name_plural = _("Hintergrundarbeiten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
