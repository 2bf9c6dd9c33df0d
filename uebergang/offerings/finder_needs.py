"""The needs a young person can name in the finder, in their words, and where the catalogue files them.

Apart from `finder.py` because it is the part practitioners tune: which categories and phases meet a
need, and what meets it directly. For "Einen Ausbildungsplatz finden" that is what leads to a training
place — careers guidance and placement of the Agentur für Arbeit (also in a Jugendberufsagentur), the
chambers' Passgenaue Besetzung, training fairs, application coaching, Ausbildungslotsen — ranked before
preparation programmes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Offering, Phase


@dataclass(frozen=True)
class Need:
    """Something a young person may need, in their words, and where the catalogue files it."""

    code: str  # the GET value
    label: Promise  # the answer as the young person reads it
    reason: Promise  # the same, short, for "Passt, weil: …"
    categories: tuple[str, ...] = ()  # Category codes (the shared defaults)
    phases: tuple[str, ...] = ()
    # What meets the need directly (ranked above a category or phase match), and its reason.
    direct: Callable[[Offering], bool] | None = None
    direct_reason: Promise | None = None


# Who places young people in training: careers guidance and placement of the Agentur für Arbeit (also in
# a Jugendberufsagentur), the chambers' Passgenaue Besetzung; and what else leads straight to a training
# place: training fairs, application coaching, Ausbildungslotsen.
PLACING_KINDS = frozenset({"employment_agency", "youth_employment_agency", "ihk", "hwk"})
PLACING_WORDS = ("ausbildungslots", "passgenaue besetzung", "ausbildungsvermittlung", "ausbildungsplatz")


def category_codes(offering: Offering) -> frozenset[str]:
    """The codes of the offering's (prefetched) categories, worked out once per offering object: the
    finder judges the same kept objects on every result page."""
    codes = offering.__dict__.get("_category_codes")
    if codes is None:
        codes = frozenset(category.code for category in offering.categories.all())
        offering.__dict__["_category_codes"] = codes
    return codes


def _helps_find_a_training_place(offering: Offering) -> bool:
    codes = category_codes(offering)
    if codes & {"job_fairs", "application_training"}:
        return True
    if offering.provider.kind in PLACING_KINDS and codes & {"counselling", "career_orientation"}:
        return True
    text = " ".join((offering.title, offering.short_description, offering.programme)).casefold()
    return any(word in text for word in PLACING_WORDS)


NEEDS = {
    need.code: need
    for need in (
        Need(
            "beruf",
            _("Ich weiß noch nicht, welcher Beruf zu mir passt"),
            _("Berufe kennenlernen"),
            categories=("career_orientation", "job_fairs"),
            phases=(Phase.ORIENTATION,),
        ),
        Need(
            "bewerbung",
            _("Hilfe bei der Bewerbung"),
            _("Hilfe bei der Bewerbung"),
            categories=("application_training",),
        ),
        Need(
            "praktikum",
            _("Einen Praktikumsplatz finden"),
            _("Praktikumsplatz"),
            categories=("internships",),
        ),
        Need(
            "ausbildungsplatz",
            _("Einen Ausbildungsplatz finden"),
            _("Weg in die Ausbildung"),
            categories=("job_fairs", "application_training", "vocational_preparation"),
            phases=(Phase.SCHOOL_TO_TRAINING,),
            direct=_helps_find_a_training_place,
            direct_reason=_("hilft, einen Ausbildungsplatz zu finden"),
        ),
        Need(
            "deutsch",
            _("Hilfe mit Deutsch"),
            _("Hilfe mit Deutsch"),
            categories=("language_support",),
        ),
        Need(
            "lernen",
            _("Hilfe beim Lernen für die Schule"),
            _("Hilfe beim Lernen"),
            categories=("learning_support",),
        ),
        Need(
            "ausbildung",
            _("Hilfe, wenn ich schon eine Ausbildung mache"),
            _("Hilfe in der Ausbildung"),
            categories=("training_support",),
            phases=(Phase.TRAINING,),
        ),
        Need(
            "abschluss",
            _("Meinen Schulabschluss nachholen"),
            _("Schulabschluss nachholen"),
            categories=("second_chance",),
            phases=(Phase.REQUALIFICATION,),
        ),
        Need(
            "reden",
            _("Jemanden zum Reden, wenn es gerade schwierig ist"),
            _("Jemand zum Reden"),
            categories=("counselling", "youth_social_work", "school_social_work", "mentoring"),
        ),
    )
}
