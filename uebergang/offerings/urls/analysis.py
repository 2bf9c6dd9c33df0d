"""URLs of gaps and overlaps (see views/analysis.py): coverage matrix, likely duplicates, funding ending."""

from __future__ import annotations

from django.urls import path

from ..views import analysis as views

urlpatterns = [
    path("<tenant:tenant>/intern/angebote/abdeckung/", views.coverage, name="coverage"),
    path("<tenant:tenant>/intern/angebote/dubletten/", views.duplicates, name="duplicates"),
    path("<tenant:tenant>/intern/angebote/foerderende/", views.funding_ending, name="funding_ending"),
    path(
        "<tenant:tenant>/intern/angebote/foerderende/foerderende.csv",
        views.funding_ending_csv,
        name="funding_ending_csv",
    ),
]
