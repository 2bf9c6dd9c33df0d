from __future__ import annotations

from django.urls import path

from ..views import calendar as views

urlpatterns = [
    path("<tenant:tenant>/intern/kalender/", views.calendar_feeds, name="calendar_feeds"),
    path("<tenant:tenant>/intern/kalender/neu/", views.calendar_feed_create, name="calendar_feed_create"),
    path(
        "<tenant:tenant>/intern/kalender/<str:token>/widerrufen/",
        views.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path("<tenant:tenant>/kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
