"""`{{ code|school_type:tenant }}`: a stored school type as the tenant's Land names it (lib/laender.py)."""

from __future__ import annotations

from django import template

from uebergang.lib import laender

register = template.Library()


@register.filter
def school_type(code: str, tenant) -> str:
    return laender.school_type_label(getattr(tenant, "land", ""), code) if code else ""
