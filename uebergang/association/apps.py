from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "uebergang.association"
    verbose_name = _("Verbund")

    def ready(self) -> None:
        from django.urls import reverse

        from uebergang.accounts.permissions import roles_with
        from uebergang.documents.registry import Owner, register

        from .models import Practice

        def readable(tenant, membership):
            """The municipality's own practices; other members read the published ones' files through the
            library (views.practice_file)."""
            return Practice.objects.for_tenant(tenant)

        def uploadable(tenant, membership):
            if membership is None or membership.role not in roles_with("practices.manage"):
                return Practice.objects.none()
            return Practice.objects.for_tenant(tenant)

        register(
            Owner(
                "praxisbeispiel",
                Practice,
                readable,
                uploadable,
                lambda p: reverse(
                    "association:member_practice", kwargs={"tenant": p.tenant, "practice_id": p.pk}
                ),
            )
        )
