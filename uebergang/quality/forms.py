"""Forms of the quality app; every choice of a related object is limited to the tenant's own rows."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.accounts.models import Membership, User
from uebergang.lib.forms import DateInput, Textarea
from uebergang.monitoring.models import TOP_LEVEL_DESTINATIONS
from uebergang.network.models import Body, Organisation, Qualification, Task
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

from .models import Criterion, PartnerReport, Rating, ReportingPeriod, Review, Standard

# Destination codes a provider reports for its leavers: the common top-level codes (not "noch nicht erhoben").
REPORT_DESTINATIONS = [
    (code, label) for code, label, _sector in TOP_LEVEL_DESTINATIONS if code != "not_collected"
]
REPORT_QUALIFICATIONS = [*Qualification.choices, ("unknown", gettext_lazy("nicht bekannt"))]


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["title", "subject", "description", "review_cycle_months"]
        widgets = {"description": Textarea(attrs={"rows": 4})}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        if self.instance.pk and self.instance.reviews.exists():
            self.fields["subject"].disabled = True

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = Standard.objects.for_tenant(self.tenant).filter(title=title)
        if self.instance.pk:
            # Versions of one standard share its title; another standard may not take it.
            family = {self.instance.pk}
            node = self.instance
            while node.predecessor_id:
                family.add(node.predecessor_id)
                node = node.predecessor
            others = others.exclude(pk__in=family).exclude(predecessor_id__in=family)
        if others.exists():
            raise forms.ValidationError(_("Es gibt schon einen Standard mit diesem Titel."))
        return title


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["position", "title", "indicators", "evidence_required"]
        widgets = {
            "indicators": Textarea(attrs={"rows": 3}),
            "evidence_required": Textarea(attrs={"rows": 3}),
        }


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["standard", "kind", "offering", "school", "body", "year", "due_on"]
        widgets = {"due_on": DateInput()}
        help_texts = {
            "offering": gettext_lazy("Für Standards, die für Angebote gelten."),
            "school": gettext_lazy("Für Standards, die für Schulen gelten."),
            "body": gettext_lazy("Nur bei einer Überprüfung durch ein Gremium."),
        }

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["standard"].queryset = Standard.objects.for_tenant(tenant).filter(
            status=Standard.Status.ACTIVE
        )
        self.fields["offering"].queryset = (
            Offering.objects.for_tenant(tenant).exclude(status=Offering.Status.ARCHIVED).order_by("title")
        )
        self.fields["school"].queryset = (
            Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL).order_by("name")
        )
        self.fields["body"].queryset = Body.objects.for_tenant(tenant).order_by("name")

    def clean(self):
        cleaned = super().clean()
        standard, kind = cleaned.get("standard"), cleaned.get("kind")
        offering, school = cleaned.get("offering"), cleaned.get("school")
        if standard is not None:
            if standard.subject == Standard.Subject.OFFERING:
                if offering is None:
                    self.add_error(
                        "offering", _("Dieser Standard gilt für Angebote: Bitte wählen Sie das Angebot.")
                    )
                if school is not None:
                    self.add_error("school", _("Dieser Standard gilt für Angebote, nicht für Schulen."))
            else:
                if school is None:
                    self.add_error(
                        "school", _("Dieser Standard gilt für Schulen: Bitte wählen Sie die Schule.")
                    )
                if offering is not None:
                    self.add_error("offering", _("Dieser Standard gilt für Schulen, nicht für Angebote."))
        if kind == Review.Kind.SELF and school is not None:
            self.add_error(
                "kind", _("Eine Selbstevaluation macht der Träger eines Angebots, nicht eine Schule.")
            )
        if kind == Review.Kind.BODY and cleaned.get("body") is None:
            self.add_error("body", _("Bitte nennen Sie das Gremium, das überprüft."))
        if kind != Review.Kind.BODY and cleaned.get("body") is not None:
            self.add_error("body", _("Ein Gremium wird nur bei einer Überprüfung durch ein Gremium genannt."))
        return cleaned


class RatingsForm(forms.Form):
    """One level and one text of evidence per criterion of the review's standard version, and a summary."""

    def __init__(self, *args, review: Review, **kwargs):
        self.review = review
        self.ratings = {r.criterion_id: r for r in review.ratings.all()}
        self.criteria = list(review.standard.criteria.all())
        initial = {"summary": review.summary}
        for criterion in self.criteria:
            rating = self.ratings.get(criterion.pk)
            initial[f"level_{criterion.pk}"] = rating.level if rating else ""
            initial[f"evidence_{criterion.pk}"] = rating.evidence if rating else ""
        super().__init__(*args, initial=initial, **kwargs)
        for number, criterion in enumerate(self.criteria, start=1):
            self.fields[f"level_{criterion.pk}"] = forms.ChoiceField(
                label=_("%(number)s. %(title)s: Bewertung") % {"number": number, "title": criterion.title},
                choices=[("", _("noch nicht bewertet")), *Rating.Level.choices],
                required=False,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=_("%(number)s. %(title)s: Nachweise und Begründung")
                % {"number": number, "title": criterion.title},
                widget=Textarea(attrs={"rows": 3}),
                required=False,
                max_length=5000,
            )
        self.fields["summary"] = forms.CharField(
            label=_("Gesamteinschätzung"),
            widget=Textarea(attrs={"rows": 4}),
            required=False,
            max_length=10000,
        )

    def pairs(self):
        """(criterion, level field, evidence field) for the template, in the criteria's order."""
        return [(c, self[f"level_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.criteria]


class SubmitReviewForm(forms.Form):
    """Submitting asks for every criterion to be rated."""

    def __init__(self, *args, review: Review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)

    def clean(self):
        rated = {r.criterion_id for r in self.review.ratings.all() if r.level}
        missing = [c.title for c in self.review.standard.criteria.all() if c.pk not in rated]
        if missing:
            raise forms.ValidationError(
                _(
                    "Noch nicht bewertet: %(criteria)s. Bitte bewerten Sie jedes Kriterium, bevor Sie einreichen."
                )
                % {"criteria": "; ".join(missing)}
            )
        return super().clean()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "description", "responsible_organisation", "responsible_user", "due_date"]
        labels = {"title": gettext_lazy("Folgemaßnahme")}
        widgets = {"due_date": DateInput(), "description": Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = Organisation.objects.for_tenant(tenant).order_by(
            "name"
        )
        self.fields["responsible_user"].queryset = (
            User.objects.filter(
                memberships__tenant=tenant,
                memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.PARTNER],
            )
            .distinct()
            .order_by("full_name")
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("responsible_organisation") and not cleaned.get("responsible_user"):
            raise forms.ValidationError(_("Bitte nennen Sie, wer für die Folgemaßnahme verantwortlich ist."))
        return cleaned


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Stand"), choices=Task.Status.choices)


class ReportingPeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["title", "start", "end", "due_on", "offerings"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "due_on": DateInput(),
            "offerings": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offerings"].queryset = (
            Offering.objects.for_tenant(tenant)
            .filter(
                Q(status=Offering.Status.PUBLISHED)
                | Q(pk__in=self.instance.offerings.all() if self.instance.pk else [])
            )
            .select_related("provider")
            .order_by("title")
        )
        self.fields["offerings"].label_from_instance = lambda o: f"{o.title} ({o.provider.name})"

    def clean(self):
        cleaned = super().clean()
        start, end, due = cleaned.get("start"), cleaned.get("end"), cleaned.get("due_on")
        if start and end and end < start:
            self.add_error("end", _("Das Ende liegt vor dem Anfang des Zeitraums."))
        if end and due and due < end:
            self.add_error("due_on", _("Die Abgabe kann erst nach dem Ende des Zeitraums liegen."))
        return cleaned


def destination_field(code: str) -> str:
    return f"destination_{code}"


def qualification_field(code: str) -> str:
    return f"qualification_{code}"


class PartnerReportForm(forms.ModelForm):
    """The figures of one offering for one period; the leavers' destinations and qualifications add up."""

    COUNTS = [
        "participants",
        "participants_female",
        "participants_non_german",
        "participants_special_needs",
        "participants_no_qualification",
        "entries",
        "completions",
        "dropouts",
    ]

    class Meta:
        model = PartnerReport
        fields = [
            "participants",
            "participants_female",
            "participants_non_german",
            "participants_special_needs",
            "participants_no_qualification",
            "entries",
            "completions",
            "dropouts",
            "note",
        ]
        widgets = {"note": Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored_destinations = self.instance.destinations or {}
        stored_qualifications = self.instance.qualifications or {}
        for code, label in REPORT_DESTINATIONS:
            name = destination_field(code)
            self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=1_000_000, initial=0)
            self.initial[name] = stored_destinations.get(code, 0)
        for code, label in REPORT_QUALIFICATIONS:
            name = qualification_field(code)
            self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=1_000_000, initial=0)
            self.initial[name] = stored_qualifications.get(code, 0)
        for name in self.COUNTS:
            self.fields[name].max_value = 1_000_000
            self.fields[name].widget.attrs["max"] = 1_000_000

    def destination_fields(self):
        return [self[destination_field(code)] for code, _label in REPORT_DESTINATIONS]

    def qualification_fields(self):
        return [self[qualification_field(code)] for code, _label in REPORT_QUALIFICATIONS]

    def clean(self):
        cleaned = super().clean()
        participants = cleaned.get("participants")
        if participants is not None:
            for name in (
                "participants_female",
                "participants_non_german",
                "participants_special_needs",
                "participants_no_qualification",
            ):
                value = cleaned.get(name)
                if value is not None and value > participants:
                    self.add_error(
                        name, _("Mehr als die Teilnehmenden im Zeitraum (%(n)s).") % {"n": participants}
                    )
            for name in ("entries", "completions", "dropouts"):
                value = cleaned.get(name)
                if value is not None and value > participants:
                    self.add_error(
                        name, _("Mehr als die Teilnehmenden im Zeitraum (%(n)s).") % {"n": participants}
                    )
        completions, dropouts = cleaned.get("completions"), cleaned.get("dropouts")
        if completions is not None and dropouts is not None:
            leavers = completions + dropouts
            if participants is not None and leavers > participants:
                self.add_error(
                    "dropouts", _("Beendet (regulär und vorzeitig) sind mehr als die Teilnehmenden.")
                )
            destinations = [cleaned.get(destination_field(code)) for code, _label in REPORT_DESTINATIONS]
            if None not in destinations and sum(destinations) != leavers:
                self.add_error(
                    destination_field("unknown"),
                    _(
                        "Der Verbleib ist für %(given)s Personen angegeben, beendet haben %(leavers)s. "
                        "Bitte tragen Sie Unbekannte unter „Verbleib unbekannt“ ein."
                    )
                    % {"given": sum(destinations), "leavers": leavers},
                )
            qualifications = [
                cleaned.get(qualification_field(code)) for code, _label in REPORT_QUALIFICATIONS
            ]
            if None not in qualifications and sum(qualifications) != leavers:
                self.add_error(
                    qualification_field("unknown"),
                    _(
                        "Der Schulabschluss ist für %(given)s Personen angegeben, beendet haben %(leavers)s. "
                        "Bitte tragen Sie Unbekannte unter „nicht bekannt“ ein."
                    )
                    % {"given": sum(qualifications), "leavers": leavers},
                )
        return cleaned

    def save(self, commit=True):
        report = super().save(commit=False)
        report.destinations = {
            code: self.cleaned_data[destination_field(code)]
            for code, _label in REPORT_DESTINATIONS
            if self.cleaned_data[destination_field(code)]
        }
        report.qualifications = {
            code: self.cleaned_data[qualification_field(code)]
            for code, _label in REPORT_QUALIFICATIONS
            if self.cleaned_data[qualification_field(code)]
        }
        if commit:
            report.save()
        return report


class ReportImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tabelle (CSV, XLSX, XLS oder ODS)"),
        help_text=gettext_lazy("Eine Zeile je Angebot; die Spaltentitel stehen unten auf dieser Seite."),
    )
