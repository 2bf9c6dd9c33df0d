"""URLs: the offering finder for young people (see views/finder.py)."""

from __future__ import annotations

from django.urls import path

from ..views import finder as views

urlpatterns = [
    path("<tenant:tenant>/angebotsfinder/", views.finder_page, name="finder"),
]
