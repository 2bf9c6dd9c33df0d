from __future__ import annotations

from django.http import Http404

from uebergang.accounts.permissions import membership_for

from .models import Tenant


class TenantMiddleware:
    """Puts the tenant of the URL (`<tenant:tenant>`) and the user's membership in it on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        request.membership = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.tenant = view_kwargs.get("tenant")
        if request.tenant is not None:
            if request.tenant.kind == Tenant.Kind.ASSOCIATION and not _office_path(
                request.path, request.tenant
            ):
                raise Http404  # the association's office has a workspace, not a municipality's public pages
            request.membership = membership_for(request.user, request.tenant)


def _office_path(path: str, tenant: Tenant) -> bool:
    """The association office's routes: its workspace, calendar feeds and staff API."""
    return path.startswith((f"/{tenant.slug}/intern/", f"/{tenant.slug}/kalender/", "/api/v1/"))
