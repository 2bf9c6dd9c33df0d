from __future__ import annotations

from uebergang.accounts.permissions import membership_for


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
            request.membership = membership_for(request.user, request.tenant)
