"""The offering catalogue, shaped after Open Referral HSDS 3 with what a German youth catalogue needs.

HSDS → Übergang: organization = `network.Organisation` (the provider), service = `Offering`,
location + service_at_location = `OfferingLocation` (a location belongs to one offering),
taxonomy_term = `Category` and the fixed vocabularies below (phase, target group, school type,
qualification, language), funding/cost_option/schedule/contact/service_capacity = fields of
`Offering`. The mapping to HSDS JSON lives in `hsds.py`; `docs/hsds-profile.md` describes it.

The `Offering` row is always what the public sees. A partner's change to a published offering is an
`OfferingVersion` in review; the row changes only when a coordinator approves it (`actions.py`).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.lib.codeset import CodeSetField
from uebergang.network.models import FundingSource, LegalSphere, Organisation, Qualification
from uebergang.tenants.models import Region, Tenant, TenantOwnedQuerySet

# Fixed vocabularies. CodeSetField stores them as bit masks: append new codes, never reorder or remove.


class Phase(models.TextChoices):
    """Phases (Übergänge) of the education chain."""

    FAMILY_KITA = "family_kita", _("Familie–KiTa")
    KITA_PRIMARY = "kita_primary", _("KiTa–Grundschule")
    PRIMARY_SECONDARY = "primary_secondary", _("Grundschule–Sek I")
    ORIENTATION = "orientation", _("Berufsorientierung Sek I")
    SCHOOL_TO_TRAINING = "school_to_training", _("Sek I–Ausbildung")
    TRAINING = "training", _("Ausbildung")
    REQUALIFICATION = "requalification", _("Nachqualifizierung")


class TargetGroup(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("Jugendliche")
    PARENTS = "parents", _("Eltern")
    TEACHERS = "teachers", _("Lehrkräfte")
    NEWLY_ARRIVED = "newly_arrived", _("Neu zugewanderte junge Menschen")
    DISABILITY = "disability", _("Junge Menschen mit Behinderung")
    YOUNG_PARENTS = "young_parents", _("Junge Eltern")
    NO_QUALIFICATION = "no_qualification", _("Ohne Schulabschluss")
    TRAINING_DROPOUTS = "training_dropouts", _("Ausbildungsabbrecher/innen")
    GIRLS = "girls", _("Mädchen und junge Frauen")
    COMPANIES = "companies", _("Betriebe")


class SchoolType(models.TextChoices):
    """Same codes as `Organisation.SchoolType`, plus primary school."""

    WERKREALSCHULE = "werkrealschule", _("Werkrealschule/Hauptschule")
    REALSCHULE = "realschule", _("Realschule")
    GEMEINSCHAFTSSCHULE = "gemeinschaftsschule", _("Gemeinschaftsschule")
    GYMNASIUM = "gymnasium", _("Gymnasium")
    SBBZ = "sbbz", _("SBBZ/Förderschule")
    VOCATIONAL = "vocational", _("Berufliche Schule")
    PRIMARY = "primary", _("Grundschule")


class Language(models.TextChoices):
    """Languages an offering is held in (ISO 639-1)."""

    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")
    TURKISH = "tr", _("Türkisch")
    ARABIC = "ar", _("Arabisch")
    RUSSIAN = "ru", _("Russisch")
    UKRAINIAN = "uk", _("Ukrainisch")
    POLISH = "pl", _("Polnisch")
    PERSIAN = "fa", _("Persisch (Farsi/Dari)")
    ROMANIAN = "ro", _("Rumänisch")
    BULGARIAN = "bg", _("Bulgarisch")
    ITALIAN = "it", _("Italienisch")
    FRENCH = "fr", _("Französisch")
    KURDISH = "ku", _("Kurdisch")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    GERMAN_SIGN = "gsg", _("Deutsche Gebärdensprache")
    EASY = "easy", _("Leichte Sprache")


# The categories every tenant starts with (code, German name). Tenants add their own.
DEFAULT_CATEGORIES = [
    ("career_orientation", "Berufsorientierung"),
    ("application_training", "Bewerbungstraining"),
    ("internships", "Praktika"),
    ("mentoring", "Mentoring und Patenschaften"),
    ("language_support", "Sprachförderung"),
    ("learning_support", "Lernförderung und Nachhilfe"),
    ("parent_work", "Elternarbeit"),
    ("vocational_preparation", "Berufsvorbereitung"),
    ("training_support", "Ausbildungsbegleitung"),
    ("counselling", "Beratung"),
    ("youth_social_work", "Jugendsozialarbeit"),
    ("school_social_work", "Schulsozialarbeit"),
    ("second_chance", "Schulabschluss nachholen"),
    ("job_fairs", "Ausbildungsmessen und Betriebserkundungen"),
]


class CatalogueSettings(models.Model):
    """Per-tenant settings of the offering catalogue."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="catalogue_settings", verbose_name=_("Kommune")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("Prüfintervall in Monaten"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Angebote, deren letzte Prüfung länger zurückliegt, gelten als veraltet."),
    )

    class Meta:
        verbose_name = _("Einstellungen des Angebotskatalogs")
        verbose_name_plural = _("Einstellungen des Angebotskatalogs")

    def __str__(self) -> str:
        return str(self.tenant)

    @classmethod
    def of(cls, tenant: Tenant) -> CatalogueSettings:
        """The tenant's settings; defaults when none are saved (nothing is written)."""
        return cls.objects.filter(tenant=tenant).first() or cls(tenant=tenant)


