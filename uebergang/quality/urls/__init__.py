"""URLs of the quality app: standards and reviews, and the analyses (effectiveness, need against supply)."""

from __future__ import annotations

from . import analysis, standards

app_name = "quality"

urlpatterns = [*standards.urlpatterns, *analysis.urlpatterns]
