from __future__ import annotations

from django.urls import path

from . import views

app_name = "tenants"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("verbund/", views.association, name="association"),
    path("<tenant:tenant>/", views.tenant_home, name="home"),
    path("<tenant:tenant>/intern/", views.workspace, name="workspace"),
    path("<tenant:tenant>/intern/suche/", views.search, name="search"),
    path("<tenant:tenant>/intern/portraet/", views.tenant_edit, name="edit"),
]
