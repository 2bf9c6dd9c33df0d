from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from uebergang.api.api import api
from uebergang.api.hsds import hsds_api
from uebergang.tenants.converters import TenantConverter

register_converter(TenantConverter, "tenant")

admin.site.site_header = "Übergang – Verwaltung"
admin.site.site_title = "Übergang"

urlpatterns = [
    # The admin signs in through our login, which enforces the second factor and the lockout.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
    # Without a CSRF token: choosing a language changes only the visitor's language cookie (and
    # `next` is checked by Django), and a token would keep every public page out of the page cache.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("uebergang.accounts.urls")),
    path("", include("uebergang.api.urls")),
    path("", include("uebergang.audit.urls")),
    path("", include("uebergang.network.urls")),
    path("", include("uebergang.monitoring.urls")),
    path("", include("uebergang.offerings.urls")),
    path("", include("uebergang.planning.urls")),
    path("", include("uebergang.quality.urls")),
    path("", include("uebergang.documents.urls")),
    path("", include("uebergang.cases.urls")),
    path("", include("uebergang.legal.urls")),
    path("", include("uebergang.notifications.urls")),
    path("", include("uebergang.association.urls")),
    path("", include("uebergang.jobs.urls")),
    path("", include("uebergang.tenants.urls")),
]

handler403 = "uebergang.errors.permission_denied"
handler404 = "uebergang.errors.page_not_found"
handler500 = "uebergang.errors.server_error"
