"""What the steering cycle hands over: published annual reports, the runs that make them, interim reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Body
from uebergang.tenants.models import Tenant, TenantOwnedQuerySet


class PublishedReport(models.Model):
    """A frozen annual report: the PDF as published and the figures it used, with version and date.

    Live data change after publishing; the council keeps what it was given.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    version = models.PositiveSmallIntegerField(_("Fassung"))
    published_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    pdf = models.BinaryField(_("PDF"))
    figures = models.JSONField(_("verwendete Zahlen"), default=dict)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("veröffentlichter Jahresbericht")
        verbose_name_plural = _("veröffentlichte Jahresberichte")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "version"], name="published_report_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"Jahresbericht {self.year}, Fassung {self.version}"

    @property
    def file_name(self) -> str:
        return f"jahresbericht-{self.year}-fassung-{self.version}.pdf"


class ReportRun(models.Model):
    """One making of the annual report's PDF in the worker: a draft to download, or a version to publish.

    The page shows its steps as a progress bar while the worker renders; a failed run says why and
    leaves nothing published.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet auf den Hintergrunddienst")
        RUNNING = "running", _("wird erstellt")
        DONE = "done", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    STEPS = (
        _("Zahlen zusammenstellen"),
        _("Diagramme und Seiten setzen"),
        _("PDF erzeugen"),
        _("Ablegen"),
    )

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    publish = models.BooleanField(_("veröffentlichen"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("von"),
    )
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField(_("Schritte erledigt"), default=0)
    error = models.TextField(_("Fehler"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    published = models.ForeignKey(
        PublishedReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Erstellung des Jahresberichts")
        verbose_name_plural = _("Erstellungen des Jahresberichts")

    def __str__(self) -> str:
        return f"Jahresbericht {self.year} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.step / len(self.STEPS))

    @property
    def current_step(self) -> str:
        return str(self.STEPS[min(self.step, len(self.STEPS) - 1)])


class InterimReview(models.Model):
    """An interim review of a body or the network over a period: frozen figures and the assessment."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Gremium (leer: das ganze Netzwerk)"),
    )
    start = models.DateField(_("Zeitraum von"))
    end = models.DateField(_("Zeitraum bis"))
    figures = models.JSONField(_("Zahlen"), default=dict)
    assessment = models.TextField(_("Einschätzung der Koordinierungsstelle"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("von"),
    )
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-end", "-id"]
        verbose_name = _("Zwischenbilanz")
        verbose_name_plural = _("Zwischenbilanzen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="interim_review_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Zwischenbilanz {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"
