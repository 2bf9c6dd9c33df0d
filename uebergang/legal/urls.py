"""URLs of the legal pages: the installation's under /rechtliches/, each tenant's under /<kommune>/rechtliches/.

One route per kind of page (impressum, datenschutz, barrierefreiheit), named after it: `legal:impressum`,
`legal:impressum_edit`, `legal:installation_impressum`, `legal:installation_impressum_edit`.
"""

from __future__ import annotations

from django.urls import path

from . import views
from .queries import KINDS

app_name = "legal"

urlpatterns = [
    route
    for kind in KINDS
    for route in (
        path(f"rechtliches/{kind}/", views.installation_page, {"kind": kind}, name=f"installation_{kind}"),
        path(
            f"rechtliches/{kind}/bearbeiten/",
            views.installation_edit,
            {"kind": kind},
            name=f"installation_{kind}_edit",
        ),
        path(f"<tenant:tenant>/rechtliches/{kind}/", views.page, {"kind": kind}, name=kind),
        path(f"<tenant:tenant>/intern/rechtliches/{kind}/", views.edit, {"kind": kind}, name=f"{kind}_edit"),
    )
]
