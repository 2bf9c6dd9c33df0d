from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "uebergang.documents"
    verbose_name = _("Dokumente")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the file clean-up
