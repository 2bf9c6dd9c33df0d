"""URLs of the quality app: analysis."""

from __future__ import annotations

urlpatterns: list = []
