from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "uebergang.accounts"
    verbose_name = _("Konten und Rollen")

    def ready(self) -> None:
        from . import checks  # noqa: F401 — registers the secret key check
