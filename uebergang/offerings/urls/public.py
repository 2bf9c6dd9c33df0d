"""URLs: the public catalogue — search, detail, print view (see views/public.py)."""

from __future__ import annotations

from django.urls import path

from ..views import public

urlpatterns = [
    path("<tenant:tenant>/angebote/", public.public_search, name="public_search"),
    path("<tenant:tenant>/angebote/<int:offering_id>/", public.public_detail, name="public_detail"),
    path("<tenant:tenant>/angebote/<int:offering_id>/drucken/", public.public_print, name="public_print"),
    path(
        "<tenant:tenant>/angebote/<int:offering_id>/fehler-melden/",
        public.public_correction,
        name="public_correction",
    ),
]
