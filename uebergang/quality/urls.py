"""URLs of the quality app, under /<kommune>/intern/qualitaet/."""

from __future__ import annotations

from django.urls import path

from .views import analysis, reports, reviews, standards

app_name = "quality"

Q = "<tenant:tenant>/intern/qualitaet/"

urlpatterns = [
    path(Q, analysis.overview, name="overview"),
    path(f"{Q}standards/", standards.standard_list, name="standards"),
    path(f"{Q}standards/neu/", standards.standard_create, name="standard_create"),
    path(f"{Q}standards/<int:standard_id>/", standards.standard_detail, name="standard"),
    path(f"{Q}standards/<int:standard_id>/bearbeiten/", standards.standard_edit, name="standard_edit"),
    path(
        f"{Q}standards/<int:standard_id>/neue-fassung/",
        standards.standard_new_version,
        name="standard_new_version",
    ),
    path(f"{Q}standards/<int:standard_id>/in-kraft/", standards.standard_activate, name="standard_activate"),
    path(
        f"{Q}standards/<int:standard_id>/kriterien/neu/", standards.criterion_create, name="criterion_create"
    ),
    path(f"{Q}kriterien/<int:criterion_id>/bearbeiten/", standards.criterion_edit, name="criterion_edit"),
    path(f"{Q}kriterien/<int:criterion_id>/entfernen/", standards.criterion_delete, name="criterion_delete"),
    path(f"{Q}ueberpruefungen/", reviews.review_list, name="reviews"),
    path(f"{Q}ueberpruefungen/neu/", reviews.review_create, name="review_create"),
    path(f"{Q}ueberpruefungen/<int:quality_review_id>/", reviews.review_detail, name="review"),
    path(
        f"{Q}ueberpruefungen/<int:quality_review_id>/einreichen/", reviews.review_submit, name="review_submit"
    ),
    path(
        f"{Q}ueberpruefungen/<int:quality_review_id>/abschliessen/",
        reviews.review_complete,
        name="review_complete",
    ),
    path(
        f"{Q}ueberpruefungen/<int:quality_review_id>/folgemassnahmen/neu/",
        reviews.follow_up_create,
        name="follow_up_create",
    ),
    path(f"{Q}folgemassnahmen/<int:follow_up_id>/stand/", reviews.follow_up_status, name="follow_up_status"),
    path(f"{Q}berichte/", reports.period_list, name="periods"),
    path(f"{Q}berichte/neu/", reports.period_create, name="period_create"),
    path(f"{Q}berichte/<int:period_id>/", reports.period_detail, name="period"),
    path(f"{Q}berichte/<int:period_id>/bearbeiten/", reports.period_edit, name="period_edit"),
    path(f"{Q}berichte/<int:period_id>/import/", reports.report_upload, name="report_import"),
    path(f"{Q}berichte/<int:period_id>/angebote/<int:offering_id>/", reports.report_edit, name="report"),
    path(f"{Q}schulen/", analysis.schools, name="schools"),
    path(f"{Q}schulen/<int:school_id>/", analysis.school_detail, name="school"),
    path(f"{Q}wirkung/", analysis.effectiveness, name="effect"),
    path(f"{Q}bedarf/", analysis.need_page, name="need"),
]
