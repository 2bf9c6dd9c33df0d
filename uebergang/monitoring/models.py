"""Transition monitoring: destination code lists, school leavers (pseudonymised), counts, imports."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Organisation, Qualification
from uebergang.tenants.models import Region, Tenant, TenantOwnedQuerySet

# The top-level destination codes of DESIGN.md with their iABE sector, in the current version "2027.1".
TOP_LEVEL_DESTINATIONS = [
    ("dual", _("Duale Berufsausbildung"), "I"),
    ("school_vet", _("Schulische Berufsausbildung"), "I"),
    ("transition", _("Übergangsbereich"), "II"),
    ("upper_secondary", _("Erwerb der Hochschulzugangsberechtigung"), "III"),
    ("general_school", _("Verbleib an einer allgemeinbildenden Schule"), ""),
    ("higher_ed", _("Studium"), "IV"),
    ("rehab", _("Berufliche Rehabilitation (SGB IX)"), ""),
    ("service", _("Freiwilligendienst oder Wehrdienst"), ""),
    ("work", _("Arbeit ohne Ausbildung"), ""),
    ("neet", _("arbeitslos, nicht in Bildung oder Ausbildung"), ""),
    ("other", _("anderweitig bekannt"), ""),
    ("unknown", _("Verbleib unbekannt"), ""),
    # Stored when a coordinator imports leavers before the destination was collected: never "unknown".
    ("not_collected", _("Verbleib noch nicht erhoben"), ""),
]
NOT_COLLECTED = "not_collected"
TOP_LEVEL_CODES = [code for code, _label, _sector in TOP_LEVEL_DESTINATIONS]
# Sub-codes every tenant shares (code, label, top-level code, iABE sector); tenants add their own below.
SHARED_SUB_CODES = [
    ("dual_company", _("betriebliche Ausbildung"), "dual", "I"),
    ("dual_external", _("außerbetriebliche Ausbildung (BaE, § 76 SGB III)"), "dual", "I"),
    ("rehab_training", _("Fachpraktikerausbildung (§ 66 BBiG / § 42r HwO)"), "rehab", "I"),
    ("rehab_workshop", _("Berufsbildungsbereich einer Werkstatt für behinderte Menschen"), "rehab", ""),
    ("rehab_bvb", _("Reha-BvB (berufsvorbereitende Bildungsmaßnahme für Rehabilitanden)"), "rehab", ""),
]
# The shared sub-codes that say where dual training takes place; CohortCount keeps them as `place`.
DUAL_PLACES = ("dual_company", "dual_external")
CURRENT_CODE_LIST_VERSION = "2027.1"
# What changed against the predecessor, shown on the codes page; comparisons across versions read it.
VERSION_CHANGES = {
    "2027.1": [
        {
            "from": ["upper_secondary"],
            "to": ["upper_secondary", "general_school"],
            "note": _(
                "„Erwerb der Hochschulreife / weiter zur Schule“ umfasste auch den Verbleib an einer "
                "allgemeinbildenden Schule (z. B. Klasse 10 für den mittleren Abschluss); seither zählt "
                "upper_secondary nur den Weg zur Hochschulzugangsberechtigung (iABE III). Vergleichbar mit "
                "älteren Jahrgängen ist die Summe beider Codes."
            ),
        },
        {
            "from": ["dual"],
            "to": ["dual"],
            "note": _(
                "Neu unterschieden: betriebliche (dual_company) und außerbetriebliche Ausbildung "
                "(dual_external). Ältere Jahrgänge haben diese Unterscheidung nicht; ihr Anteil betrieblicher "
                "Ausbildung bleibt leer."
            ),
        },
        {
            "from": ["dual", "transition", "other"],
            "to": ["rehab"],
            "note": _(
                "Rehabilitation und behinderungsspezifische Wege (Fachpraktikerausbildung, "
                "Berufsbildungsbereich einer WfbM, Reha-BvB) waren unter dual, transition oder other erfasst; "
                "sie haben nun einen eigenen Code. Für Vergleiche mit älteren Jahrgängen dort hinzuzählen."
            ),
        },
    ],
}


class CodeListVersion(models.Model):
    """A published version of the destination code list; comparisons stay valid across local sub-codes."""

    version = models.CharField(_("Version"), max_length=20, unique=True)
    published_on = models.DateField(_("veröffentlicht am"))
    note = models.TextField(_("Änderungen"), blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vorgängerversion"),
    )

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("Version der Verbleibscodes")
        verbose_name_plural = _("Versionen der Verbleibscodes")

    def __str__(self) -> str:
        return self.version


class DestinationQuerySet(models.QuerySet):
    def available_to(self, tenant: Tenant):
        """The current version's shared codes, those of the tenant's Land and the tenant's own."""
        shared = models.Q(tenant__isnull=True) & (models.Q(land="") | models.Q(land=tenant.land))
        return self.filter(version__version=CURRENT_CODE_LIST_VERSION).filter(
            shared | models.Q(tenant=tenant)
        )

    def top_level(self):
        return self.filter(tenant__isnull=True, parent__isnull=True)

    def current(self):
        return self.filter(version__version=CURRENT_CODE_LIST_VERSION)


