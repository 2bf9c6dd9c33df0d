"""URLs of the workspace list pages of bodies and meetings."""

from __future__ import annotations

from django.urls import path

from ..views import lists as views

urlpatterns = [
    path("<tenant:tenant>/intern/gremien/", views.body_list, name="body_list"),
    path("<tenant:tenant>/intern/sitzungen/", views.meeting_list, name="meeting_list"),
]
