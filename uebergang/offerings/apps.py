from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferingsConfig(AppConfig):
    name = "uebergang.offerings"
    verbose_name = _("Angebote")

    def ready(self) -> None:
        from django.urls import reverse

        from uebergang.documents.registry import Owner, register

        from .models import Offering
        from .queries import editable_offerings, visible_offerings

        # Internal documents of an offering (concept, flyer, agreement): for the staff who see it, added
        # by those who edit it.
        register(
            Owner(
                "angebot",
                Offering,
                visible_offerings,
                editable_offerings,
                lambda o: reverse("offerings:detail", kwargs={"tenant": o.tenant, "offering_id": o.pk}),
            )
        )
