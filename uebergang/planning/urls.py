"""URLs of the steering app: work plans, their progress tree and history, indicators."""

from __future__ import annotations

from django.urls import path

from . import views, views_interim, views_report, views_resources

app_name = "planning"

PLANS = "<tenant:tenant>/intern/arbeitsplaene/"
RESOURCES = "<tenant:tenant>/intern/ressourcen/"
REPORT = "<tenant:tenant>/intern/jahresbericht/"
INTERIM = "<tenant:tenant>/intern/zwischenbilanzen/"

urlpatterns = [
    path(PLANS, views.plans, name="plans"),
    path(f"{PLANS}neu/", views.plan_create, name="plan_create"),
    path(f"{PLANS}<int:plan_id>/", views.plan_detail, name="plan"),
    path(f"{PLANS}<int:plan_id>/bearbeiten/", views.plan_edit, name="plan_edit"),
    path(f"{PLANS}<int:plan_id>/verlauf/", views.plan_history, name="plan_history"),
    path(f"{PLANS}<int:plan_id>/schwerpunkte/neu/", views.priority_create, name="priority_create"),
    path(f"{PLANS}<int:plan_id>/kennzahlen/neu/", views.indicator_create, name="indicator_create"),
    path(f"{PLANS}schwerpunkte/<int:priority_id>/", views.priority_edit, name="priority_edit"),
    path(f"{PLANS}schwerpunkte/<int:priority_id>/ziele/neu/", views.goal_create, name="goal_create"),
    path(f"{PLANS}ziele/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path(f"{PLANS}ziele/<int:goal_id>/massnahmen/neu/", views.measure_create, name="measure_create"),
    path(f"{PLANS}massnahmen/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path(f"{PLANS}kennzahlen/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path(f"{PLANS}kennzahlen/<int:indicator_id>/bearbeiten/", views.indicator_edit, name="indicator_edit"),
    path(
        f"{PLANS}kennzahlen/<int:indicator_id>/istwerte/neu/",
        views.indicator_value_create,
        name="indicator_value_create",
    ),
    path(RESOURCES, views_resources.overview, name="resources"),
    path(f"{RESOURCES}foerderungen/neu/", views_resources.funding_create, name="funding_create"),
    path(
        f"{RESOURCES}foerderungen/<int:funding_line_id>/", views_resources.funding_edit, name="funding_edit"
    ),
    path(f"{RESOURCES}stellen/neu/", views_resources.staff_create, name="staff_create"),
    path(f"{RESOURCES}stellen/<int:staff_position_id>/", views_resources.staff_edit, name="staff_edit"),
    path(f"{RESOURCES}ehrenamt/neu/", views_resources.volunteers_create, name="volunteers_create"),
    path(f"{RESOURCES}ehrenamt/<int:programme_id>/", views_resources.volunteers_edit, name="volunteers_edit"),
    path(
        "<tenant:tenant>/jahresberichte/<int:published_report_id>/",
        views_report.public_report,
        name="public_report",
    ),
    path(INTERIM, views_interim.reviews, name="interims"),
    path(f"{INTERIM}neu/", views_interim.review_create, name="interim_create"),
    path(f"{INTERIM}<int:review_id>/", views_interim.review_detail, name="interim"),
    path(REPORT, views_report.report_page, name="report"),
    path(f"{REPORT}pdf/", views_report.report_pdf, name="report_pdf"),
    path(f"{REPORT}veroeffentlichen/", views_report.report_publish, name="report_publish"),
    path(f"{REPORT}erstellung/<int:run_id>/", views_report.report_run, name="report_run"),
    path(f"{REPORT}erstellung/<int:run_id>/pdf/", views_report.report_run_pdf, name="report_run_pdf"),
    path(
        f"{REPORT}fassungen/<int:published_report_id>/",
        views_report.published_report,
        name="published_report",
    ),
]
