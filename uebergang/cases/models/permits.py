"""What allows sharing a case's data: consents and documented legal bases (both `SharingPermit`s)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Organisation

from .case import Case


class Purpose(models.TextChoices):
    """What shared data may be used for."""

    REFERRAL = "referral", _("Überleitung in ein Angebot")
    HANDOVER = "handover", _("Abgabe an eine andere Stelle")
    CASE_CONFERENCE = "case_conference", _("Fallkonferenz")


class DataCategory(models.TextChoices):
    """Parts of a case that can be shared; a permit names the ones it covers."""

    NAME = "name", _("Name")
    CONTACT = "contact", _("Kontaktdaten (E-Mail, Telefon, Anschrift)")
    BIRTH_DATE = "birth_date", _("Geburtsdatum")
    GUARDIAN = "guardian", _("Sorgeberechtigte")
    SCHOOL = "school", _("Schule, Klasse und Abgangsjahr")


class SharingPermit(models.Model):
    """What allows sharing a case's data: purpose, data categories, recipients and a period.

    `covers()` is the one rule every sharing goes through: the permit must be in force at that
    moment (started, not expired, not withdrawn or objected to) and include the recipient, the purpose
    and every requested data category.
    """

    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    data_categories = models.JSONField(_("Datenkategorien"), default=list)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    # Withdrawal of a consent or objection to a legal basis: stops further sharing at once.
    ended_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    ended_note = models.CharField(_("Vermerk zum Widerruf"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        abstract = True

    def in_force(self, at: datetime) -> bool:
        day = timezone.localdate(at)
        return (
            self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.ended_at is None or at < self.ended_at)
        )

    def covers(self, *, recipient_id: int, purpose: str, categories: set[str], at: datetime) -> bool:
        return (
            self.in_force(at)
            and self.purpose == purpose
            and set(categories) <= set(self.data_categories)
            and any(o.pk == recipient_id for o in self.recipients.all())
        )

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in DataCategory.values if c in self.data_categories]


class Consent(SharingPermit):
    """A consent as a record: who gave it in which form, for what, to whom, until when."""

    class GivenBy(models.TextChoices):
        YOUNG_PERSON = "young_person", _("junge Person")
        GUARDIAN = "guardian", _("sorgeberechtigte Person")

    class Form(models.TextChoices):
        WRITTEN = "written", _("schriftlich")
        ORAL_WITH_WITNESS = "oral", _("mündlich mit Zeugin/Zeugen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("Fall"))
    recipients = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("Empfänger"))
    given_by = models.CharField(_("erteilt von"), max_length=20, choices=GivenBy.choices)
    giver_name = models.CharField(_("Name der erteilenden Person"), max_length=200, blank=True)
    form = models.CharField(_("Form"), max_length=10, choices=Form.choices)
    witness = models.CharField(_("Zeugin/Zeuge"), max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(form="oral") | ~Q(witness=""), name="consent_oral_names_a_witness"
            ),
            models.CheckConstraint(
                condition=~Q(given_by="guardian") | ~Q(giver_name=""), name="consent_guardian_is_named"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_expiry_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Einwilligung')} {self.get_purpose_display()} ({self.case.reference})"


class LegalBasis(SharingPermit):
    """Sharing under a law instead of consent, e.g. § 31a SGB III with the young person's right to object."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("Fall")
    )
    recipients = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("Empfänger"))
    reference = models.CharField(_("Rechtsgrundlage"), max_length=200)
    informed_on = models.DateField(_("über Widerspruchsrecht informiert am"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("Rechtsgrundlage")
        verbose_name_plural = _("Rechtsgrundlagen")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="legal_basis_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.case.reference})"
