"""URLs of the network app: actors (registry, import), bodies (network, meetings, tasks), calendar feeds, list pages."""

from __future__ import annotations

from . import actors, bodies, calendar, lists

app_name = "network"

urlpatterns = [*actors.urlpatterns, *bodies.urlpatterns, *calendar.urlpatterns, *lists.urlpatterns]
