"""URLs: workspace (see views/workspace.py)."""

from __future__ import annotations

urlpatterns: list = []
