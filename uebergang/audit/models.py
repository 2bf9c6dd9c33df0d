from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Tenant


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def for_tenant(self, tenant: Tenant) -> AuditEventQuerySet:
        return self.filter(tenant=tenant)

    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what, when, to which object. Append-only, enforced here and by database triggers."""

    class Action(models.TextChoices):
        LOGIN = "auth.login", _("Anmeldung")
        LOGIN_FAILED = "auth.login_failed", _("Fehlgeschlagene Anmeldung")
        LOGIN_LOCKED = "auth.login_locked", _("Anmeldung gesperrt")
        LOGOUT = "auth.logout", _("Abmeldung")
        SESSION_EXPIRED = "auth.session_expired", _("Sitzung abgelaufen")
        MFA_ENABLED = "auth.mfa_enabled", _("Zwei-Faktor-Anmeldung eingerichtet")
        MFA_DISABLED = "auth.mfa_disabled", _("Zwei-Faktor-Anmeldung entfernt")
        MFA_FAILED = "auth.mfa_failed", _("Falscher zweiter Faktor")
        RECOVERY_CODE_USED = "auth.recovery_code_used", _("Wiederherstellungscode benutzt")
        RECOVERY_CODES_RENEWED = "auth.recovery_codes_renewed", _("Wiederherstellungscodes erneuert")
        PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", _("Passwort-Zurücksetzung angefordert")
        PASSWORD_CHANGED = "auth.password_changed", _("Passwort geändert")
        ROLE_GRANTED = "membership.granted", _("Rolle vergeben")
        ROLE_CHANGED = "membership.changed", _("Rolle geändert")
        ROLE_REVOKED = "membership.revoked", _("Rolle entzogen")
        TENANT_UPDATED = "tenant.updated", _("Porträt der Kommune geändert")
        CREATED = "object.created", _("angelegt")
        UPDATED = "object.updated", _("geändert")
        DELETED = "object.deleted", _("gelöscht")
        IMPORTED = "object.imported", _("importiert")
        CALENDAR_FEED_CREATED = "calendar.created", _("Kalender-Abonnement angelegt")
        CALENDAR_FEED_REVOKED = "calendar.revoked", _("Kalender-Abonnement widerrufen")
        SUBMITTED = "review.submitted", _("zur Prüfung eingereicht")
        PROPOSED = "review.proposed", _("Änderung zur Prüfung vorgeschlagen")
        APPROVED = "review.approved", _("Änderung freigegeben")
        REJECTED = "review.rejected", _("abgelehnt")
        WITHDRAWN = "review.withdrawn", _("Vorschlag zurückgezogen")
        PUBLISHED = "review.published", _("veröffentlicht")
        ARCHIVED = "review.archived", _("archiviert")
        RESTORED = "review.restored", _("wiederhergestellt")
        CHECKED = "review.checked", _("als aktuell bestätigt")
        REMINDED = "review.reminded", _("an Prüfung erinnert")
        API_TOKEN_CREATED = "api_token.created", _("API-Schlüssel angelegt")
        API_TOKEN_REVOKED = "api_token.revoked", _("API-Schlüssel widerrufen")
        CASE_OPENED = "case.opened", _("Fall angelegt")
        CASE_UPDATED = "case.updated", _("Fall geändert")
        CASE_READ = "case.read", _("Fall gelesen")
        CASE_CONTACT_LOGGED = "case.contact_logged", _("Kontakt dokumentiert")
        CASE_CLOSED = "case.closed", _("Fall abgeschlossen")
        CASE_EMERGENCY_ACCESS = "case.emergency_access", _("Notfallzugriff auf einen Fall")
        CASES_IMPORTED = "cases.imported", _("Klärungsliste importiert")
        CASES_PURGED = "cases.purged", _("Falldaten nach Frist gelöscht")
        CASES_SETTINGS_UPDATED = "cases.settings_updated", _("Regeln der Fallbegleitung geändert")
        CONSENT_RECORDED = "consent.recorded", _("Einwilligung erfasst")
        CONSENT_ENDED = "consent.ended", _("Einwilligung widerrufen oder beendet")
        LEGAL_BASIS_RECORDED = "legal_basis.recorded", _("Rechtsgrundlage erfasst")
        LEGAL_BASIS_ENDED = "legal_basis.ended", _("Rechtsgrundlage beendet (Widerspruch)")
        REFERRAL_SENT = "referral.sent", _("Überleitung gesendet")
        REFERRAL_RESPONDED = "referral.responded", _("Überleitung beantwortet")
        REFERRAL_REVOKED = "referral.revoked", _("Überleitung zurückgenommen")

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Kommune")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # No cascade and no SET NULL: either would have to rewrite audit rows.
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("Person"),
    )
    # A snapshot, so the trail stays readable after the person's account is gone.
    actor_email = models.CharField(_("E-Mail der Person"), max_length=254, blank=True)
    action = models.CharField(_("Ereignis"), max_length=64, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("Objektart"), max_length=100, blank=True)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=200, blank=True)
    data = models.JSONField(_("Details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("Adresse"), null=True, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")
        indexes = [models.Index(fields=["tenant", "-created_at"], name="audit_tenant_created_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.actor_email}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
