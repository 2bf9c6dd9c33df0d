"""URLs of the quality app: standards."""

from __future__ import annotations

urlpatterns: list = []
