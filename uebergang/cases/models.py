"""Cases of the Verbleibsklärung: a young person without a confirmed next step, and the work on it.

The case holds the personal data needed to reach the young person — and only here: monitoring keeps
the keyed pseudonym of the pupil id, the case keeps the same pseudonym (never the raw id) so a cleared
case can be matched to its leaver record. Sharing data with another organisation needs a permit that
covers it at that moment: a `Consent` or a documented `LegalBasis` (both `SharingPermit`s). A referral
records which permit covered it, so a withdrawal is visible to the recipient at once.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.monitoring.models import Destination
from uebergang.network.models import Organisation
from uebergang.offerings.models import Offering
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
            models.Index(fields=["tenant", "status", "deadline"], name="case_queue_idx"),
            models.Index(
                fields=["tenant", "lead_worker", "status", "deadline"], name="case_worker_queue_idx"
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
