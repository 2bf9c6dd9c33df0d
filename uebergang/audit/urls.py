from __future__ import annotations

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<tenant:tenant>/intern/protokoll/", views.trail, name="trail"),
]
