"""A set of codes from a fixed vocabulary, stored as a bit mask in one integer column.

`CodeSetField(choices=Phase.choices)` reads and writes a `frozenset` of codes. Code number *i* of the
choices is bit *i*, so choices may only ever be appended, never reordered or removed (a removed code
would shift every later bit). One integer instead of a link table keeps filters and facet counts to
one scan of the offerings, the same on SQLite and PostgreSQL:

    Offering.objects.filter(phases__overlaps=["orientation", "training"])   # any of them
    Offering.objects.filter(phases__covers=["orientation"])                 # all of them
    Count("pk", filter=Q(phases__overlaps=["orientation"]))                 # a facet count
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core import checks, exceptions
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

MAX_CODES = 62  # bit 63 is the sign of a bigint


class CodeSetField(models.BigIntegerField):
    description = _("Menge von Codes")

    def __init__(self, *args, choices=None, **kwargs):
        self.codes = [code for code, _label in (choices or [])]
        self.code_choices = list(choices or [])
        kwargs.setdefault("default", frozenset)
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        return list(self._validators)  # not the integer range validators: the value is a set

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not self.codes or len(self.codes) > MAX_CODES:
            errors.append(checks.Error(f"CodeSetField needs 1–{MAX_CODES} choices.", obj=self))
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices"] = self.code_choices
        if kwargs.get("default") is frozenset:
            del kwargs["default"]
        return name, path, args, kwargs

    # Python value <-> mask ----------------------------------------------------------------------------

    def mask(self, codes: Iterable[str]) -> int:
        value = 0
        for code in codes:
            try:
                value |= 1 << self.codes.index(code)
            except ValueError:
                raise exceptions.ValidationError(
                    _("Unbekannter Code „%(code)s“."), code="invalid_code", params={"code": code}
                ) from None
        return value

    def decode(self, mask: int) -> frozenset[str]:
        return frozenset(code for bit, code in enumerate(self.codes) if mask >> bit & 1)

    def from_db_value(self, value, expression, connection):
        return frozenset() if value is None else self.decode(value)

    def to_python(self, value):
        if value is None:
            return frozenset()
        if isinstance(value, int):
            return self.decode(value)
        if isinstance(value, str):
            value = [code for code in value.split(",") if code]
        return frozenset(value)

    def get_prep_value(self, value):
        if isinstance(value, int):
            return value
        return self.mask(self.to_python(value))

    def validate(self, value, model_instance):
        self.mask(value)  # unknown codes raise
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def value_to_string(self, obj):
        return ",".join(self.ordered(self.value_from_object(obj)))

    def ordered(self, codes: Iterable[str]) -> list[str]:
        """The codes in the order of the choices (for display and exports)."""
        chosen = set(self.to_python(codes))
        return [code for code in self.codes if code in chosen]

    def labels(self, codes: Iterable[str]) -> list[str]:
        names = dict(self.code_choices)
        return [str(names[code]) for code in self.ordered(codes)]

    def formfield(self, **kwargs):
        defaults = {
            "form_class": CodeSetFormField,
            "choices": self.code_choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name,
            "help_text": self.help_text,
            "coerce": str,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for unwanted in ("min_value", "max_value", "choices_form_class", "empty_value"):
            defaults.pop(unwanted, None)
        return form_class(**defaults)


class CodeSetFormField(forms.TypedMultipleChoiceField):
    """Ticks the stored codes: the model value is a frozenset, which the checkbox widget cannot read
    (it takes a list), so an edit form showed every box unticked and saving it deleted the codes."""

    def prepare_value(self, value):
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        return value


class _MaskLookup(models.Lookup):
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [self.lhs.output_field.mask(value)]


@CodeSetField.register_lookup
class Overlaps(_MaskLookup):
    """At least one of the given codes is in the set."""

    lookup_name = "overlaps"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


@CodeSetField.register_lookup
class Covers(_MaskLookup):
    """Every given code is in the set."""

    lookup_name = "covers"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) = {rhs}", [*lhs_params, *rhs_params, *rhs_params]
