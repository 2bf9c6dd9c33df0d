"""URLs of the offering catalogue in the staff workspace (`<tenant>/intern/angebote/…`)."""

from __future__ import annotations

from django.urls import path

from ..views import synonyms
from ..views import workspace as views

BASE = "<tenant:tenant>/intern/angebote/"

urlpatterns = [
    path(BASE, views.offering_list, name="list"),
    # One name, two formats: reverse("offerings:export", kwargs={"tenant": …, "fmt": "csv"|"xlsx"}).
    path(f"{BASE}export.csv", views.offering_export, {"fmt": "csv"}, name="export"),
    path(f"{BASE}export.xlsx", views.offering_export, {"fmt": "xlsx"}, name="export"),
    path(f"{BASE}neu/", views.offering_create, name="create"),
    path(f"{BASE}einstellungen/", views.catalogue_settings, name="settings"),
    path(f"{BASE}kategorien/", views.category_list, name="categories"),
    path(f"{BASE}synonyme/", synonyms.synonym_list, name="synonyms"),
    path(f"{BASE}synonyme/standard/", synonyms.synonym_defaults, name="synonym_defaults"),
    path(f"{BASE}synonyme/<int:synonym_id>/", synonyms.synonym_edit, name="synonym_edit"),
    path(f"{BASE}synonyme/<int:synonym_id>/loeschen/", synonyms.synonym_delete, name="synonym_delete"),
    path(f"{BASE}kategorien/<int:category_id>/", views.category_edit, name="category_edit"),
    path(f"{BASE}<int:offering_id>/", views.offering_detail, name="detail"),
    path(f"{BASE}<int:offering_id>/bearbeiten/", views.offering_edit, name="edit"),
    path(f"{BASE}<int:offering_id>/einreichen/", views.offering_submit, name="submit"),
    path(f"{BASE}<int:offering_id>/status/", views.offering_status, name="set_status"),
    path(f"{BASE}<int:offering_id>/geprueft/", views.offering_mark_checked, name="mark_checked"),
]
