from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<tenant:tenant>/intern/akteure/import/<int:actor_job_id>/", views.actor_job, name="actor_job"),
    path(
        "<tenant:tenant>/intern/angebote/import/<int:offering_job_id>/",
        views.offering_job,
        name="offering_job",
    ),
]
