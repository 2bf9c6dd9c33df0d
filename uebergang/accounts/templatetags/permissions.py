from __future__ import annotations

from django import template

from uebergang.accounts.permissions import roles_with

register = template.Library()


@register.filter
def can(membership, permission: str) -> bool:
    """`{% if current_membership|can:"audit.view" %}`: the same rule as `permission_required`."""
    return membership is not None and membership.role in roles_with(permission)
