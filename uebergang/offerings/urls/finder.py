"""URLs: finder (see views/finder.py)."""

from __future__ import annotations

urlpatterns: list = []
