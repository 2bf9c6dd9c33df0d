from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.lib.laender import LAENDER

# Top-level URL segments that belong to the site, not to a municipality.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "konto",
        "verbund",
        "i18n",
        "intern",
        "rechtliches",
        "praxisbeispiele",
        "favicon.ico",
        "robots.txt",
    }
)


def validate_tenant_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("„%(slug)s“ ist reserviert und kann keine Kommune bezeichnen."), params={"slug": value}
        )


class TenantQuerySet(models.QuerySet):
    def active(self) -> TenantQuerySet:
        return self.filter(is_active=True)

    def members(self) -> TenantQuerySet:
        """The association's active member municipalities (not its own office)."""
        return self.active().exclude(kind=Tenant.Kind.ASSOCIATION)


class Tenant(models.Model):
    """A municipality or district: the unit that owns data and whose data never leaves it."""

    class Kind(models.TextChoices):
        CITY = "stadt", _("Stadt")
        INDEPENDENT_CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")
        DISTRICT = "landkreis", _("Landkreis")
        MUNICIPALITY = "gemeinde", _("Gemeinde")
        # The association's own office: its workspace holds the working groups of the members (bodies,
        # meetings, tasks, documents of the network app); it is no member and has no figures.
        ASSOCIATION = "verbund", _("Verbund (Geschäftsstelle)")

    slug = models.SlugField(_("Kürzel"), max_length=50, unique=True, validators=[validate_tenant_slug])
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    land = models.CharField(
        _("Bundesland"),
        max_length=2,
        choices=LAENDER,
        default="BW",
        help_text=_(
            "Bestimmt die Namen der Schularten und die Bildungsgänge des Landes in Codes und Importen."
        ),
    )
    summary = models.CharField(_("Kurzporträt"), max_length=400, blank=True)
    portrait = models.TextField(_("Porträt"), blank=True)
    office_name = models.CharField(_("Koordinierungsstelle"), max_length=200, blank=True)
    office_address = models.TextField(_("Anschrift der Koordinierungsstelle"), blank=True)
    office_email = models.EmailField(_("E-Mail der Koordinierungsstelle"), blank=True)
    office_phone = models.CharField(_("Telefon der Koordinierungsstelle"), max_length=50, blank=True)
    office_website = models.URLField(_("Website"), blank=True)
    suppression_threshold = models.PositiveSmallIntegerField(
        _("Schwelle für kleine Zahlen"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_(
            "Jede Anzahl unter dieser Schwelle wird verdeckt und als „.“ angezeigt (Zahlenwert geheim zu "
            "halten); Vergleiche im Verbund verdecken mindestens nach dessen gemeinsamer Schwelle."
        ),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune/Kreis")
        verbose_name_plural = _("Kommunen/Kreise")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=2), name="tenant_suppression_threshold_min_2"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TenantOwnedQuerySet(models.QuerySet):
    """The scoped accessor of tenant-owned data: every read starts with `for_tenant(tenant)`.

    Models that reach their tenant through another row set `tenant_path` (e.g. "body__tenant").
    """

    tenant_path = "tenant"

    def for_tenant(self, tenant: Tenant):
        return self.filter(**{self.tenant_path: tenant})


class RegionQuerySet(TenantOwnedQuerySet):
    pass


class Region(models.Model):
    """A part of a tenant's area (Region, Sozialraum) used to group actors, offerings and figures."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="regions", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=100)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["tenant", "position", "name"]
        verbose_name = _("Region/Sozialraum")
        verbose_name_plural = _("Regionen/Sozialräume")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="region_unique_name_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A Gemeinde (town or municipality) of a district, under one of its regions.

    Imports of leavers and cases accept a Gemeinde's name or official key where they ask for the home
    region, so an office's file with the place of residence maps onto its regions without a table.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("Region/Sozialraum")
    )
    name = models.CharField(_("Name"), max_length=100)
    key = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Der Gemeindeschlüssel hat acht Ziffern."))],
    )

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="municipality_unique_name_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.name


COMMON_THRESHOLD_MINIMUM = 5


class AssociationSettings(models.Model):
    """The association's settings for the whole installation (one row).

    Its common threshold applies to every view across tenants: a member may hide less for itself
    (its own threshold, at least 2), never in a comparison with others.
    """

    common_threshold = models.PositiveSmallIntegerField(
        _("gemeinsame Mindestschwelle für kleine Zahlen"),
        default=COMMON_THRESHOLD_MINIMUM,
        validators=[MinValueValidator(COMMON_THRESHOLD_MINIMUM)],
        help_text=_(
            "Jede Ansicht über mehrere Kommunen verdeckt Zahlen unter dieser Schwelle (mindestens 5), "
            "auch wenn eine Kommune für sich eine niedrigere gewählt hat."
        ),
    )

    class Meta:
        verbose_name = _("Einstellungen des Verbunds")
        verbose_name_plural = _("Einstellungen des Verbunds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(common_threshold__gte=COMMON_THRESHOLD_MINIMUM),
                name="association_common_threshold_min_5",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> AssociationSettings:
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings

    def threshold_for(self, tenant: Tenant) -> int:
        """The threshold of a cross-tenant view for this tenant's figures."""
        return max(self.common_threshold, tenant.suppression_threshold)
