"""`{% workspace_links %}`: the entries of the workspace navigation (tenants/navigation.py)."""

from __future__ import annotations

from django import template

from uebergang.tenants import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_links(context) -> str:
    return navigation.links(context["request"])