class Destination(models.Model):
    """A destination code: top-level (shared, tenant empty) or a tenant's local sub-code under one."""

    class Sector(models.TextChoices):
        VOCATIONAL = "I", _("I Berufsausbildung")
        TRANSITION = "II", _("II Übergangsbereich")
        HIGHER_ENTRANCE = "III", _("III Erwerb der Hochschulzugangsberechtigung")
        HIGHER_EDUCATION = "IV", _("IV Studium")

    version = models.ForeignKey(
        CodeListVersion, on_delete=models.PROTECT, related_name="codes", verbose_name=_("Version")
    )
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Kommune")
    )
    code = models.SlugField(_("Code"), max_length=40)
    label = models.CharField(_("Bezeichnung"), max_length=200)
    iabe_sector = models.CharField(_("iABE-Sektor"), max_length=3, choices=Sector.choices, blank=True)
    # A programme of one Land (lib/laender.py PROGRAMMES), shared by that Land's tenants; blank: everyone's.
    land = models.CharField(_("Bundesland"), max_length=2, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_codes",
        verbose_name=_("übergeordneter Code"),
    )

    objects = DestinationQuerySet.as_manager()

    class Meta:
        ordering = ["version", "parent_id", "id"]
        verbose_name = _("Verbleibscode")
        verbose_name_plural = _("Verbleibscodes")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                condition=models.Q(tenant__isnull=True),
                name="destination_top_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "tenant", "code"],
                condition=models.Q(tenant__isnull=False),
                name="destination_local_unique",
            ),
            # Local codes hang under a top-level code; codes without a tenant (top-level codes and the
            # shared sub-codes) are shared by all tenants.
            models.CheckConstraint(
                condition=models.Q(tenant__isnull=True) | models.Q(parent__isnull=False),
                name="destination_local_codes_have_a_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def top_level_code(self) -> str:
        return self.parent.code if self.parent_id else self.code


class Gender(models.TextChoices):
    FEMALE = "f", _("weiblich")
    MALE = "m", _("männlich")
    DIVERSE = "d", _("divers")
    UNKNOWN = "x", _("ohne Angabe")


class MonitoringSettings(models.Model):
    """Per-tenant secret for pseudonyms: a keyed hash of the source's id, never the id itself."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    pseudonym_key = models.CharField(max_length=64, default=secrets.token_hex, editable=False)

    class Meta:
        verbose_name = _("Einstellungen des Monitorings")
        verbose_name_plural = _("Einstellungen des Monitorings")

    def __str__(self) -> str:
        return str(self.tenant)


class ImportBatch(models.Model):
    """One import of leaver records or counts; runs in the background and reports its progress."""

    class Kind(models.TextChoices):
        LEAVERS = "leavers", _("Schulabgänger/innen (Einzeldaten)")
        COUNTS = "counts", _("Fallzahlen (Tabellen)")

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        CHECKING = "checking", _("wird geprüft")
        MAPPING = "mapping", _("Zuordnung nötig")
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")
        FAILED = "failed", _("abgelehnt")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.LEAVERS)
    source = models.CharField(_("Quelle"), max_length=100, help_text=_("z. B. „Schulamt, Abgangsstatistik“"))
    file_name = models.CharField(_("Datei"), max_length=255)
    # The upload until it is imported (then at once) or 24 hours old (`purge_uploads`): it holds pupil ids.
    stored_file = models.CharField(max_length=500, blank=True)
    sheet = models.CharField(_("Tabellenblatt"), max_length=100, blank=True)
    # The django-tasks result of the check or import that runs now, and the worker's last heartbeat.
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    not_collected = models.BooleanField(
        _("Verbleib noch nicht erhoben"),
        default=False,
        help_text=_(
            "Die Datei hat keine Verbleibsspalte; jede Zeile wird als „noch nicht erhoben“ gespeichert."
        ),
    )
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("Zeilen"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("verarbeitet"), default=0)
    imported_rows = models.PositiveIntegerField(_("importiert"), default=0)
    replaced_rows = models.PositiveIntegerField(_("ersetzt"), default=0)
    report = models.JSONField(_("Prüfbericht"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportMapping(models.Model):
    """How one source's columns and values map onto our fields and codes; offered again next year."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    source = models.CharField(_("Quelle"), max_length=100)
    kind = models.CharField(
        _("Art"), max_length=10, choices=ImportBatch.Kind.choices, default=ImportBatch.Kind.LEAVERS
    )
    columns = models.JSONField(_("Spalten"), default=dict, help_text=_("Spaltentitel der Datei → Feld"))
    values = models.JSONField(_("Werte"), default=dict, help_text=_("Feld → {Wert der Datei → Code}"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["source"]
        verbose_name = _("Zuordnung einer Quelle")
        verbose_name_plural = _("Zuordnungen der Quellen")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "source", "kind"], name="import_mapping_unique_source"),
        ]

    def __str__(self) -> str:
        return self.source


