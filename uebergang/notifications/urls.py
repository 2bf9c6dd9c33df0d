"""URLs of the notifications app: the person's choice in their account."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [path("konto/benachrichtigungen/", views.preferences, name="preferences")]
