"""The association's library of practice (Praxisbeispiele): what a member municipality does, for the others.

A member's coordinators describe a practice — the problem, the approach, partners, resources, results
with figures, a contact — tagged by phase, target group and topic and linked to their own offerings.
Published practices are read by every member (coordinators, steering and partners of every
municipality, and the association's staff) and, if marked public, by everyone on /praxisbeispiele/.
Drafts stay with their municipality.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.lib.codeset import CodeSetField
from uebergang.offerings.models import Offering, Phase, TargetGroup
from uebergang.tenants.models import Tenant, TenantOwnedQuerySet


class Topic(models.TextChoices):
    """Topics of practice; stored as a bit mask: append new ones, never reorder or remove."""

    ORIENTATION = "orientation", _("Berufsorientierung")
    CLEARING = "clearing", _("Verbleibsklärung")
    PARENTS = "parents", _("Elternarbeit")
    MIGRATION = "migration", _("Zuwanderung und Sprache")
    INCLUSION = "inclusion", _("Inklusion")
    COMPANIES = "companies", _("Zusammenarbeit mit Betrieben")
    STEERING = "steering", _("Steuerung und Monitoring")
    VOLUNTEERS = "volunteers", _("Ehrenamt")


class PracticeQuerySet(TenantOwnedQuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def public(self):
        return self.published().filter(visibility=Practice.Visibility.PUBLIC, tenant__is_active=True)


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("nur für Mitglieder des Verbunds")
        PUBLIC = "public", _("öffentlich")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzfassung"), max_length=400)
    problem = models.TextField(_("Ausgangslage und Problem"))
    approach = models.TextField(_("Vorgehen"))
    partners = models.TextField(_("Beteiligte Partner"), blank=True)
    resources = models.TextField(_("Ressourcen (Personal, Geld, Zeit)"), blank=True)
    results = models.TextField(_("Ergebnisse, mit Zahlen"), blank=True)
    contact = models.CharField(
        _("Kontakt"),
        max_length=300,
        blank=True,
        help_text=_("Die Koordinierungsstelle, z. B. Funktionspostfach."),
    )
    phases = CodeSetField(_("Phasen der Bildungskette"), choices=Phase.choices, blank=True)
    target_groups = CodeSetField(_("Zielgruppen"), choices=TargetGroup.choices, blank=True)
    topics = CodeSetField(_("Themen"), choices=Topic.choices, blank=True)
    offerings = models.ManyToManyField(
        Offering, blank=True, related_name="practices", verbose_name=_("zugehörige Angebote")
    )
    measures = models.ManyToManyField(
        "planning.Measure", blank=True, related_name="practices", verbose_name=_("zugehörige Maßnahmen")
    )
    indicators = models.ManyToManyField(
        "planning.Indicator", blank=True, related_name="practices", verbose_name=_("zugehörige Kennzahlen")
    )
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Material of the practice (concept, flyer, evaluation): read by whoever reads the practice.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id"
    )
    visibility = models.CharField(
        _("Sichtbar für"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")

    def __str__(self) -> str:
        return self.title

    def _labels(self, name: str) -> str:
        return ", ".join(str(label) for label in self._meta.get_field(name).labels(getattr(self, name)))

    @property
    def phase_labels(self) -> str:
        return self._labels("phases")

    @property
    def target_group_labels(self) -> str:
        return self._labels("target_groups")

    @property
    def topic_labels(self) -> str:
        return self._labels("topics")


class PortraitField(models.TextChoices):
    """The parts of a member portrait, each shown to the public or to members only; stored as a bit mask:
    append new ones, never reorder or remove."""

    SIZE = "size", _("Art und Größe der Kommune")
    SINCE = "since", _("Koordinierung seit")
    ORGANISATION = "organisation", _("Wie die Koordinierung organisiert ist")
    STAFF = "staff", _("Personal der Koordinierungsstelle")
    BODIES = "bodies", _("Gremien")
    PRIORITIES = "priorities", _("Schwerpunkte des aktuellen Arbeitsplans")
    REPORTS = "reports", _("Veröffentlichte Berichte")
    CONTACT = "contact", _("Kontakt der Koordinierungsstelle")


DEFAULT_PUBLIC = frozenset(code for code in PortraitField.values if code != PortraitField.STAFF)


class PortraitQuerySet(TenantOwnedQuerySet):
    def shown(self):
        """Portraits their members show, of active members, with their municipality."""
        return self.filter(shown=True, tenant__is_active=True).select_related("tenant")


class Portrait(models.Model):
    """A member's structured portrait in the association, kept by its coordinators.

    Kind, size and the office's contact are the municipality's own data (Tenant); bodies, the current
    work plan's priorities and published reports are read live from the network and planning apps. Each
    part is public or for members only (`public_fields`); nothing shows before the member shows it.
    """

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="association_portrait", verbose_name=_("Kommune")
    )
    coordinating_since = models.PositiveSmallIntegerField(
        _("Koordinierung seit (Jahr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    organisation = models.TextField(
        _("Wie die Koordinierung organisiert ist"),
        blank=True,
        help_text=_(
            "Stelle, Anbindung (z. B. Landratsamt, Bildungsbüro), Träger, Zusammenarbeit mit der Jugendberufsagentur."
        ),
    )
    staff_fte = models.DecimalField(
        _("Personal der Koordinierungsstelle (Vollzeitstellen)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    public_fields = CodeSetField(
        _("Öffentlich sichtbar"),
        choices=PortraitField.choices,
        blank=True,
        default=DEFAULT_PUBLIC,
        help_text=_("Was nicht angekreuzt ist, sehen nur die Mitglieder des Verbunds."),
    )
    shown = models.BooleanField(
        _("Im Verbund zeigen"),
        default=False,
        help_text=_(
            "Erst dann sehen die Mitglieder das Porträt, die Öffentlichkeit seine öffentlichen Teile."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PortraitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Porträt im Verbund")
        verbose_name_plural = _("Porträts im Verbund")

    def __str__(self) -> str:
        return str(self.tenant)

    def is_public(self, part: str) -> bool:
        return part in self.public_fields
