from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "uebergang.quality"
    verbose_name = _("Qualität und Wirkung")

    def ready(self) -> None:
        from django.urls import reverse

        from uebergang.documents.registry import Owner, register

        from . import queries
        from .models import Review

        def uploadable(tenant, membership):
            """The reviews this person fills in (see queries.can_rate), as a query."""
            reviews = queries.visible_reviews(tenant, membership).exclude(status=Review.Status.COMPLETED)
            if membership.role == membership.Role.COORDINATOR:
                return reviews
            if membership.role == membership.Role.PARTNER:
                return reviews.filter(kind=Review.Kind.SELF, status=Review.Status.OPEN)
            return reviews.none()

        register(
            Owner(
                key="ueberpruefung",
                model=Review,
                readable=queries.visible_reviews,
                uploadable=uploadable,
                page=lambda review: reverse(
                    "quality:review", kwargs={"tenant": review.tenant, "quality_review_id": review.pk}
                ),
            )
        )
