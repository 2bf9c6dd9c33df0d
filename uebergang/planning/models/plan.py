"""Work plans: priorities → goals → measures with weighted progress, and the indicators of their effect."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Body, Decision, Organisation, Task
from uebergang.offerings.models import Phase
from uebergang.tenants.models import Region, Tenant, TenantOwnedQuerySet


class PlanScopedQuerySet(TenantOwnedQuerySet):
    tenant_path = "plan__tenant"


class GoalQuerySet(TenantOwnedQuerySet):
    tenant_path = "priority__plan__tenant"


class MeasureQuerySet(TenantOwnedQuerySet):
    tenant_path = "goal__priority__plan__tenant"


class IndicatorValueQuerySet(TenantOwnedQuerySet):
    tenant_path = "indicator__plan__tenant"


class WorkPlan(models.Model):
    """The annual work plan (Jahresarbeitsplan) of a tenant, or of one of its bodies."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("Gremium"),
        help_text=_("Leer lassen für den Arbeitsplan des ganzen Netzwerks."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Einleitung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "body__name", "id"]
        verbose_name = _("Jahresarbeitsplan")
        verbose_name_plural = _("Jahresarbeitspläne")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year"],
                condition=models.Q(body__isnull=True),
                name="work_plan_one_network_plan_per_year",
            ),
            models.UniqueConstraint(
                fields=["tenant", "year", "body"],
                condition=models.Q(body__isnull=False),
                name="work_plan_one_body_plan_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100), name="work_plan_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A priority (Handlungsschwerpunkt) of a work plan."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("Arbeitsplan")
    )
    position = models.PositiveSmallIntegerField(_("Nr."), default=1)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Goal(models.Model):
    """A goal under a priority; its weight counts in the priority's progress."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="goals", verbose_name=_("Schwerpunkt")
    )
    position = models.PositiveSmallIntegerField(_("Nr."), default=1)
    title = models.CharField(_("Ziel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Wie stark das Ziel im Fortschritt des Schwerpunkts zählt (1–100)."),
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "position", "id"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=100), name="goal_weight_1_to_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A measure (Maßnahme) of a goal: who does what until when, how far it is, what it is tied to."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        IN_PROGRESS = "in_progress", _("in Umsetzung")
        AT_RISK = "at_risk", _("gefährdet")
        DONE = "done", _("abgeschlossen")
        DROPPED = "dropped", _("verworfen")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("Ziel"))
    position = models.PositiveSmallIntegerField(_("Nr."), default=1)
    title = models.CharField(_("Maßnahme"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_measures",
        verbose_name=_("verantwortlicher Akteur"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_measures",
        verbose_name=_("verantwortliche Person"),
    )
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Wie stark die Maßnahme im Fortschritt des Ziels zählt (1–100)."),
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    decisions = models.ManyToManyField(
        Decision, blank=True, related_name="planned_measures", verbose_name=_("Beschlüsse")
    )
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="planned_measures", verbose_name=_("Aufgaben")
    )
    offerings = models.ManyToManyField(
        "offerings.Offering", blank=True, related_name="planned_measures", verbose_name=_("Angebote")
    )
    bodies = models.ManyToManyField(
        Body, blank=True, related_name="planned_measures", verbose_name=_("Gremien")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "position", "id"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="measure_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=100), name="measure_weight_1_to_100"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="measure_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(progress=100), name="measure_done_is_complete"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counts_in_progress(self) -> bool:
        """A dropped measure leaves the roll-up instead of pulling its goal down."""
        return self.status != self.Status.DROPPED


class Indicator(models.Model):
    """A key figure (Kennzahl) of a work plan with its definition, baseline and target."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("von Hand erfasst (mit Quelle)")
        MONITORING = "monitoring", _("aus dem Übergangsmonitoring berechnet")
        CATALOGUE = "catalogue", _("aus dem Angebotskatalog berechnet (Plätze einer Phase und Region)")

    class Figure(models.TextChoices):
        """Shares the monitoring publishes per leaving year (its headline figures, suppressed)."""

        DUAL_SHARE = "dual", _("Anteil duale Ausbildung an allen Abgängen")
        TRANSITION_SHARE = "transition", _("Anteil Übergangssektor an allen Abgängen")
        UNKNOWN_SHARE = (
            "unknown",
            _("Anteil unbekannter Verbleib an allen Abgängen (nach der Verbleibsklärung)"),
        )
        UNKNOWN_BEFORE_SHARE = (
            "unknown_before",
            _("Anteil unbekannter Verbleib an allen Abgängen vor der Verbleibsklärung (Meldung der Schulen)"),
        )
        COMPANY_SHARE = "dual_company", _("Anteil betrieblicher Ausbildung an allen Abgängen")
        COMPANY_SHARE_NO_HZB = (
            "dual_company_no_hzb",
            _("Anteil betrieblicher Ausbildung an den Abgängen ohne Hochschulzugangsberechtigung"),
        )

    class Direction(models.TextChoices):
        UP = "up", _("höher ist besser")
        DOWN = "down", _("niedriger ist besser")

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("Arbeitsplan")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Ziel"),
    )
    name = models.CharField(_("Kennzahl"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    monitoring_figure = models.CharField(
        _("Wert aus dem Monitoring"), max_length=20, choices=Figure.choices, blank=True
    )
    # Catalogue indicators: places of the published offerings of this phase (in this region, or all).
    catalogue_phase = models.CharField(
        _("Phase (Angebotskatalog)"), max_length=30, choices=Phase.choices, blank=True
    )
    catalogue_region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Region (Angebotskatalog, leer: alle)"),
    )
    numerator = models.CharField(_("Zähler"), max_length=300, blank=True)
    denominator = models.CharField(_("Nenner"), max_length=300, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    unit = models.CharField(_("Einheit"), max_length=20, default="%")
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    baseline_year = models.PositiveSmallIntegerField(_("Ausgangsjahr"), null=True, blank=True)
    baseline = models.DecimalField(_("Ausgangswert"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    target = models.DecimalField(_("Zielwert"), max_digits=12, decimal_places=2, null=True, blank=True)

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "name"]
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_unique_name_per_plan"),
            models.CheckConstraint(
                condition=(models.Q(kind="monitoring") & ~models.Q(monitoring_figure=""))
                | (models.Q(kind__in=["manual", "catalogue"]) & models.Q(monitoring_figure="")),
                name="indicator_monitoring_figure_only_when_computed",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="catalogue") & ~models.Q(catalogue_phase=""))
                | (~models.Q(kind="catalogue") & models.Q(catalogue_phase="")),
                name="indicator_catalogue_phase_only_for_catalogue",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.kind == self.Kind.MONITORING

    @property
    def is_catalogue(self) -> bool:
        return self.kind == self.Kind.CATALOGUE


class IndicatorValue(models.Model):
    """An actual value of a hand-entered indicator for one period, with its source."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("Kennzahl")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.DecimalField(_("Istwert"), max_digits=12, decimal_places=2)
    source = models.CharField(_("Quelle"), max_length=300)
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("Istwert")
        verbose_name_plural = _("Istwerte")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"
