"""Resources behind offerings and measures: funding lines with their yearly amounts, staff positions."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import FundingSource, Organisation
from uebergang.tenants.models import Tenant, TenantOwnedQuerySet

from .plan import Measure


class FundingLine(models.Model):
    """Money for an offering or a measure from one funding source, over a period, with a follow-up line.

    The funding source (network.FundingSource, shared with the offerings) says who pays; the Rechtskreis
    (legal basis) belongs to the offering. A chain of
    follow-up lines shows a project's path from pilot to regular funding.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("beantragt")
        GRANTED = "granted", _("bewilligt")
        RUNNING = "running", _("laufend")
        ENDING = "ending", _("auslaufend")
        ENDED = "ended", _("beendet")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    offering = models.ForeignKey(
        "offerings.Offering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("Angebot"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("Maßnahme"),
    )
    source = models.CharField(_("Mittelgeber"), max_length=20, choices=FundingSource.choices)
    programme = models.CharField(_("Förderprogramm"), max_length=200, blank=True)
    start = models.DateField(_("Förderung ab"))
    end = models.DateField(
        _("Förderung bis"), null=True, blank=True, help_text=_("Leer lassen bei unbefristeter Finanzierung.")
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.GRANTED)
    is_statutory = models.BooleanField(
        _("Regelleistung"),
        default=False,
        help_text=_("Gesetzliche Leistung mit dauerhafter Finanzierung: wird nie als „läuft aus“ gemeldet."),
    )
    follow_up = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("Anschlussförderung"),
    )
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(offering__isnull=False) & models.Q(measure__isnull=True))
                | (models.Q(offering__isnull=True) & models.Q(measure__isnull=False)),
                name="funding_line_for_offering_or_measure",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="funding_line_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(follow_up=models.F("id")), name="funding_line_not_its_own_follow_up"
            ),
        ]

    def __str__(self) -> str:
        funded = self.offering or self.measure
        return f"{funded} – {self.get_source_display()}"


class FundingAmount(models.Model):
    """The amount of a funding line in one calendar year (EUR)."""

    line = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("Förderung")
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("Betrag (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("Jahresbetrag")
        verbose_name_plural = _("Jahresbeträge")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="funding_amount_one_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class StaffPosition(models.Model):
    """Staff an organisation puts into the transition work, in full-time equivalents (VZÄ)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_positions", verbose_name=_("Akteur")
    )
    title = models.CharField(
        _("Funktion"), max_length=200, help_text=_("z. B. Ausbildungslotse, Koordinierung")
    )
    fte = models.DecimalField(
        _("Stellenumfang (VZÄ)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    funding_line = models.ForeignKey(
        FundingLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_positions",
        verbose_name=_("finanziert aus"),
    )
    start = models.DateField(_("von"), null=True, blank=True)
    end = models.DateField(_("bis"), null=True, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "title"]
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")
        constraints = [
            models.CheckConstraint(condition=models.Q(fte__gt=0), name="staff_position_fte_positive"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="staff_position_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"


class VolunteerProgramme(models.Model):
    """Volunteers in the transition work (mentors, parent advisers…): a programme and how many take part."""

    class Kind(models.TextChoices):
        MENTORS = "mentors", _("Mentorinnen und Mentoren, Ausbildungspaten")
        PARENT_ADVISERS = "parent_advisers", _("Elternbegleiterinnen und -begleiter")
        SENIOR_EXPERTS = "senior_experts", _("Seniorexpertinnen und -experten")
        OTHER = "other", _("andere Ehrenamtliche")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    name = models.CharField(_("Programm"), max_length=200, help_text=_("z. B. Ausbildungspaten Musterstadt"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_programmes",
        verbose_name=_("Träger"),
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    volunteers = models.PositiveIntegerField(_("Ehrenamtliche (Anzahl)"))
    young_people = models.PositiveIntegerField(_("begleitete junge Menschen"), null=True, blank=True)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("Ehrenamtsprogramm")
        verbose_name_plural = _("Ehrenamtsprogramme")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name", "year"], name="volunteer_programme_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"
