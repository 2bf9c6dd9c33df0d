"""URLs: import of offerings (staff) and the public export of a search (see views/imports.py)."""

from __future__ import annotations

from django.urls import path

from ..views import imports as views

urlpatterns = [
    path("<tenant:tenant>/intern/angebote/import/", views.offering_import, name="import"),
    path(
        "<tenant:tenant>/intern/angebote/import/bestaetigen/",
        views.offering_import_confirm,
        name="import_confirm",
    ),
    path(
        "<tenant:tenant>/intern/angebote/import/vorlage.csv",
        views.offering_import_template_csv,
        name="import_template_csv",
    ),
    path(
        "<tenant:tenant>/intern/angebote/import/vorlage.xlsx",
        views.offering_import_template_xlsx,
        name="import_template_xlsx",
    ),
    # One name for both formats: reverse("offerings:public_export", kwargs={"tenant": …, "fmt": "csv"}).
    # Two fixed paths rather than a <fmt> parameter, so only csv and xlsx resolve.
    path("<tenant:tenant>/angebote/export.csv", views.public_export, {"fmt": "csv"}, name="public_export"),
    path("<tenant:tenant>/angebote/export.xlsx", views.public_export, {"fmt": "xlsx"}, name="public_export"),
]
