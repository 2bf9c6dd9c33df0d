from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "uebergang.network"
    verbose_name = _("Akteure und Gremien")

    def ready(self) -> None:
        from django.urls import reverse

        from uebergang.accounts.permissions import bodies_with_internal_access, managed_bodies
        from uebergang.documents.registry import Owner, register

        from .models import Decision, Meeting

        # Documents of meetings and decisions are internal, like the minutes: read by those who read the
        # body's internal minutes, added by those who record its meetings.
        def scoped(model):
            def readable(tenant, membership):
                if membership is None:
                    return model.objects.none()
                return model.objects.for_tenant(tenant).filter(
                    body__in=bodies_with_internal_access(tenant, membership)
                )

            def uploadable(tenant, membership):
                return model.objects.for_tenant(tenant).filter(body__in=managed_bodies(tenant, membership))

            return readable, uploadable

        readable, uploadable = scoped(Meeting)
        register(
            Owner(
                "sitzung",
                Meeting,
                readable,
                uploadable,
                lambda m: reverse(
                    "network:meeting_detail", kwargs={"tenant": m.body.tenant, "meeting_id": m.pk}
                ),
            )
        )
        readable, uploadable = scoped(Decision)
        register(
            Owner(
                "beschluss",
                Decision,
                readable,
                uploadable,
                lambda d: reverse(
                    "network:decision_detail", kwargs={"tenant": d.body.tenant, "decision_id": d.pk}
                ),
            )
        )
