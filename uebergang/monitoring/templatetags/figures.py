"""`{{ figure|figure }}`: a protected count as people read numbers in their language ("1.767" in German,
"1,767" in English), or the mark of a hidden cell. Exports keep the plain count (monitoring/exports.py).
`{{ spec|chart_json:"id" }}`: a chart's spec as compact JSON data for static/js/charts.js."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter(name="figure")
def figure_filter(figure) -> str:
    if figure is None or getattr(figure, "count", None) is None:
        return getattr(figure, "display", "") if figure is not None else ""
    return number_format(figure.count, force_grouping=True)


# What json_script escapes, so that the JSON cannot end its <script> element early.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def chart_json(spec: dict, element_id: str) -> str:
    """`{{ spec|chart_json:"chart-id" }}`: like Django's json_script, without the blanks after commas and
    colons — a dashboard carries eight charts' data, and they are a tenth smaller so."""
    text = json.dumps(spec, cls=DjangoJSONEncoder, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308
