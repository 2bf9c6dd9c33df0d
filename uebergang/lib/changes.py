"""What a submitted model form changes, in words a person reads in the audit trail ("Stand: offen → erledigt").

Read before saving, while the form's initial values still hold: labels for choices, names for objects,
German dates and numbers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.formats import number_format

EMPTY = "–"


def shown(field: forms.Field, value) -> str:
    """A form value as a person reads it: labels for choices, names for objects, German dates."""
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = [item for item in value if isinstance(item, models.Model)]
        pks = [item for item in value if not isinstance(item, models.Model)]
        if pks:
            items += list(field.queryset.filter(pk__in=pks))
        return ", ".join(sorted(str(item) for item in items)) or EMPTY
    if isinstance(field, forms.ModelChoiceField):
        item = value if isinstance(value, models.Model) else field.queryset.filter(pk=value).first()
        return str(item) if item is not None else EMPTY
    if isinstance(field, forms.MultipleChoiceField):  # code sets and other several choices
        labels = dict(field.choices)
        return ", ".join(sorted(str(labels.get(code, code)) for code in value)) or EMPTY
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number_format(value, use_l10n=True)
    return str(value)


def changes_of(form: forms.ModelForm) -> list[dict[str, str]]:
    """What the form changes, in words; read before saving, while the initial values still hold."""
    return [
        {
            "field": str(form.fields[name].label),
            "old": shown(form.fields[name], form.initial.get(name)) if form.instance.pk else EMPTY,
            "new": shown(form.fields[name], form.cleaned_data.get(name)),
        }
        for name in form.changed_data
    ]
