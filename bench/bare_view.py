"""The baseline of the page benchmarks: the project's URLs plus one bare view rendering a 20-row table.

A benchmark points ROOT_URLCONF here, so the bare view runs through the same middleware, session and
template engine as the pages it is set beside; nothing of the product changes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang=de><head><title>Baseline</title></head><body><table>"
    "{% for row in rows %}<tr><td>{{ row.0 }}</td><td>{{ row.1 }}</td><td>{{ row.2 }}</td></tr>{% endfor %}"
    "</table></body></html>"
)
ROWS = [(n, f"Zeile {n}", f"Wert {n * 7}") for n in range(20)]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TEMPLATE.render({"rows": ROWS}, request))


urlpatterns = [path("bench/bare/", bare), path("", include("uebergang.urls"))]
