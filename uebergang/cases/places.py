"""Places of an offering counted by its referrals: a place is taken from acceptance until the end.

The provider keeps `places_total` and `places_free` on the offering; a referral moves `places_free` as
it goes: accepting takes a place, completing, dropping or revoking an accepted referral gives it back
(never above the total). The public catalogue and the finder show the free places, so a young person
does not ask for a place the case management has just filled.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from uebergang.offerings.models import Offering

from .models import Referral

Status = Referral.Status
HOLDS_A_PLACE = frozenset({Status.ACCEPTED, Status.STARTED})


def count_place(referral: Referral, before: str, after: str) -> int | None:
    """Move the offering's free places for a referral's step; the new number, or None if not kept."""
    change = (before in HOLDS_A_PLACE) - (after in HOLDS_A_PLACE)
    if change == 0:
        return None
    offering = Offering.objects.select_for_update().get(pk=referral.offering_id)
    if offering.places_free is None:
        return None
    free = max(offering.places_free + change, 0)
    if offering.places_total is not None:
        free = min(free, offering.places_total)
    Offering.objects.filter(pk=offering.pk).update(places_free=free, places_updated_at=timezone.localdate())
    return free


def occupied(offering_ids) -> dict[int, int]:
    """Places held by referrals per offering (accepted or started)."""

    rows = (
        Referral.objects.filter(offering_id__in=list(offering_ids), status__in=HOLDS_A_PLACE)
        .values("offering_id")
        .annotate(n=Count("id"))
    )
    return {row["offering_id"]: row["n"] for row in rows}
