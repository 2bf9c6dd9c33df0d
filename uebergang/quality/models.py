"""Quality and effectiveness: standards as criteria catalogues, reviews with ratings, partner reports.

- A `Standard` is a criteria catalogue the tenant keeps (e.g. "Berufsorientierung an Schulen"), for
  offerings or for schools. It is versioned: a new version is a copy in draft; activating it retires its
  predecessor, and every review keeps the version it was made against, so the history stays readable.
- A `Review` applies one standard version to one offering or one school: a provider's self-evaluation,
  or a review by the coordination office or a body. Each criterion gets a `Rating` with evidence;
  follow-up actions are `network.Task`s of the review (`Task.quality_review`).
- A `ReportingPeriod` asks the providers of chosen offerings for figures (e.g. each half year); each
  offering files one `PartnerReport`: participants by group, entries, completions, drop-outs and the
  destinations of its leavers in the common destination codes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Body, Organisation
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant, TenantOwnedQuerySet


class Standard(models.Model):
    class Subject(models.TextChoices):
        OFFERING = "offering", _("Angebote")
        SCHOOL = "school", _("Schulen")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        ACTIVE = "active", _("gültig")
        RETIRED = "retired", _("abgelöst")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    subject = models.CharField(
        _("gilt für"), max_length=10, choices=Subject.choices, default=Subject.OFFERING
    )
    review_cycle_months = models.PositiveSmallIntegerField(
        _("Überprüfung alle … Monate"),
        default=12,
        help_text=_("Wie oft ein Angebot oder eine Schule überprüft wird."),
    )
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1, editable=False)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="successor",
        verbose_name=_("vorige Fassung"),
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    activated_at = models.DateTimeField(_("gültig seit"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("Qualitätsstandard")
        verbose_name_plural = _("Qualitätsstandards")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "title", "version"], name="standard_title_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({_('Fassung')} {self.version})"

    @property
    def editable(self) -> bool:
        """Only a draft's criteria change; an active or retired version is what its reviews were made against."""
        return self.status == self.Status.DRAFT


class CriterionQuerySet(TenantOwnedQuerySet):
    tenant_path = "standard__tenant"


