"""URLs of the review of offerings: queue, versions, staleness and reminders."""

from __future__ import annotations

from django.urls import path

from ..views import review as views

BASE = "<tenant:tenant>/intern/angebote/"

urlpatterns = [
    path(f"{BASE}pruefung/", views.review_queue, name="review_queue"),
    path(f"{BASE}versionen/<int:version_id>/", views.review, name="review"),
    path(f"{BASE}<int:offering_id>/versionen/", views.version_list, name="versions"),
    path(f"{BASE}veraltet/", views.stale_list, name="stale"),
    path(f"{BASE}veraltet/erinnern/", views.send_reminders, name="send_reminders"),
]
