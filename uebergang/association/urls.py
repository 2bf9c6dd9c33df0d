"""URLs of the association app."""

from __future__ import annotations

app_name = "association"

urlpatterns: list = []
