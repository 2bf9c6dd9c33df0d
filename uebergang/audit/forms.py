from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.models import Membership

from .models import AuditEvent


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"), required=False)
    action = forms.ChoiceField(
        label=_("Ereignis"), required=False, choices=[("", _("alle")), *AuditEvent.Action.choices]
    )
    date_from = forms.DateField(
        label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        emails = (
            Membership.objects.for_tenant(tenant)
            .order_by("user__email")
            .values_list("user__email", flat=True)
        )
        self.fields["person"].choices = [("", _("alle"))] + [(e, e) for e in emails]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Das Anfangsdatum liegt nach dem Enddatum."))
        return data

    def filter(self, events):
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(actor_email=data["person"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        zone = timezone.get_current_timezone()
        if data.get("date_from"):
            events = events.filter(created_at__gte=datetime.combine(data["date_from"], time.min, tzinfo=zone))
        if data.get("date_to"):
            events = events.filter(created_at__lte=datetime.combine(data["date_to"], time.max, tzinfo=zone))
        return events
