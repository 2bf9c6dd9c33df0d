"""URLs: public (see views/public.py)."""

from __future__ import annotations

urlpatterns: list = []
