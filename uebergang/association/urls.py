"""URLs of the association's library of practice."""

from __future__ import annotations

from django.urls import path

from . import views, views_comparison, views_portraits

app_name = "association"

OWN = "<tenant:tenant>/intern/praxisbeispiele/"
LIBRARY = "<tenant:tenant>/intern/verbund/praxisbeispiele/"
MEMBERS = "<tenant:tenant>/intern/verbund/mitglieder/"

urlpatterns = [
    path(OWN, views.own_list, name="own_list"),
    path(f"{OWN}neu/", views.practice_create, name="practice_create"),
    path(f"{OWN}<int:practice_id>/bearbeiten/", views.practice_edit, name="practice_edit"),
    path(LIBRARY, views.member_library, name="member_library"),
    path(f"{LIBRARY}<int:practice_id>/", views.member_practice, name="member_practice"),
    path(
        f"{LIBRARY}<int:practice_id>/dateien/<int:file_id>/",
        views.member_practice_file,
        name="member_practice_file",
    ),
    path("verbund/praxisbeispiele/", views.association_library, name="association_library"),
    path(
        "verbund/praxisbeispiele/<int:practice_id>/", views.association_practice, name="association_practice"
    ),
    path("<tenant:tenant>/intern/verbund/portraet/", views_portraits.portrait_edit, name="portrait_edit"),
    path(MEMBERS, views_portraits.member_directory, name="member_directory"),
    path(f"{MEMBERS}<int:portrait_id>/", views_portraits.member_portrait, name="member_portrait"),
    path("verbund/mitglieder/", views_portraits.association_directory, name="association_directory"),
    path(
        "verbund/mitglieder/<int:portrait_id>/",
        views_portraits.association_portrait,
        name="association_portrait",
    ),
    path(
        "<tenant:tenant>/intern/verbund/vergleich/",
        views_comparison.member_comparison,
        name="member_comparison",
    ),
    path("verbund/vergleich/", views_comparison.association_comparison, name="association_comparison"),
    path("praxisbeispiele/", views.public_library, name="public_library"),
    path("praxisbeispiele/<int:practice_id>/", views.public_practice, name="public_practice"),
    path(
        "praxisbeispiele/<int:practice_id>/dateien/<int:file_id>/",
        views.public_practice_file,
        name="public_practice_file",
    ),
    path(
        "verbund/praxisbeispiele/<int:practice_id>/dateien/<int:file_id>/",
        views.association_practice_file,
        name="association_practice_file",
    ),
]
