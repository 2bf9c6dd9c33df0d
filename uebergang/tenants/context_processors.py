from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from uebergang.accounts.permissions import memberships_of


def acting_as(request: HttpRequest) -> dict:
    """The tenant and role the user is acting in, and the memberships to switch between."""

    def memberships():
        if not request.user.is_authenticated:
            return []
        return memberships_of(request.user)

    return {
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": getattr(request, "membership", None),
        "my_memberships": SimpleLazyObject(memberships),
    }
