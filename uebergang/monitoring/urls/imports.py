"""URLs of the monitoring imports and local destination sub-codes (`intern/monitoring/…`)."""

from __future__ import annotations

from django.urls import path

from ..views import imports as views

PREFIX = "<tenant:tenant>/intern/monitoring"

urlpatterns = [
    path(f"{PREFIX}/import/", views.import_upload, name="import"),
    path(f"{PREFIX}/import/<int:batch_id>/", views.import_batch, name="import_batch"),
    path(f"{PREFIX}/import/<int:batch_id>/zuordnung/", views.import_mapping, name="import_mapping"),
    path(
        f"{PREFIX}/import/<int:batch_id>/zuordnung.json",
        views.import_mapping_json,
        name="import_mapping_json",
    ),
    path(f"{PREFIX}/import/<int:batch_id>/starten/", views.import_start, name="import_start"),
    path(f"{PREFIX}/import/<int:batch_id>/abbrechen/", views.import_cancel, name="import_cancel"),
    path(f"{PREFIX}/codes/", views.codes, name="codes"),
    path(f"{PREFIX}/codes/<int:destination_id>/", views.code_edit, name="code_edit"),
]
