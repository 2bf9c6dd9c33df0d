"""URLs of the actor registry: staff workspace (`intern/akteure/…`), contacts, import, public pages."""

from __future__ import annotations

from django.urls import path

from ..views import actors as views

urlpatterns = [
    path("<tenant:tenant>/intern/akteure/", views.actor_list, name="actors"),
    path("<tenant:tenant>/intern/akteure/neu/", views.actor_create, name="actor_create"),
    path("<tenant:tenant>/intern/akteure/import/", views.actor_import, name="actor_import"),
    path(
        "<tenant:tenant>/intern/akteure/import/bestaetigen/",
        views.actor_import_confirm,
        name="actor_import_confirm",
    ),
    path(
        "<tenant:tenant>/intern/akteure/import/vorlage.csv",
        views.actor_import_template_csv,
        name="actor_import_template_csv",
    ),
    path(
        "<tenant:tenant>/intern/akteure/import/vorlage.xlsx",
        views.actor_import_template_xlsx,
        name="actor_import_template_xlsx",
    ),
    path("<tenant:tenant>/intern/akteure/<int:organisation_id>/", views.actor_detail, name="actor_detail"),
    path(
        "<tenant:tenant>/intern/akteure/<int:organisation_id>/bearbeiten/",
        views.actor_edit,
        name="actor_edit",
    ),
    path(
        "<tenant:tenant>/intern/akteure/<int:organisation_id>/kontakte/neu/",
        views.contact_create,
        name="contact_create",
    ),
    path("<tenant:tenant>/intern/kontakte/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("<tenant:tenant>/akteure/", views.public_actor_list, name="public_actors"),
    path(
        "<tenant:tenant>/akteure/<int:organisation_id>/",
        views.public_actor_detail,
        name="public_actor_detail",
    ),
]
