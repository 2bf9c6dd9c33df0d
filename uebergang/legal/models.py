"""The legal pages every public site needs, kept by those responsible for them.

Each tenant publishes its own Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit (it is
the body responsible for its pages); the installation has its own for the pages outside any tenant (the
landing page, the association, the API). A tenant without its own text shows the installation's with a
note. The imprint and the privacy notice are Markdown texts. The accessibility statement is structured
after the EU model statement (Durchführungsbeschluss (EU) 2018/1523) that BITV 2.0 § 7 refers to, so no
required part can be missing: the state of conformity, the content that is not accessible and why, how
and when the statement was made, the feedback contact, and the enforcement procedure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Tenant


class LegalText(models.Model):
    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")

    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_texts",
        verbose_name=_("Kommune"),
        help_text=_("Leer: der Text der Installation (für die Seiten außerhalb einer Kommune)."),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    body = models.TextField(
        _("Text"), help_text=_("Markdown: Überschriften mit #, Listen mit -, Links mit [Text](https://…).")
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Rechtlicher Text")
        verbose_name_plural = _("Rechtliche Texte")
        constraints = [
            # One text per kind for each tenant and for the installation (tenant NULL counts as 0).
            models.UniqueConstraint(
                Coalesce("tenant", Value(0)), F("kind"), name="legal_text_one_per_tenant_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.tenant or _('Installation')}"


class AccessibilityStatement(models.Model):
    class Conformity(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    class Method(models.TextChoices):
        SELF = "self", _("Selbstbewertung")
        THIRD_PARTY = "third_party", _("Prüfung durch Dritte")

    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accessibility_statements",
        verbose_name=_("Kommune"),
        help_text=_("Leer: die Erklärung der Installation."),
    )
    conformity = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=10,
        choices=Conformity.choices,
        default=Conformity.PARTIAL,
        help_text=_("mit den Anforderungen der BITV 2.0 (WCAG 2.1 Stufe AA, EN 301 549)"),
    )
    non_accessible = models.TextField(
        _("Nicht barrierefreie Inhalte"),
        blank=True,
        help_text=_("Was nicht barrierefrei ist und warum, mit barrierefreien Alternativen (Markdown)."),
    )
    prepared_on = models.DateField(_("Erstellt am"))
    reviewed_on = models.DateField(_("Zuletzt überprüft am"), null=True, blank=True)
    method = models.CharField(_("Grundlage"), max_length=15, choices=Method.choices, default=Method.SELF)
    feedback_email = models.EmailField(_("E-Mail für Rückmeldungen"))
    feedback_phone = models.CharField(_("Telefon für Rückmeldungen"), max_length=50, blank=True)
    feedback_address = models.TextField(_("Anschrift für Rückmeldungen"), blank=True)
    enforcement_body = models.CharField(
        _("Durchsetzungsverfahren: zuständige Stelle"),
        max_length=300,
        help_text=_(
            "z. B. die Schlichtungsstelle nach § 16 BGG oder die Ombuds-/Durchsetzungsstelle des Landes"
        ),
    )
    enforcement_url = models.URLField(_("Durchsetzungsverfahren: Website"), blank=True)
    enforcement_contact = models.TextField(_("Durchsetzungsverfahren: Kontakt"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärungen zur Barrierefreiheit")
        constraints = [
            models.UniqueConstraint(
                Coalesce("tenant", Value(0)), name="accessibility_statement_one_per_tenant"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Erklärung zur Barrierefreiheit')} – {self.tenant or _('Installation')}"
