from __future__ import annotations

from django import forms

from uebergang.lib.forms import Textarea

from .models import AccessibilityStatement, LegalText


class LegalTextForm(forms.ModelForm):
    class Meta:
        model = LegalText
        fields = ["body"]
        widgets = {"body": Textarea(attrs={"rows": 18})}


class AccessibilityStatementForm(forms.ModelForm):
    enforcement_url = forms.URLField(
        label=AccessibilityStatement._meta.get_field("enforcement_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = AccessibilityStatement
        fields = [
            "conformity",
            "non_accessible",
            "prepared_on",
            "reviewed_on",
            "method",
            "feedback_email",
            "feedback_phone",
            "feedback_address",
            "enforcement_body",
            "enforcement_url",
            "enforcement_contact",
        ]
        widgets = {
            "conformity": forms.RadioSelect,
            "method": forms.RadioSelect,
            "non_accessible": Textarea(attrs={"rows": 8}),
            "prepared_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "feedback_address": Textarea(attrs={"rows": 3}),
            "enforcement_contact": Textarea(attrs={"rows": 3}),
        }
