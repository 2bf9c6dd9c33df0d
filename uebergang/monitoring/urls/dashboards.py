"""Dashboard and exports: /<tenant>/intern/monitoring/ and …/export/<table>.csv|.xlsx."""

from __future__ import annotations

from django.urls import path

from ..views import dashboards

# One route per exported table and format: the table's name is fixed in the path, not a parameter.
urlpatterns = [
    path("<tenant:tenant>/intern/monitoring/", dashboards.dashboard, name="dashboard"),
    *(
        path(
            f"<tenant:tenant>/intern/monitoring/export/{table_name}.{fmt}",
            dashboards.export,
            {"table_name": table_name, "fmt": fmt},
            name="export",
        )
        for table_name in dashboards.TABLE_NAMES
        for fmt in ("csv", "xlsx")
    ),
]
