"""Referrals of a case to offerings and their providers; emergency access to a case."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Organisation
from uebergang.offerings.models import Offering
from uebergang.tenants.models import TenantOwnedQuerySet

from .case import Case
from .permits import Consent, DataCategory, LegalBasis, Purpose, SharingPermit


class ReferralQuerySet(TenantOwnedQuerySet):
    tenant_path = "case__tenant"

    def for_provider(self, organisation: Organisation | None) -> ReferralQuerySet:
        return self.filter(provider=organisation) if organisation is not None else self.none()


class Referral(models.Model):
    """A referral (Überleitung) of a case to an offering and its provider."""

    class Status(models.TextChoices):
        SENT = "sent", _("gesendet")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        STARTED = "started", _("begonnen")
        COMPLETED = "completed", _("abgeschlossen")
        DROPPED = "dropped", _("abgebrochen")
        REVOKED = "revoked", _("zurückgezogen")

    # Who may move a referral from which status to which: the provider responds, the case worker revokes.
    PROVIDER_STEPS: dict[str, tuple[str, ...]] = {
        Status.SENT: (Status.ACCEPTED, Status.DECLINED),
        Status.ACCEPTED: (Status.STARTED, Status.DROPPED),
        Status.STARTED: (Status.COMPLETED, Status.DROPPED),
    }
    REVOCABLE = (Status.SENT, Status.ACCEPTED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("Fall"))
    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="+", verbose_name=_("Angebot")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    data_categories = models.JSONField(_("übermittelte Daten"), default=list)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Einwilligung"),
    )
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Rechtsgrundlage"),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.SENT)
    message = models.TextField(_("Nachricht an den Träger"), blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gesendet von"),
    )
    sent_at = models.DateTimeField(_("gesendet am"))
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("Überleitung")
        verbose_name_plural = _("Überleitungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False, legal_basis__isnull=True)
                | Q(consent__isnull=True, legal_basis__isnull=False),
                name="referral_covered_by_exactly_one_permit",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="referral_decline_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Überleitung')} {self.case.reference} → {self.offering.title}"

    @property
    def permit(self) -> SharingPermit:
        return self.consent or self.legal_basis

    def shared_now(self, at: datetime) -> bool:
        """Whether the recipient may still see the shared data: its permit still covers them."""
        return self.permit.covers(
            recipient_id=self.provider_id,
            purpose=Purpose.REFERRAL,
            categories=set(self.data_categories),
            at=at,
        )

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in DataCategory.values if c in self.data_categories]


class EmergencyAccess(models.Model):
    """Break the glass: a coordinator reads one case for a stated reason, for a short time, on the record.

    Coordinators have no routine access to cases. In an emergency (e.g. the case worker is absent and
    the young person is at risk) they record a reason; the access lasts `DURATION`, every read is
    audited, and the case's workers see the access on the case page.
    """

    DURATION_MINUTES = 60

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="emergency_accesses", verbose_name=_("Fall")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    reason = models.TextField(_("Grund"))
    granted_at = models.DateTimeField(_("gewährt am"))
    expires_at = models.DateTimeField(_("läuft ab am"))

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("Notfallzugriff")
        verbose_name_plural = _("Notfallzugriffe")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="emergency_access_expires_after_grant",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="emergency_access_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{_('Notfallzugriff')} {self.case.reference}"
