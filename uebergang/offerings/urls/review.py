"""URLs: review (see views/review.py)."""

from __future__ import annotations

urlpatterns: list = []
