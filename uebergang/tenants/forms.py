from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from uebergang.lib.forms import Textarea

from .models import Municipality, Region, Tenant


class TenantProfileForm(forms.ModelForm):
    office_website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Tenant
        fields = [
            "name",
            "kind",
            "land",
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


KEYED_NAME = re.compile(r"^(?:(\d{8})\s+)?(\S.*)$")


class RegionForm(forms.ModelForm):
    """A region with the Gemeinden under it, one per line, each optionally after its official key."""

    municipalities = forms.CharField(
        label=_("Gemeinden"),
        required=False,
        widget=Textarea(attrs={"rows": 6}),
        help_text=_(
            "Eine Gemeinde je Zeile, auf Wunsch mit dem achtstelligen amtlichen Gemeindeschlüssel davor, "
            "z. B. „08226096 Schriesheim“. Importe ordnen einen Wohnort dann seiner Region zu."
        ),
    )

    class Meta:
        model = Region
        fields = ["name", "description", "position"]

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        if self.instance.pk:
            self.initial["municipalities"] = "\n".join(
                f"{m.key} {m.name}".strip() for m in self.instance.municipalities.order_by("name")
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Region.objects.for_tenant(self.tenant).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Eine Region mit diesem Namen gibt es schon."))
        return name

    def clean_municipalities(self) -> dict[str, str]:
        """Name → key (blank where none) of the lines; refused: bad keys, doubles, another region's."""
        entries: dict[str, str] = {}
        errors = []
        for number, line in enumerate(self.cleaned_data["municipalities"].splitlines(), start=1):
            line = " ".join(line.split())
            if not line:
                continue
            match = KEYED_NAME.match(line)
            key, name = match.group(1) or "", match.group(2)[:100]
            if re.match(r"^\d+\s", line) and not key:
                errors.append(_("Zeile %(n)d: Der Gemeindeschlüssel hat acht Ziffern.") % {"n": number})
                continue
            if name.casefold() in {n.casefold() for n in entries}:
                errors.append(_("Zeile %(n)d: „%(name)s“ steht zweimal da.") % {"n": number, "name": name})
                continue
            entries[name] = key
        taken = (
            Municipality.objects.for_tenant(self.tenant)
            .exclude(region_id=self.instance.pk)
            .filter(name__in=list(entries))
            .select_related("region")
        )
        for municipality in taken:
            errors.append(
                _("„%(name)s“ gehört schon zur Region „%(region)s“.")
                % {"name": municipality.name, "region": municipality.region.name}
            )
        if errors:
            raise forms.ValidationError(errors)
        return entries

    def municipalities_changed(self) -> bool:
        current = {m.name: m.key for m in self.instance.municipalities.all()} if self.instance.pk else {}
        return current != self.cleaned_data["municipalities"]
