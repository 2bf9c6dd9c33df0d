"""The notification preference: a default way and, per kind of notification, another one if wanted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference

AS_DEFAULT = ""


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["mode"]
        labels = {"mode": _("Grundeinstellung")}
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(AS_DEFAULT, _("wie die Grundeinstellung")), *Preference.Mode.choices]
        for kind, label in Preference.KINDS.items():
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=self.instance.by_kind.get(kind, AS_DEFAULT),
            )

    def save(self, commit: bool = True) -> Preference:
        preference = super().save(commit=False)
        preference.by_kind = {
            kind: self.cleaned_data[f"kind_{kind}"]
            for kind in Preference.KINDS
            if self.cleaned_data.get(f"kind_{kind}")
        }
        if commit:
            preference.save()
        return preference
