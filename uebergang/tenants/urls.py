from __future__ import annotations

from django.urls import path

from . import views, views_regions

app_name = "tenants"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("verbund/", views.association, name="association"),
    path("<tenant:tenant>/", views.tenant_home, name="home"),
    path("<tenant:tenant>/intern/", views.workspace, name="workspace"),
    path("<tenant:tenant>/intern/suche/", views.search, name="search"),
    path("<tenant:tenant>/intern/portraet/", views.tenant_edit, name="edit"),
    path("<tenant:tenant>/intern/regionen/", views_regions.region_list, name="regions"),
    path("<tenant:tenant>/intern/regionen/neu/", views_regions.region_form, name="region_new"),
    path("<tenant:tenant>/intern/regionen/<int:region_id>/", views_regions.region_form, name="region_edit"),
    path(
        "<tenant:tenant>/intern/regionen/<int:region_id>/entfernen/",
        views_regions.region_delete,
        name="region_delete",
    ),
]
