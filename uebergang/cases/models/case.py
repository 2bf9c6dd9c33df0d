"""The case of the Verbleibsklärung, the tenant's rules for cases, teams and the contacts log."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uebergang.monitoring.models import Destination
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant, TenantOwnedQuerySet


class CaseSettings(models.Model):
    """A tenant's rules for its cases: deadline, attempts before "not reachable", retention."""

    tenant = models.OneToOneField(
        Tenant, on_delete=models.CASCADE, related_name="case_settings", verbose_name=_("Kommune")
    )
    deadline_month = models.PositiveSmallIntegerField(_("Frist: Monat"), default=10)
    deadline_day = models.PositiveSmallIntegerField(_("Frist: Tag"), default=31)
    contact_attempts_required = models.PositiveSmallIntegerField(
        _("dokumentierte Kontaktversuche vor „nicht erreichbar“"), default=3
    )
    retention_months = models.PositiveSmallIntegerField(_("Aufbewahrung nach Abschluss (Monate)"), default=6)
    import_legal_reference = models.CharField(
        _("Rechtsgrundlage der Klärungsliste"), max_length=200, blank=True
    )
    import_legal_text = models.TextField(_("Hinweistext zur Rechtsgrundlage"), blank=True)

    class Meta:
        verbose_name = _("Einstellungen der Verbleibsklärung")
        verbose_name_plural = _("Einstellungen der Verbleibsklärung")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    deadline_month__gte=1, deadline_month__lte=12, deadline_day__gte=1, deadline_day__lte=31
                ),
                name="case_settings_deadline_is_a_day_of_the_year",
            ),
            models.CheckConstraint(
                condition=Q(contact_attempts_required__gte=1), name="case_settings_attempts_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(retention_months__gte=1), name="case_settings_retention_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Einstellungen der Verbleibsklärung"))

    @classmethod
    def of(cls, tenant: Tenant) -> CaseSettings:
        return cls.objects.get_or_create(tenant=tenant)[0]

    def deadline_for(self, leaving_year: int) -> date:
        """The deadline of a leaver of `leaving_year`; a 31st in a shorter month becomes its last day."""
        last = calendar.monthrange(leaving_year, self.deadline_month)[1]
        return date(leaving_year, self.deadline_month, min(self.deadline_day, last))


class CaseTeam(models.Model):
    """A team of case workers (e.g. one per region) sharing a queue."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    name = models.CharField(_("Name"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="case_teams", verbose_name=_("Mitglieder")
    )

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="case_team_unique_name")]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(TenantOwnedQuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=Case.Status.CLOSED)

    def closed(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.CLOSED)


class Case(models.Model):
    """One young person whose whereabouts are being cleared (Fall der Verbleibsklärung)."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_CONTACT = "in_contact", _("in Kontakt")
        REFERRED = "referred", _("übergeleitet")
        CLOSED = "closed", _("abgeschlossen")

    class Outcome(models.TextChoices):
        DESTINATION_REACHED = "destination_reached", _("Anschluss geklärt")
        MOVED_AWAY = "moved_away", _("verzogen")
        OBJECTED = "objected", _("widersprochen")
        PASSED_ON = "passed_on", _("an andere Stelle abgegeben")
        NOT_REACHABLE = "not_reachable", _("nicht erreichbar")

    class Source(models.TextChoices):
        CLEARING_LIST = "clearing_list", _("Klärungsliste der Schule")
        PARTNER_REPORT = "partner_report", _("Meldung eines Partners")
        DIRECT = "direct", _("direkt aufgenommen")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    number = models.PositiveIntegerField(_("Fallnummer"))
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices, default=Source.DIRECT)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    date_of_birth = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    guardian_name = models.CharField(_("Sorgeberechtigte Person"), max_length=200, blank=True)
    guardian_contact = models.CharField(_("Kontakt der Sorgeberechtigten"), max_length=200, blank=True)
    school = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        verbose_name=_("Schule"),
    )
    school_class = models.CharField(_("Klasse"), max_length=20, blank=True)
    leaving_year = models.PositiveSmallIntegerField(_("Abgangsjahr"))
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Wohnregion"),
    )
    # monitoring.pseudonyms.pseudonym(tenant key, pupil id): links the case to its leaver record.
    pupil_pseudonym = models.CharField(_("Pseudonym der Schüler-ID"), max_length=64, blank=True)
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Fallführung"),
    )
    team = models.ForeignKey(
        CaseTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("Team"),
    )
    deadline = models.DateField(_("Frist"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("Ergebnis"), max_length=30, choices=Outcome.choices, blank=True)
    destination = models.ForeignKey(
        Destination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verbleib"),
    )
    passed_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,  # a closed case's outcome names it (constraint below)
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgegeben an"),
    )
    outcome_note = models.TextField(_("Vermerk zum Ergebnis"), blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # Set by the retention job: personal data removed, the figures' fields (year, school, outcome) kept.
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "number"]
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="case_unique_number"),
            models.UniqueConstraint(
                fields=["tenant", "pupil_pseudonym"],
                condition=~Q(pupil_pseudonym="") & ~Q(status="closed"),
                name="case_one_open_case_per_pupil",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(outcome="") & Q(closed_at__isnull=False))
                | (~Q(status="closed") & Q(outcome="") & Q(closed_at__isnull=True)),
                name="case_closed_exactly_with_an_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="destination_reached") | Q(destination__isnull=False),
                name="case_destination_reached_names_a_destination",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="passed_on") | Q(passed_to__isnull=False),
                name="case_passed_on_names_the_organisation",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(status="closed"),
                name="case_anonymised_only_closed",
            ),
        ]
        indexes = [
            # The queue's order is (deadline, number), and many cases share a deadline (the tenant's day of
            # the leaving year): the number in the index saves sorting them.
            models.Index(fields=["tenant", "status", "deadline", "number"], name="case_queue_idx"),
            models.Index(
                fields=["tenant", "lead_worker", "status", "deadline", "number"], name="case_worker_queue_idx"
            ),
            # The queue's default, every open case by deadline: read in order, first page at once.
            models.Index(
                fields=["tenant", "deadline", "number"],
                condition=~Q(status="closed"),
                name="case_open_queue_idx",
            ),
            # The age filter reads the birth date of open cases.
            models.Index(
                fields=["tenant", "date_of_birth"], condition=~Q(status="closed"), name="case_open_birth_idx"
            ),
        ]

    def __str__(self) -> str:
        # Not the name: this text lands in the audit trail, which coordinators read.
        return self.reference

    @property
    def reference(self) -> str:
        return f"F-{self.number:05d}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ContactAttempt(models.Model):
    """One attempt to reach the young person or one conversation, with its result and the next step."""

    class Kind(models.TextChoices):
        CALL = "call", _("Anruf")
        LETTER = "letter", _("Brief")
        EMAIL = "email", _("E-Mail")
        HOME_VISIT = "home_visit", _("Hausbesuch")
        SCHOOL_TALK = "school_talk", _("Gespräch in der Schule")

    class Result(models.TextChoices):
        REACHED = "reached", _("erreicht")
        NOT_REACHED = "not_reached", _("nicht erreicht")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Fall"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("von"),
    )
    made_at = models.DateTimeField(_("Zeitpunkt"))
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices)
    note = models.TextField(_("Vermerk"), blank=True)
    next_step = models.CharField(_("Nächster Schritt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("Nächster Schritt bis"), null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.made_at:%d.%m.%Y}"
