"""URLs: analysis (see views/analysis.py)."""

from __future__ import annotations

urlpatterns: list = []
