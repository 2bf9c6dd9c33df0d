"""URLs of the offering catalogue: staff workspace (`intern/angebote/…`), review, import/export,
gaps and overlaps; public search and detail (`angebote/…`) and the offering finder (`angebotsfinder/`)."""

from __future__ import annotations

from . import analysis, finder, imports, public, review, workspace

app_name = "offerings"

urlpatterns = [
    *workspace.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
    *analysis.urlpatterns,
    *public.urlpatterns,
    *finder.urlpatterns,
]
