"""Actors (organisations, contact persons) and the network of bodies with meetings, decisions and tasks."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.lib.codeset import CodeSetField
from uebergang.tenants.models import Region, Tenant, TenantOwnedQuerySet


class BodyScopedQuerySet(TenantOwnedQuerySet):
    tenant_path = "body__tenant"


class LegalSphere(models.TextChoices):
    """Legal spheres (Rechtskreise): the legal basis a service rests on — not who pays for it.

    Who pays is `FundingSource`. Programmes of a Land, a municipality, the ESF Plus or a foundation
    used to sit here; migration network 0003 / offerings 0007 moved them to the funding source.
    """

    SGB_II = "sgb2", _("SGB II (Grundsicherung/Jobcenter)")
    SGB_III = "sgb3", _("SGB III (Arbeitsförderung)")
    SGB_VIII = "sgb8", _("SGB VIII (Kinder- und Jugendhilfe)")
    SGB_IX = "sgb9", _("SGB IX (Rehabilitation und Teilhabe)")
    SCHOOL_LAW = "school", _("Schulrecht (Land)")
    RESIDENCE_ACT = "aufenthg", _("AufenthG (Integrationskurse)")
    NONE = "none", _("ohne gesetzliche Grundlage")


# Former funding-like Rechtskreis codes → their funding source (used by the data migrations and importers).
FORMER_FUNDING_SPHERES = {
    "state": "state",
    "municipal": "municipal",
    "federal_esf": "esf_plus",
    "foundation": "foundation",
}


class FundingSource(models.TextChoices):
    """Who pays for a service (Mittelgeber) — kept apart from the legal basis (LegalSphere).

    Shared by the offerings (Angebote) and the planning app's funding lines, so both speak of the
    same payers and can be compared.
    """

    FEDERAL = "federal", _("Bund")
    STATE = "state", _("Land")
    MUNICIPAL = "municipal", _("Kommune")
    ESF_PLUS = "esf_plus", _("ESF Plus")
    EMPLOYMENT_AGENCY = "employment_agency", _("Bundesagentur/Jobcenter")
    FOUNDATION = "foundation", _("Stiftung")
    BUSINESS = "business", _("Wirtschaft/Kammer")
    OWN_FUNDS = "own_funds", _("Eigenmittel")


class Qualification(models.TextChoices):
    """School qualifications: what leavers reach (monitoring) and what offerings ask for (offerings)."""

    NONE = "none", _("ohne Abschluss")
    FIRST = "first", _("Erster Schulabschluss/Hauptschulabschluss")
    INTERMEDIATE = "intermediate", _("Mittlerer Schulabschluss")
    ADVANCED_TECHNICAL = "advanced_technical", _("Fachhochschulreife")
    ABITUR = "abitur", _("Abitur")


class OrganisationQuerySet(TenantOwnedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    """An actor of the network: a school, an agency, a provider, a company, a volunteer group…"""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("Schule")
        EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
        JOBCENTER = "jobcenter", _("Jobcenter")
        YOUTH_OFFICE = "youth_office", _("Jugendamt")
        SCHOOL_AUTHORITY = "school_authority", _("Staatliches Schulamt")
        IHK = "ihk", _("IHK")
        HWK = "hwk", _("HWK")
        CRAFTS_GUILD = "crafts_guild", _("Kreishandwerkerschaft")
        TRAINING_PROVIDER = "training_provider", _("Bildungsträger")
        YOUTH_VOCATIONAL_AID = "youth_vocational_aid", _("Jugendberufshilfe")
        YOUTH_EMPLOYMENT_AGENCY = "youth_employment_agency", _("Jugendberufsagentur")
        WELFARE = "welfare", _("Wohlfahrtsverband")
        FOUNDATION = "foundation", _("Stiftung")
        COMPANY = "company", _("Unternehmen")
        VOLUNTEER = "volunteer", _("Verein/Ehrenamt")
        MUNICIPAL_ADMIN = "municipal_admin", _("Kommunalverwaltung")
        OTHER = "other", _("Sonstige")

    class SchoolType(models.TextChoices):
        WERKREALSCHULE = "werkrealschule", _("Werkrealschule/Hauptschule")
        REALSCHULE = "realschule", _("Realschule")
        GEMEINSCHAFTSSCHULE = "gemeinschaftsschule", _("Gemeinschaftsschule")
        GYMNASIUM = "gymnasium", _("Gymnasium")
        SBBZ = "sbbz", _("SBBZ/Förderschule")
        VOCATIONAL = "vocational", _("Berufliche Schule")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    school_type = models.CharField(_("Schulart"), max_length=30, choices=SchoolType.choices, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Region")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    identifier = models.CharField(
        _("Kennung"), max_length=50, blank=True, help_text=_("z. B. Schulnummer oder Dienststellennummer")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnete Organisation"),
    )
    funding_sources = CodeSetField(
        _("Mittelgeber"),
        choices=FundingSource.choices,
        blank=True,
        help_text=_("Wer die Arbeit des Akteurs finanziert (nicht der Rechtskreis)."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # id in the HSDS API
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="organisation_unique_name_per_tenant"),
            models.CheckConstraint(
                condition=models.Q(kind="school") | models.Q(school_type=""),
                name="organisation_school_type_only_for_schools",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "kind"], name="organisation_tenant_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def funding_source_labels(self) -> list[str]:
        return [str(label) for code, label in FundingSource.choices if code in self.funding_sources]

    @property
    def legal_sphere_codes(self) -> list[str]:
        return [link.code for link in self.legal_spheres.all()]


class OrganisationLegalSphere(models.Model):
    """One legal sphere an organisation works in (an organisation can have several)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="legal_spheres", verbose_name=_("Akteur")
    )
    code = models.CharField(_("Rechtskreis"), max_length=20, choices=LegalSphere.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Rechtskreis")
        verbose_name_plural = _("Rechtskreise")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="organisation_legal_sphere_unique"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class ContactQuerySet(TenantOwnedQuerySet):
    tenant_path = "organisation__tenant"

    def public(self):
        return self.filter(is_public=True)


class Contact(models.Model):
    """A contact person of an organisation; shown to the public only when `is_public`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Akteur")
    )
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=False,
        help_text=_("Sonst nur für angemeldete Fachkräfte der Kommune."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A network body (Gremium) on one of three levels."""

    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("strategisch")
        COORDINATING = "coordinating", _("koordinierend")
        OPERATIONAL = "operational", _("operativ")

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steuerungsgruppe")
        COORDINATION_GROUP = "coordination_group", _("Koordinierungsgruppe")
        REGIONAL_GROUP = "regional_group", _("Regionalgruppe")
        WORKING_GROUP = "working_group", _("Arbeitskreis")
        EXPERT_GROUP = "expert_group", _("Fachgruppe")

    LEVEL_OF_KIND = {
        Kind.STEERING_GROUP: Level.STRATEGIC,
        Kind.COORDINATION_GROUP: Level.COORDINATING,
        Kind.REGIONAL_GROUP: Level.OPERATIONAL,
        Kind.WORKING_GROUP: Level.OPERATIONAL,
        Kind.EXPERT_GROUP: Level.OPERATIONAL,
    }

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    name = models.CharField(_("Name"), max_length=200)
    code = models.CharField(
        _("Kürzel"),
        max_length=10,
        help_text=_("Für Beschlussnummern, z. B. SG für SG-2026-03"),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("Ebene"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Region")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Gremium"),
    )
    mandate = models.TextField(_("Auftrag"), blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="body_unique_code_per_tenant"),
            models.UniqueConstraint(fields=["tenant", "name"], name="body_unique_name_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMembership(models.Model):
    """An organisation's seat in a body, with the person it delegates."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        OFFICE = "office", _("Geschäftsführung")
        MEMBER = "member", _("Mitglied")
        GUEST = "guest", _("Gast")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Gremium")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("Akteur")
    )
    person = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("delegierte Person"),
    )
    role = models.CharField(_("Rolle im Gremium"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("von"), null=True, blank=True)
    end = models.DateField(_("bis"), null=True, blank=True)
    fte = models.DecimalField(
        _("delegierte Arbeitszeit (VZÄ)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "organisation__name"]
        verbose_name = _("Mitgliedschaft im Gremium")
        verbose_name_plural = _("Mitgliedschaften in Gremien")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="body_membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__isnull=True) | (models.Q(fte__gte=0) & models.Q(fte__lte=1)),
                name="body_membership_fte_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.body}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (self.start is None or self.start <= on) and (self.end is None or self.end >= on)


class BodyOfficer(models.Model):
    """A person who chairs a body or deputises for the chair, e.g. the regional coordinator of
    "Regionalgruppe West": they record the body's meetings, decisions and tasks without being the
    municipality's coordinator (accounts.permissions.managed_bodies)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        DEPUTY = "deputy", _("stellvertretender Vorsitz")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="officers", verbose_name=_("Gremium")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_offices",
        verbose_name=_("Person"),
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices)

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role"]
        verbose_name = _("Vorsitz eines Gremiums")
        verbose_name_plural = _("Vorsitze von Gremien")
        constraints = [
            models.UniqueConstraint(fields=["body", "role"], name="body_officer_one_per_role"),
            models.UniqueConstraint(fields=["body", "user"], name="body_officer_one_role_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user} ({self.body})"


class Meeting(models.Model):
    """A meeting (Sitzung) of a body."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Gremium")
    )
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    online_url = models.URLField(_("Online-Link"), blank=True)
    minutes = models.TextField(_("Protokoll (Markdown)"), blank=True)
    # Invitations by e-mail (network/invitations.py): the iCalendar SEQUENCE of the last one sent, raised
    # whenever time, place or title change, so calendar programs replace the earlier invitation.
    invitation_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Attached files (documents app); deleted with this row.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.body} {timezone.localtime(self.starts_at):%d.%m.%Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("Sitzung")
    )
    position = models.PositiveSmallIntegerField(_("Nr."))
    title = models.CharField(_("Tagesordnungspunkt"), max_length=300)
    notes = models.TextField(_("Erläuterung"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """An invitee of a meeting (from the body's memberships) and whether they came."""

    class Status(models.TextChoices):
        INVITED = "invited", _("eingeladen")
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Sitzung")
    )
    membership = models.ForeignKey(
        BodyMembership, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Mitgliedschaft")
    )
    status = models.CharField(_("Anwesenheit"), max_length=10, choices=Status.choices, default=Status.INVITED)

    class Meta:
        ordering = ["meeting", "membership__organisation__name"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_unique_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation}: {self.get_status_display()}"


class Decision(models.Model):
    """A decision (Beschluss) taken in a meeting, numbered per body and year: SG-2026-03."""

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("beschlossen")
        IMPLEMENTED = "implemented", _("umgesetzt")
        DROPPED = "dropped", _("verworfen")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("Sitzung")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Gremium")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    number = models.PositiveSmallIntegerField(_("laufende Nummer"))
    text = models.TextField(_("Beschluss"))
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.ADOPTED)
    created_at = models.DateTimeField(auto_now_add=True)

    # Attached files (documents app); deleted with this row.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="decision_unique_number_per_body_year"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.body.code}-{self.year}-{self.number:02d}"


class TaskQuerySet(BodyScopedQuerySet):
    def open(self):
        return self.exclude(status=Task.Status.DONE)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def assigned_to(self, user, organisation_ids):
        return self.filter(
            models.Q(responsible_user=user) | models.Q(responsible_organisation_id__in=organisation_ids)
        )


class Task(models.Model):
    """A task (Aufgabe) from a meeting or a decision, with someone responsible and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        DONE = "done", _("erledigt")

    # A task belongs to a body, or is a step agreed in a case conference, or a follow-up action of a
    # quality review (then no body's list shows it).
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks", verbose_name=_("Gremium")
    )
    case_conference = models.ForeignKey(
        "cases.CaseConference",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("Fallkonferenz"),
    )
    quality_review = models.ForeignKey(
        "quality.Review",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("Überprüfung"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("Sitzung"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("Beschluss"),
    )
    title = models.CharField(_("Aufgabe"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("verantwortlicher Akteur"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_tasks",
        verbose_name=_("verantwortliche Person"),
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    body__isnull=False, case_conference__isnull=True, quality_review__isnull=True
                )
                | models.Q(body__isnull=True, case_conference__isnull=False, quality_review__isnull=True)
                | models.Q(body__isnull=True, case_conference__isnull=True, quality_review__isnull=False),
                name="task_of_a_body_a_case_conference_or_a_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        return (
            self.status != self.Status.DONE
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )


class TaskComment(models.Model):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="comments", verbose_name=_("Aufgabe")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar subscription: the meetings of one body, or a person's meetings and tasks."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("Person"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        verbose_name=_("Gremium"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kalender-Abonnement")
        verbose_name_plural = _("Kalender-Abonnements")

    def __str__(self) -> str:
        scope = self.body or _("persönlich")
        return f"{self.user} – {scope}"
