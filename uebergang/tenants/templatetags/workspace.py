"""`{% workspace_links %}` and `{% acting_as %}`: the workspace navigation and the header's working context
(tenants/navigation.py)."""

from __future__ import annotations

from django import template
from django.middleware.csrf import get_token

from uebergang.tenants import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_links(context) -> str:
    return navigation.links(context["request"])


@register.simple_tag(takes_context=True)
def acting_as(context) -> str:
    """The header's "Sie handeln für … als …" and the switch between the person's memberships."""
    return navigation.acting_as(context["request"], get_token)
