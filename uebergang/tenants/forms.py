from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uebergang.lib.forms import Textarea

from .models import Tenant


class TenantProfileForm(forms.ModelForm):
    office_website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Tenant
        fields = [
            "name",
            "kind",
            "population",
            "summary",
            "portrait",
            "office_name",
            "office_address",
            "office_email",
            "office_phone",
            "office_website",
        ]
        widgets = {
            "summary": Textarea(attrs={"rows": 2}),
            "portrait": Textarea(attrs={"rows": 8}),
            "office_address": Textarea(attrs={"rows": 3}),
        }