def plain_reference(to, on_delete, verbose_name, *, optional: bool = False, index: bool = False):
    """A reference the writers keep instead of the database: a plain id column without a foreign key.

    For the tables the imports write by the million (Leaver, CohortCount): a foreign key costs a check
    per row and reference at commit, while the imports look each distinct value up once among the
    tenant's own rows and refuse every other (bench/README.md). Django's CASCADE, PROTECT and SET_NULL
    still run for every ORM delete, as all deletes here are; a raw SQL delete is not stopped.
    """
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=optional,
        blank=optional,
        related_name="+",
        db_constraint=False,
        db_index=index,
        verbose_name=verbose_name,
    )


class Leaver(models.Model):
    """One school leaver as microdata: a pseudonym and facts, never a name or a birth date.

    Written almost only by the import, a million rows at a time, and read by nobody but the count
    refresh (dashboards read CohortCount). So the table carries just what the import and the refresh need,
    and the import keeps the integrity (bench/README.md has the cost of each index and constraint):

    - every reference (tenant, school, region, the three destinations, batch) is a `plain_reference`:
      the import only ever writes the tenant's id and ids it has just looked up among the tenant's own
      schools, regions and codes;
    - two non-unique indexes whose keys arrive in order (cheap to keep during a COPY): (tenant, year) —
      a tenant's records of a year, for the count refresh and the uniqueness check — and (school, year),
      for replacing a cohort and for the PROTECT check when an organisation is deleted;
    - no unique index on (tenant, year, pseudonym): a young person leaves one school per year, but random
      pseudonyms make that index the dearest part of a million-row write. The import checks it instead:
      within the file (a set of the rows' keys) and against the cohorts of other schools stored for the
      same years (`imports._others`), reporting each such row.
    """

    tenant = plain_reference(Tenant, models.CASCADE, _("Kommune"))
    pseudonym = models.CharField(_("Pseudonym"), max_length=64)
    school = plain_reference(Organisation, models.PROTECT, _("Schule"))
    school_type = models.CharField(_("Schulart"), max_length=30, choices=Organisation.SchoolType.choices)
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    qualification = models.CharField(_("Abschluss"), max_length=20, choices=Qualification.choices)
    gender = models.CharField(_("Geschlecht"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN)
    age_at_leaving = models.PositiveSmallIntegerField(_("Alter beim Abgang"), null=True, blank=True)
    region = plain_reference(Region, models.SET_NULL, _("Wohnregion"), optional=True)
    special_needs = models.BooleanField(_("sonderpädagogischer Förderbedarf"), null=True, blank=True)
    non_german = models.BooleanField(_("nichtdeutsche Staatsangehörigkeit"), null=True, blank=True)
    planned_destination = plain_reference(
        Destination, models.PROTECT, _("geplanter Anschluss"), optional=True
    )
    planned_on = models.DateField(_("geplant am"), null=True, blank=True)
    actual_destination = plain_reference(
        Destination, models.PROTECT, _("tatsächlicher Anschluss"), optional=True
    )
    actual_as_of = models.DateField(_("Stand des Anschlusses"), null=True, blank=True)
    followup_destination = plain_reference(
        Destination, models.PROTECT, _("Verbleib nach einem Jahr"), optional=True
    )
    followup_as_of = models.DateField(_("Stand des Verbleibs"), null=True, blank=True)
    batch = plain_reference(ImportBatch, models.SET_NULL, _("Import"), optional=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Schulabgänger/in")
        verbose_name_plural = _("Schulabgänger/innen")
        indexes = [
            models.Index(fields=["tenant", "leaving_year"], name="leaver_tenant_year_idx"),
            models.Index(fields=["school", "leaving_year"], name="leaver_school_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.leaving_year} {self.pseudonym[:8]}"


class CohortCount(models.Model):
    """A count of leavers per cell: pre-computed from microdata by each import, or imported as a table.

    Dashboards read only these rows, so they stay fast and never touch microdata.
    """

    class Origin(models.TextChoices):
        MICRODATA = "microdata", _("aus Einzeldaten")
        TABLE = "table", _("aus Tabellen")

    # tenant: no index of its own, (tenant, leaving_year) below serves every read by tenant; school and
    # region: indexed for Django's PROTECT and SET_NULL when one is deleted.
    tenant = plain_reference(Tenant, models.CASCADE, _("Kommune"))
    origin = models.CharField(_("Herkunft"), max_length=10, choices=Origin.choices)
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    school = plain_reference(Organisation, models.PROTECT, _("Schule"), optional=True, index=True)
    school_type = models.CharField(
        _("Schulart"), max_length=30, choices=Organisation.SchoolType.choices, blank=True
    )
    qualification = models.CharField(_("Abschluss"), max_length=20, choices=Qualification.choices, blank=True)
    gender = models.CharField(_("Geschlecht"), max_length=1, choices=Gender.choices, blank=True)
    region = plain_reference(Region, models.SET_NULL, _("Wohnregion"), optional=True, index=True)
    # Top-level codes (TOP_LEVEL_CODES); blank where not known.
    destination = models.CharField(_("Anschluss"), max_length=40)
    planned = models.CharField(_("geplanter Anschluss"), max_length=40, blank=True)
    followup = models.CharField(_("Verbleib nach einem Jahr"), max_length=40, blank=True)
    # Of dual training: company-based or external (DUAL_PLACES); blank where not told or not dual.
    place = models.CharField(_("Ausbildungsort"), max_length=20, blank=True, default="")
    count = models.PositiveIntegerField(_("Anzahl"))

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fallzahl")
        verbose_name_plural = _("Fallzahlen")
        indexes = [
            models.Index(fields=["tenant", "leaving_year"], name="cohort_count_tenant_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.leaving_year} {self.destination}: {self.count}"


class YearSummary(models.Model):
    """Leavers per tenant, year and top-level destination (microdata and tables together).

    CohortCount summed over everything but tenant, year and destination: about 100 rows per tenant, so
    the association's comparison of all tenants reads a few thousand rows instead of every count cell
    of the year (~440,000 for 400 tenants). Written wherever CohortCount is (summaries.refresh_years);
    suppression is applied when it is read, exactly as for the tenant's own headline figures.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    destination = models.CharField(_("Anschluss"), max_length=40)
    count = models.PositiveIntegerField(_("Anzahl"))

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Jahresübersicht")
        verbose_name_plural = _("Jahresübersichten")
        constraints = [
            models.UniqueConstraint(
                fields=["leaving_year", "tenant", "destination"], name="year_summary_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leaving_year} {self.destination}: {self.count}"


class CohortCodeList(models.Model):
    """The code list versions a cohort (tenant, leaving year) was recorded with: written by every import
    and clarification. A cohort of an older version is marked where figures are compared (VERSION_CHANGES
    says how its codes compare); one with two versions is marked mixed."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    version = models.ForeignKey(
        CodeListVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("Version")
    )

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["leaving_year", "version__published_on"]
        verbose_name = _("Codeliste eines Jahrgangs")
        verbose_name_plural = _("Codelisten der Jahrgänge")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "leaving_year", "version"], name="cohort_code_list_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leaving_year}: {self.version}"


class Clarification(models.Model):
    """A leaver's destination found out after the school's report, e.g. by a case of the Verbleibsklärung.

    The leaver's record then carries the clarified destination (so every count and dashboard shows it),
    while this row keeps what the school reported (`destination_before`, never overwritten), when, from
    which source and by whom. It is keyed by the cohort and the pupil's keyed pseudonym rather than by
    the record: an import that replaces the cohort writes new records, and `clarifications.reapply`
    carries the clarification over where the school still reports the destination as unknown. A
    withdrawn clarification (the case was corrected) stays for the history.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    pseudonym = models.CharField(_("Pseudonym"), max_length=64)
    destination_before = models.ForeignKey(
        Destination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeldeter Anschluss"),
    )
    destination_after = models.ForeignKey(
        Destination, on_delete=models.PROTECT, related_name="+", verbose_name=_("geklärter Anschluss")
    )
    clarified_on = models.DateField(_("geklärt am"))
    source = models.CharField(_("Quelle"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("zurückgenommen am"), null=True, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Klärung des Verbleibs")
        verbose_name_plural = _("Klärungen des Verbleibs")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "leaving_year", "pseudonym"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="clarification_one_active_per_leaver",
            )
        ]
        indexes = [models.Index(fields=["tenant", "leaving_year"], name="clarification_tenant_year_idx")]

    def __str__(self) -> str:
        return f"{self.leaving_year} {self.pseudonym[:8]} → {self.destination_after.code}"
