"""`{{ figure|figure }}`: a protected count as people read numbers in their language ("1.767" in German,
"1,767" in English), or the mark of a hidden cell. Exports keep the plain count (monitoring/exports.py)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter(name="figure")
def figure_filter(figure) -> str:
    if figure is None or getattr(figure, "count", None) is None:
        return getattr(figure, "display", "") if figure is not None else ""
    return number_format(figure.count, force_grouping=True)
