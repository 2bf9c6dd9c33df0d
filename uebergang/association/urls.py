"""URLs of the association's library of practice."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "association"

OWN = "<tenant:tenant>/intern/praxisbeispiele/"
LIBRARY = "<tenant:tenant>/intern/verbund/praxisbeispiele/"

urlpatterns = [
    path(OWN, views.own_list, name="own_list"),
    path(f"{OWN}neu/", views.practice_create, name="practice_create"),
    path(f"{OWN}<int:practice_id>/bearbeiten/", views.practice_edit, name="practice_edit"),
    path(LIBRARY, views.member_library, name="member_library"),
    path(f"{LIBRARY}<int:practice_id>/", views.member_practice, name="member_practice"),
    path("verbund/praxisbeispiele/", views.association_library, name="association_library"),
    path(
        "verbund/praxisbeispiele/<int:practice_id>/", views.association_practice, name="association_practice"
    ),
    path("praxisbeispiele/", views.public_library, name="public_library"),
    path("praxisbeispiele/<int:practice_id>/", views.public_practice, name="public_practice"),
]
