"""URLs: imports (see views/imports.py)."""

from __future__ import annotations

urlpatterns: list = []
