"""URLs of attached documents, under /<kommune>/intern/dokumente/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "documents"

D = "<tenant:tenant>/intern/dokumente/"

urlpatterns = [
    path(f"{D}neu/<slug:owner_key>/<int:owner_id>/", views.upload, name="upload"),
    path(f"{D}<int:document_id>/", views.download, name="download"),
    path(f"{D}<int:document_id>/entfernen/", views.remove, name="remove"),
]
