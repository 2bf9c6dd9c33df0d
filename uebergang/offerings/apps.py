from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferingsConfig(AppConfig):
    name = "uebergang.offerings"
    verbose_name = _("Angebote")
