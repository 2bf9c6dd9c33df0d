"""URLs of network bodies, meetings, decisions and tasks (workspace and public)."""

from __future__ import annotations

from django.urls import path

from ..views import bodies as views
from ..views import meetings

urlpatterns = [
    # Public.
    path("<tenant:tenant>/netzwerk/", views.public_network, name="public_network"),
    path("<tenant:tenant>/gremien/<int:body_id>/", views.public_body, name="public_body"),
    # Network page and bodies.
    path("<tenant:tenant>/intern/netzwerk/", views.network, name="network"),
    path("<tenant:tenant>/intern/gremien/neu/", views.body_create, name="body_create"),
    path("<tenant:tenant>/intern/gremien/<int:body_id>/", views.body_detail, name="body_detail"),
    path("<tenant:tenant>/intern/gremien/<int:body_id>/bearbeiten/", views.body_edit, name="body_edit"),
    path("<tenant:tenant>/intern/gremien/<int:body_id>/vorsitz/", views.body_officers, name="body_officers"),
    path(
        "<tenant:tenant>/intern/gremien/<int:body_id>/mitglieder/neu/",
        views.body_membership_create,
        name="body_membership_create",
    ),
    path(
        "<tenant:tenant>/intern/gremien-mitgliedschaften/<int:body_membership_id>/",
        views.body_membership_edit,
        name="body_membership_edit",
    ),
    # Meetings.
    path(
        "<tenant:tenant>/intern/gremien/<int:body_id>/sitzungen/neu/",
        meetings.meeting_create,
        name="meeting_create",
    ),
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"
    ),
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/absagen/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/bearbeiten/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/anwesenheit/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/druck/",
        meetings.meeting_print,
        name="meeting_print",
    ),
    # Decisions.
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/beschluesse/neu/",
        meetings.decision_create,
        name="decision_create",
    ),
    path(
        "<tenant:tenant>/intern/beschluesse/<int:decision_id>/",
        meetings.decision_detail,
        name="decision_detail",
    ),
    # Tasks.
    path(
        "<tenant:tenant>/intern/sitzungen/<int:meeting_id>/aufgaben/neu/",
        meetings.task_create,
        name="task_create",
    ),
    path("<tenant:tenant>/intern/aufgaben/meine/", meetings.my_tasks, name="my_tasks"),
    path("<tenant:tenant>/intern/aufgaben/ueberfaellig/", meetings.overdue_tasks, name="overdue_tasks"),
    path("<tenant:tenant>/intern/aufgaben/<int:task_id>/", meetings.task_detail, name="task_detail"),
    path("<tenant:tenant>/intern/aufgaben/<int:task_id>/bearbeiten/", meetings.task_edit, name="task_edit"),
]
