"""URLs of the monitoring app: imports and code lists, dashboards and exports."""

from __future__ import annotations

from . import dashboards, imports

app_name = "monitoring"

urlpatterns = [*imports.urlpatterns, *dashboards.urlpatterns]