class Criterion(models.Model):
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Standard")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Kriterium"), max_length=300)
    indicators = models.TextField(_("Woran die Erfüllung erkennbar ist"), blank=True)
    evidence_required = models.TextField(_("Geforderte Nachweise"), blank=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")

    def __str__(self) -> str:
        return self.title


class ReviewQuerySet(TenantOwnedQuerySet):
    def open(self):
        return self.exclude(status=Review.Status.COMPLETED)

    def due_by(self, day):
        return self.filter(status=Review.Status.OPEN, due_on__lte=day)


class Review(models.Model):
    """One standard version applied to one offering or one school."""

    class Kind(models.TextChoices):
        SELF = "self", _("Selbstevaluation des Trägers")
        OFFICE = "office", _("Überprüfung durch die Koordinierungsstelle")
        BODY = "body", _("Überprüfung durch ein Gremium")

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        SUBMITTED = "submitted", _("eingereicht")
        COMPLETED = "completed", _("abgeschlossen")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("Standard")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    offering = models.ForeignKey(
        Offering,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quality_reviews",
        verbose_name=_("Angebot"),
    )
    school = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quality_reviews",
        verbose_name=_("Schule"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_reviews",
        verbose_name=_("Gremium"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    due_on = models.DateField(_("fällig am"))
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField(_("Gesamteinschätzung"), blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Evidence as files (a concept, a list of placements, …); deleted with the review.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "due_on", "id"]
        verbose_name = _("Überprüfung")
        verbose_name_plural = _("Überprüfungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(offering__isnull=False, school__isnull=True)
                | Q(offering__isnull=True, school__isnull=False),
                name="review_of_an_offering_or_a_school",
            ),
            models.CheckConstraint(
                condition=~Q(kind="body") | Q(body__isnull=False), name="review_by_body_names_it"
            ),
            models.CheckConstraint(
                condition=~Q(kind="self") | Q(offering__isnull=False), name="self_evaluation_of_an_offering"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.title}: {self.subject_name} {self.year}"

    @property
    def subject_name(self) -> str:
        return self.offering.title if self.offering_id else self.school.name

    @property
    def score(self) -> float | None:
        """Share of the rated criteria that are met (partly met counts half), in per cent; None if none rated."""
        ratings = [r for r in self.ratings.all() if r.level in Rating.SCORES]
        if not ratings:
            return None
        return round(100 * sum(Rating.SCORES[r.level] for r in ratings) / len(ratings))


class RatingQuerySet(TenantOwnedQuerySet):
    tenant_path = "review__tenant"


class Rating(models.Model):
    class Level(models.TextChoices):
        MET = "met", _("erfüllt")
        PARTLY = "partly", _("teilweise erfüllt")
        NOT_MET = "not_met", _("nicht erfüllt")
        NOT_APPLICABLE = "na", _("trifft nicht zu")

    SCORES = {"met": 1.0, "partly": 0.5, "not_met": 0.0}

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("Überprüfung")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("Kriterium")
    )
    level = models.CharField(_("Bewertung"), max_length=10, choices=Level.choices, blank=True)
    evidence = models.TextField(_("Nachweise und Begründung"), blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="rating_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_level_display()}"


class ReportingPeriod(models.Model):
    """A round of partner reports (e.g. "1. Halbjahr 2026") for the offerings chosen."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    title = models.CharField(_("Bezeichnung"), max_length=100, help_text=_("z. B. „1. Halbjahr 2026“"))
    start = models.DateField(_("Zeitraum von"))
    end = models.DateField(_("Zeitraum bis"))
    due_on = models.DateField(_("Abgabe bis"))
    offerings = models.ManyToManyField(
        Offering, related_name="reporting_periods", verbose_name=_("berichtende Angebote")
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-end", "-id"]
        verbose_name = _("Berichtszeitraum")
        verbose_name_plural = _("Berichtszeiträume")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="reporting_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PartnerReportQuerySet(TenantOwnedQuerySet):
    tenant_path = "period__tenant"

    def submitted(self):
        return self.filter(status=PartnerReport.Status.SUBMITTED)


class PartnerReport(models.Model):
    """One offering's figures for one period, as its provider reports them (counts, never persons)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("Berichtszeitraum")
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="partner_reports", verbose_name=_("Angebot")
    )
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    participants = models.PositiveIntegerField(_("Teilnehmende im Zeitraum"), default=0)
    participants_female = models.PositiveIntegerField(_("davon weiblich"), default=0)
    participants_non_german = models.PositiveIntegerField(
        _("davon nichtdeutsche Staatsangehörigkeit"), default=0
    )
    participants_special_needs = models.PositiveIntegerField(
        _("davon mit Förderbedarf oder Behinderung"), default=0
    )
    participants_no_qualification = models.PositiveIntegerField(_("davon ohne Schulabschluss"), default=0)
    entries = models.PositiveIntegerField(_("Eintritte im Zeitraum"), default=0)
    completions = models.PositiveIntegerField(_("regulär beendet"), default=0)
    dropouts = models.PositiveIntegerField(_("vorzeitig beendet"), default=0)
    # Leavers of the offering (completions + drop-outs) by top-level destination code and by school
    # qualification ("unknown" where the provider does not know it).
    destinations = models.JSONField(_("Verbleib der Ausgetretenen"), default=dict, blank=True)
    qualifications = models.JSONField(_("Ausgetretene nach Schulabschluss"), default=dict, blank=True)
    note = models.TextField(_("Anmerkungen"), blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerReportQuerySet.as_manager()

    class Meta:
        ordering = ["period", "offering__title"]
        verbose_name = _("Bericht eines Trägers")
        verbose_name_plural = _("Berichte der Träger")
        constraints = [
            models.UniqueConstraint(fields=["period", "offering"], name="partner_report_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.offering}: {self.period}"

    @property
    def leavers(self) -> int:
        return self.completions + self.dropouts
