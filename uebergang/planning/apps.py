from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "uebergang.planning"
    verbose_name = _("Steuerung und Planung")