class CategoryQuerySet(models.QuerySet):
    def for_tenant(self, tenant: Tenant):
        """The shared default categories and the tenant's own."""
        return self.filter(models.Q(tenant__isnull=True) | models.Q(tenant=tenant))


class Category(models.Model):
    """A term of the category taxonomy: shared defaults (tenant empty) and a tenant's own additions."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Kommune")
    )
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("Code"), max_length=50)
    name = models.CharField(_("Name"), max_length=100)
    name_en = models.CharField(_("Name (Englisch)"), max_length=100, blank=True)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="category_unique_code_per_tenant"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(tenant__isnull=True), name="category_unique_default_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfferingQuerySet(TenantOwnedQuerySet):
    def published(self):
        return self.filter(status=Offering.Status.PUBLISHED)

    def stale(self, today: date, months: int):
        """Offerings whose last check is older than `months` months (or that were never checked)."""
        from uebergang.offerings.staleness import checked_before  # the date arithmetic lives there

        cutoff = checked_before(today, months)
        return self.filter(models.Q(last_checked__isnull=True) | models.Q(last_checked__lt=cutoff))


class Offering(models.Model):
    """An offering (Angebot/Maßnahme) of a provider: HSDS service with the German youth profile."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_REVIEW = "in_review", _("in Prüfung")
        PUBLISHED = "published", _("veröffentlicht")
        ARCHIVED = "archived", _("archiviert")

    class ServiceStatus(models.TextChoices):
        """HSDS `service.status`."""

        ACTIVE = "active", _("aktiv")
        INACTIVE = "inactive", _("inaktiv")
        DEFUNCT = "defunct", _("eingestellt")
        TEMPORARILY_CLOSED = "temporarily closed", _("vorübergehend geschlossen")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("Anbieter")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    service_status = models.CharField(
        _("Angebotsstatus"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )

    # Texts
    title = models.CharField(_("Titel"), max_length=200)
    short_description = models.CharField(_("Kurzbeschreibung"), max_length=400)
    description = models.TextField(_("Beschreibung"), blank=True)
    plain_language = models.TextField(
        _("In Einfacher Sprache"), blank=True, help_text=_("Kurze Sätze, bekannte Wörter, keine Abkürzungen.")
    )

    # Classification
    phases = CodeSetField(_("Phasen der Bildungskette"), choices=Phase.choices, blank=True)
    categories = models.ManyToManyField(
        Category, related_name="offerings", blank=True, verbose_name=_("Kategorien")
    )
    target_groups = CodeSetField(_("Zielgruppen"), choices=TargetGroup.choices, blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("Mindestalter"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("Höchstalter"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    school_types = CodeSetField(_("Schularten"), choices=SchoolType.choices, blank=True)
    min_grade = models.PositiveSmallIntegerField(
        _("ab Klasse"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    max_grade = models.PositiveSmallIntegerField(
        _("bis Klasse"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    qualifications = CodeSetField(_("Schulabschluss"), choices=Qualification.choices, blank=True)

    # Legal basis and funding (HSDS funding)
    legal_sphere = models.CharField(_("Rechtskreis"), max_length=20, choices=LegalSphere.choices, blank=True)
    legal_basis = models.CharField(
        _("Rechtsgrundlage"), max_length=100, blank=True, help_text=_("z. B. § 48 SGB III")
    )
    funding_source = models.CharField(
        _("Mittelgeber"), max_length=20, choices=FundingSource.choices, blank=True, help_text=_("Wer zahlt")
    )
    funder_name = models.CharField(
        _("Förderer"),
        max_length=200,
        blank=True,
        help_text=_("z. B. Ministerium für Soziales, Bürgerstiftung"),
    )
    statutory = models.BooleanField(
        _("gesetzliche Regelleistung"),
        default=False,
        help_text=_(
            "Leistung mit Rechtsanspruch oder Regelauftrag (z. B. Berufsberatung § 29 SGB III): "
            "unbefristet finanziert, erscheint nie als auslaufende Förderung."
        ),
    )
    programme = models.CharField(_("Förderprogramm"), max_length=200, blank=True)
    funding_start = models.DateField(_("Förderung ab"), null=True, blank=True)
    funding_end = models.DateField(_("Förderung bis"), null=True, blank=True)
    funding_amount = models.DecimalField(
        _("Fördersumme (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    # Capacity (HSDS service_capacity)
    places_total = models.PositiveIntegerField(_("Plätze insgesamt"), null=True, blank=True)
    places_free = models.PositiveIntegerField(_("freie Plätze"), null=True, blank=True)
    places_updated_at = models.DateField(_("Plätze aktualisiert am"), null=True, blank=True)

    # Practicalities
    schedule = models.TextField(_("Zeiten"), blank=True, help_text=_("z. B. „dienstags 15–17 Uhr“"))
    is_free = models.BooleanField(_("kostenfrei"), default=True)
    cost_amount = models.DecimalField(
        _("Kosten (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_description = models.CharField(_("Hinweis zu Kosten"), max_length=200, blank=True)
    languages = CodeSetField(_("Sprachen"), choices=Language.choices, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    how_to_apply = models.TextField(_("So melden Sie sich an"), blank=True)
    url = models.URLField(_("Weblink"), blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    schools_served = models.ManyToManyField(
        Organisation,
        related_name="offerings_at_school",
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        verbose_name=_("Schulen"),
    )

    last_checked = models.DateField(_("zuletzt geprüft"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Denormalised text for the full-text search (title, texts, provider, categories, places):
    # kept by `search.refresh_search_text()`; PostgreSQL indexes it with the `german` configuration.
    search_text = models.TextField(editable=False, blank=True)

    # --- Search: denormalised links (kept by `search.refresh_search_text()`, like `search_text`) ---------
    # The ids of the offering's categories and of the regions of its locations, sorted and distinct, so
    # the facet counts of a search read them from the row it reads anyway instead of probing the link
    # tables once per matching offering (bench/README.md, "Offering search"). Ids of a category or region
    # deleted since are ignored by the counts.
    search_category_ids = models.JSONField(default=list, blank=True, editable=False)
    search_region_ids = models.JSONField(default=list, blank=True, editable=False)
    # For the radius search and the distance order (`nearby`): [[latitude, longitude], …] of the public
    # locations with coordinates, and the three-digit postcode areas of the confidential locations of an
    # offering without any public one (a confidential position never becomes a distance).
    search_points = models.JSONField(default=list, blank=True, editable=False)
    search_areas = models.JSONField(default=list, blank=True, editable=False)
    # --- end of the search block ---------------------------------------------------------------------------

    # Attached files (documents app); deleted with this row.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        indexes = [
            models.Index(fields=["tenant", "status"], name="offering_tenant_status_idx"),
            models.Index(fields=["tenant", "provider"], name="offering_tenant_provider_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="offering_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(min_grade__isnull=True)
                | models.Q(max_grade__isnull=True)
                | models.Q(min_grade__lte=models.F("max_grade")),
                name="offering_grade_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_start__isnull=True)
                | models.Q(funding_end__isnull=True)
                | models.Q(funding_start__lte=models.F("funding_end")),
                name="offering_funding_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OfferingLocationQuerySet(TenantOwnedQuerySet):
    tenant_path = "offering__tenant"

    def public(self):
        return self.filter(is_confidential=False)


class OfferingLocation(models.Model):
    """Where an offering takes place (HSDS location + service_at_location).

    A confidential location (e.g. a shelter) keeps its exact address and coordinates from the public,
    the public API and every export; they show only the town (and region).
    """

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="locations", verbose_name=_("Angebot")
    )
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Bezeichnung"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Region")
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    is_confidential = models.BooleanField(
        _("Adresse vertraulich"),
        default=False,
        help_text=_("Die genaue Adresse erscheint weder öffentlich noch in Exporten, nur der Ort."),
    )
    accessibility = models.CharField(_("Barrierefreiheit vor Ort"), max_length=300, blank=True)

    objects = OfferingLocationQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name", "pk"]
        verbose_name = _("Ort des Angebots")
        verbose_name_plural = _("Orte des Angebots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__range=(-90, 90), longitude__range=(-180, 180)),
                name="offering_location_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.city


class OfferingVersionQuerySet(TenantOwnedQuerySet):
    tenant_path = "offering__tenant"

    def pending(self):
        return self.filter(status=OfferingVersion.Status.IN_REVIEW)


class OfferingVersion(models.Model):
    """A kept state of an offering: every save writes one; a change to a published offering waits here.

    `data` is the offering as `versions.snapshot()` writes it (fields, categories, schools, locations),
    so two versions can be compared field by field and an approved one applied to the offering.
    """

    class Status(models.TextChoices):
        SAVED = "saved", _("gespeichert")  # applied directly (drafts, coordinators' edits)
        IN_REVIEW = "in_review", _("in Prüfung")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Angebot")
    )
    number = models.PositiveIntegerField(_("Version"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    data = models.JSONField(_("Inhalt"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    review_note = models.TextField(_("Anmerkung der Prüfung"), blank=True)

    objects = OfferingVersionQuerySet.as_manager()

    class Meta:
        ordering = ["offering", "-number"]
        verbose_name = _("Version eines Angebots")
        verbose_name_plural = _("Versionen eines Angebots")
        constraints = [
            models.UniqueConstraint(fields=["offering", "number"], name="offering_version_unique_number"),
            models.UniqueConstraint(
                fields=["offering"],
                condition=models.Q(status="in_review"),
                name="offering_version_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering} v{self.number}"


# --- Search (`search.py`, `fulltext.py`) ------------------------------------------------------------------


class SearchWord(models.Model):
    """A word of a tenant's offering texts: the vocabulary typo tolerance picks corrections from.

    `refresh_search_text()` adds the words of every offering it indexes; a word is never removed (a stale
    one is harmless: a correction is only offered when it finds published offerings). `folded` is the
    form searched (`german.fold`), `word` the form shown ("Ergebnisse für „Bewerbung“").
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    folded = models.CharField(max_length=60)
    word = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "folded"], name="searchword_unique_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.word


class SearchSynonym(models.Model):
    """Words and phrases that mean the same in a search of the tenant's catalogue (one group per row).

    A search for any of them also finds offerings with the others ("Flüchtling" finds "Geflüchtete"
    and "neu zugewanderte Jugendliche"); `expansion.py` reads them. Coordinators keep the list
    (`views/synonyms.py`); every tenant starts with `synonyms.DEFAULT_SYNONYMS`.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    words = models.CharField(
        _("Gleichbedeutende Begriffe"),
        max_length=500,
        help_text=_("Durch Komma getrennt, z. B. „Flüchtling, Geflüchtete, neu zugewandert“."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["words", "pk"]
        verbose_name = _("Synonymgruppe der Suche")
        verbose_name_plural = _("Synonyme der Suche")

    def __str__(self) -> str:
        return self.words
