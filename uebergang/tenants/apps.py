from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "uebergang.tenants"
    verbose_name = _("Kommunen")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from uebergang.lib import pagecache

        connection_created.connect(pagecache.install, dispatch_uid="pagecache-track-writes")
