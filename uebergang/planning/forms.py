"""Forms of the steering app; every choice of a related object is limited to the tenant's own rows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.models import User
from uebergang.lib.forms import DateInput
from uebergang.network.models import Body, Decision, Organisation, Task
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Region, Tenant

from .models import (
    FundingAmount,
    FundingLine,
    Goal,
    Indicator,
    IndicatorValue,
    InterimReview,
    Measure,
    Priority,
    StaffPosition,
    VolunteerProgramme,
    WorkPlan,
)


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "body", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["body"].queryset = Body.objects.for_tenant(tenant).order_by("name")
        self.fields["body"].empty_label = _("ganzes Netzwerk")

    def clean(self):
        cleaned = super().clean()
        year, body = cleaned.get("year"), cleaned.get("body")
        if year is not None:
            others = WorkPlan.objects.for_tenant(self.tenant).filter(year=year, body=body)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                scope = body.name if body else _("das ganze Netzwerk")
                self.add_error(
                    "year",
                    _("Für %(scope)s gibt es schon einen Arbeitsplan %(year)s.")
                    % {"scope": scope, "year": year},
                )
        return cleaned


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["position", "title", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "position",
            "title",
            "description",
            "owner_organisation",
            "owner_person",
            "start",
            "end",
            "status",
            "progress",
            "weight",
            "decisions",
            "tasks",
            "offerings",
            "bodies",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "start": DateInput(), "end": DateInput()}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.for_tenant(tenant)
        self.fields["owner_person"].queryset = (
            User.objects.filter(memberships__tenant=tenant).distinct().order_by("full_name", "email")
        )
        self.fields["decisions"].queryset = Decision.objects.for_tenant(tenant).select_related("body")
        self.fields["tasks"].queryset = Task.objects.for_tenant(tenant).order_by("title")
        self.fields["offerings"].queryset = (
            Offering.objects.for_tenant(tenant).exclude(status=Offering.Status.ARCHIVED).order_by("title")
        )
        self.fields["bodies"].queryset = Body.objects.for_tenant(tenant).order_by("name")
        for name in ("decisions", "tasks", "offerings", "bodies"):
            self.fields[name].help_text = _("Mehrfachauswahl mit Strg bzw. ⌘.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende liegt vor dem Beginn."))
        if cleaned.get("status") == Measure.Status.DONE and cleaned.get("progress") not in (None, 100):
            self.add_error("progress", _("Eine abgeschlossene Maßnahme steht bei 100 %."))
        return cleaned


MONITORING_DEFINITIONS = {
    Indicator.Figure.DUAL_SHARE: (_("Abgänge in duale Ausbildung"), _("alle Abgänge des Jahrgangs")),
    Indicator.Figure.TRANSITION_SHARE: (_("Abgänge in den Übergangssektor"), _("alle Abgänge des Jahrgangs")),
    Indicator.Figure.UNKNOWN_SHARE: (
        _("Abgänge mit unbekanntem Verbleib nach der Verbleibsklärung"),
        _("alle Abgänge des Jahrgangs"),
    ),
    Indicator.Figure.UNKNOWN_BEFORE_SHARE: (
        _("Abgänge, die die Schulen als „unbekannt“ gemeldet haben (vor der Verbleibsklärung)"),
        _("alle Abgänge des Jahrgangs"),
    ),
    Indicator.Figure.COMPANY_SHARE: (
        _("Abgänge in betriebliche duale Ausbildung (ohne außerbetriebliche Ausbildung, BaE)"),
        _("alle Abgänge des Jahrgangs"),
    ),
    Indicator.Figure.COMPANY_SHARE_NO_HZB: (
        _("Abgänge in betriebliche duale Ausbildung (ohne außerbetriebliche Ausbildung, BaE)"),
        _("Abgänge des Jahrgangs ohne Hochschulzugangsberechtigung (ohne Abitur und Fachhochschulreife)"),
    ),
}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "goal",
            "kind",
            "monitoring_figure",
            "catalogue_phase",
            "catalogue_region",
            "numerator",
            "denominator",
            "source",
            "unit",
            "direction",
            "baseline_year",
            "baseline",
            "target_year",
            "target",
        ]
        help_texts = {
            "monitoring_figure": _("Nur bei berechneten Kennzahlen: welcher Anteil je Abgangsjahr."),
            "source": _("Bei von Hand erfassten Kennzahlen Pflicht, z. B. „Jahresbericht Jobcenter“."),
        }

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["goal"].queryset = Goal.objects.filter(priority__plan=plan)
        self.fields["catalogue_region"].queryset = Region.objects.for_tenant(plan.tenant).order_by(
            "position", "name"
        )

    def clean(self):
        cleaned = super().clean()
        kind, figure = cleaned.get("kind"), cleaned.get("monitoring_figure")
        if kind == Indicator.Kind.MONITORING:
            if not figure:
                self.add_error("monitoring_figure", _("Bitte wählen Sie, welcher Wert berechnet wird."))
            else:
                numerator, denominator = MONITORING_DEFINITIONS[figure]
                cleaned["numerator"] = cleaned.get("numerator") or str(numerator)
                cleaned["denominator"] = cleaned.get("denominator") or str(denominator)
                cleaned["source"] = cleaned.get("source") or str(_("Übergangsmonitoring (geschützte Zahlen)"))
                cleaned["unit"] = "%"
        elif kind == Indicator.Kind.CATALOGUE:
            if not cleaned.get("catalogue_phase"):
                self.add_error(
                    "catalogue_phase", _("Bitte wählen Sie die Phase, deren Plätze gezählt werden.")
                )
            region = cleaned.get("catalogue_region")
            cleaned["numerator"] = cleaned.get("numerator") or str(_("Plätze in veröffentlichten Angeboten"))
            cleaned["denominator"] = ""
            cleaned["source"] = cleaned.get("source") or str(_("Angebotskatalog"))
            cleaned["unit"] = str(_("Plätze"))
            if figure:
                self.add_error(
                    "monitoring_figure", _("Nur Kennzahlen aus dem Monitoring lesen einen Monitoringwert.")
                )
            if region is not None and region.tenant_id != self.plan.tenant_id:
                self.add_error("catalogue_region", _("Bitte wählen Sie eine Region Ihrer Kommune."))
        elif kind == Indicator.Kind.MANUAL:
            if figure:
                self.add_error(
                    "monitoring_figure", _("Nur berechnete Kennzahlen lesen einen Wert aus dem Monitoring.")
                )
            if not cleaned.get("source"):
                self.add_error("source", _("Bitte geben Sie die Quelle der Werte an."))
        if kind != Indicator.Kind.CATALOGUE:
            cleaned["catalogue_phase"], cleaned["catalogue_region"] = "", None
        name = cleaned.get("name")
        if name:
            others = self.plan.indicators.filter(name=name)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("name", _("Dieser Arbeitsplan hat schon eine Kennzahl mit diesem Namen."))
        return cleaned


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "source", "note"]

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100
        if indicator.source and not self.is_bound:
            self.initial.setdefault("source", indicator.source)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Bitte ein Jahr zwischen 2000 und 2100 angeben."))
        if self.indicator.values.filter(year=year).exists():
            raise forms.ValidationError(_("Für %(year)s ist schon ein Istwert erfasst.") % {"year": year})
        return year


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = [
            "offering",
            "measure",
            "source",
            "programme",
            "start",
            "end",
            "status",
            "is_statutory",
            "follow_up",
            "note",
        ]
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {"offering": _("Gefördert wird entweder ein Angebot oder eine Maßnahme.")}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = Offering.objects.for_tenant(tenant).order_by("title")
        self.fields["measure"].queryset = Measure.objects.for_tenant(tenant).order_by("title")
        follow_ups = FundingLine.objects.for_tenant(tenant).select_related("offering", "measure")
        if self.instance.pk:
            follow_ups = follow_ups.exclude(pk=self.instance.pk)
        self.fields["follow_up"].queryset = follow_ups

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("offering")) == bool(cleaned.get("measure")):
            self.add_error("offering", _("Bitte genau ein Angebot oder eine Maßnahme wählen."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende liegt vor dem Beginn."))
        return cleaned


FundingAmountFormSet = forms.inlineformset_factory(
    FundingLine,
    FundingAmount,
    fields=["year", "amount"],
    extra=3,
    can_delete=True,
    labels={"year": _("Jahr"), "amount": _("Betrag (EUR)")},
)


class StaffPositionForm(forms.ModelForm):
    class Meta:
        model = StaffPosition
        fields = ["organisation", "title", "fte", "funding_line", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_tenant(tenant)
        self.fields["funding_line"].queryset = FundingLine.objects.for_tenant(tenant).select_related(
            "offering", "measure"
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende liegt vor dem Beginn."))
        return cleaned


class InterimReviewForm(forms.ModelForm):
    """A new interim review: the body (or the whole network) and the period to look back on."""

    class Meta:
        model = InterimReview
        fields = ["body", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.for_tenant(tenant).order_by("name")
        self.fields["body"].empty_label = _("ganzes Netzwerk")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende des Zeitraums darf nicht vor dem Beginn liegen."))
        return cleaned


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = InterimReview
        fields = ["assessment"]
        widgets = {"assessment": forms.Textarea(attrs={"rows": 8})}


class VolunteerProgrammeForm(forms.ModelForm):
    class Meta:
        model = VolunteerProgramme
        fields = ["name", "kind", "organisation", "year", "volunteers", "young_people", "note"]

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["organisation"].queryset = Organisation.objects.for_tenant(tenant).order_by("name")

    def clean(self):
        cleaned = super().clean()
        name, year = cleaned.get("name"), cleaned.get("year")
        if name and year:
            others = VolunteerProgramme.objects.for_tenant(self.tenant).filter(name=name, year=year)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "year", _("Für dieses Programm gibt es schon Zahlen für %(year)s.") % {"year": year}
                )
        return cleaned
