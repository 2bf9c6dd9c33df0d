"""Case conferences (Fallkonferenzen): several organisations and legal spheres agree the next steps.

The organisations taking part see the young person's data only while a permit for the purpose
"Fallkonferenz" covers each of them (checked on every read, like a referral); the minutes are read only
by the people taking part. The steps agreed are tasks of the network app (`network.Task` with
`case_conference` instead of a body), so they reach the responsible person's task list and reminders,
but never the bodies' task lists.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import Organisation

from .case import Case
from .permits import DataCategory, Purpose


class CaseConference(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="conferences", verbose_name=_("Fall")
    )
    held_at = models.DateTimeField(_("Zeitpunkt"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("beteiligte Organisationen")
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="case_conferences", verbose_name=_("Teilnehmende")
    )
    data_categories = models.JSONField(_("geteilte Daten"), default=list)
    minutes = models.TextField(_("Protokoll"), blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("einberufen von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("Fallkonferenz")
        verbose_name_plural = _("Fallkonferenzen")

    def __str__(self) -> str:
        return f"{_('Fallkonferenz')} {self.case.reference} {self.held_at:%d.%m.%Y}"

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in DataCategory.values if c in self.data_categories]

    def shared_with(self, organisation_id: int, at: datetime) -> bool:
        """Whether `organisation_id` may see the shared data now: a conference permit still covers it."""
        categories = set(self.data_categories)
        return any(
            permit.covers(
                recipient_id=organisation_id, purpose=Purpose.CASE_CONFERENCE, categories=categories, at=at
            )
            for permits in (self.case.consents.all(), self.case.legal_bases.all())
            for permit in permits
        )
