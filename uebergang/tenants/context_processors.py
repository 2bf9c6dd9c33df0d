from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def acting_as(request: HttpRequest) -> dict:
    """The tenant and role the user is acting in, and the memberships to switch between."""

    def memberships():
        if not request.user.is_authenticated:
            return []
        return list(request.user.memberships.select_related("tenant").order_by("tenant__name"))

    return {
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": getattr(request, "membership", None),
        "my_memberships": SimpleLazyObject(memberships),
    }
