from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uebergang.lib.forms import Textarea
from uebergang.offerings.models import Offering, Phase, TargetGroup
from uebergang.planning.models import Indicator, Measure
from uebergang.tenants.models import Tenant

from .models import Portrait, Practice, Topic


class PracticeForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "problem",
            "approach",
            "partners",
            "resources",
            "results",
            "contact",
            "phases",
            "target_groups",
            "topics",
            "offerings",
            "measures",
            "indicators",
            "visibility",
            "status",
        ]
        widgets = {
            name: Textarea(attrs={"rows": 4})
            for name in ("problem", "approach", "partners", "resources", "results")
        } | dict.fromkeys(("offerings", "measures", "indicators"), forms.CheckboxSelectMultiple)

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offerings"].queryset = (
            Offering.objects.for_tenant(tenant).exclude(status=Offering.Status.ARCHIVED).order_by("title")
        )
        self.fields["measures"].queryset = Measure.objects.for_tenant(tenant).order_by("title")
        self.fields["indicators"].queryset = Indicator.objects.for_tenant(tenant).order_by("name")


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("alle")), *Phase.choices])
    target_group = forms.ChoiceField(
        label=_("Zielgruppe"), required=False, choices=[("", _("alle")), *TargetGroup.choices]
    )
    topic = forms.ChoiceField(label=_("Thema"), required=False, choices=[("", _("alle")), *Topic.choices])

    def filter(self, practices):
        if not self.is_valid():
            return practices
        data = self.cleaned_data
        from django.db.models import Q

        if data["q"]:
            term = data["q"].strip()
            practices = practices.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(problem__icontains=term)
                | Q(approach__icontains=term)
                | Q(results__icontains=term)
                | Q(tenant__name__icontains=term)
            )
        if data["phase"]:
            practices = practices.filter(phases__overlaps=[data["phase"]])
        if data["target_group"]:
            practices = practices.filter(target_groups__overlaps=[data["target_group"]])
        if data["topic"]:
            practices = practices.filter(topics__overlaps=[data["topic"]])
        return practices


class PortraitForm(forms.ModelForm):
    class Meta:
        model = Portrait
        fields = ["coordinating_since", "organisation", "staff_fte", "public_fields", "shown"]
        widgets = {"organisation": Textarea(attrs={"rows": 5})}
        localized_fields = ["staff_fte"]  # "1,5" as a German writes it
