"""The offering finder: at most five plain-language questions to a young person, and the published
offerings that fit, ranked and explained ("Passt, weil: …").

Pure logic, testable without HTTP: the questions (one small form per step), the answers they give,
the candidate offerings, the ranking and the reasons. `views/finder.py` only moves answers between
the URL and these functions; every answer lives in GET parameters, so nothing is stored and a result
page can be shared.

Ranking, most important first: how many of the young person's needs an offering meets (what meets a
need directly counts most — for "Einen Ausbildungsplatz finden" careers guidance and placement, the
chambers' Passgenaue Besetzung, training fairs, application coaching, Ausbildungslotsen, before
preparation programmes —, then a matching category, then a matching phase), then how well age, grade and school type fit, then
distance (in bands, so that nearby offerings tie), then free of charge, language and accessibility.
Offerings that clearly do not fit are left out: age outside the offering's range, a grade outside its
range, a need the offering does not meet, only adults as target groups, only newly arrived young people
unless the young person says they are, farther than
`MAX_DISTANCE_KM`, or not running (HSDS status other than active).

Distances use public locations only (their coordinates, or the centre of their postcode). A
confidential location never contributes a distance: even a rounded distance to it, asked from a few
postcodes, would reveal where it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from django import forms
from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from uebergang.lib import laender
from uebergang.lib.kept import shared
from uebergang.tenants.models import Tenant

from . import geo
from .finder_needs import NEEDS, Need, category_codes
from .models import Language, Offering, SchoolType, TargetGroup

MIN_AGE, MAX_AGE = 1, 99
GRADES = range(5, 14)
MAX_DISTANCE_KM = 50  # farther is "does not fit"; also the radius of the link to the catalogue
DISTANCE_BANDS_KM = (5, 10, 25, MAX_DISTANCE_KM)
RESULT_LIMIT = 10

# Target groups a young person belongs to; an offering only for the others (parents, teachers,
# companies) is not for the person using the finder.
YOUTH_GROUPS = frozenset(
    {
        TargetGroup.YOUNG_PEOPLE,
        TargetGroup.NEWLY_ARRIVED,
        TargetGroup.DISABILITY,
        TargetGroup.YOUNG_PARENTS,
        TargetGroup.NO_QUALIFICATION,
        TargetGroup.TRAINING_DROPOUTS,
        TargetGroup.GIRLS,
    }
)


# Answers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """What the young person told the finder; every answer may be missing."""

    age: int | None = None
    at_school: bool | None = None
    grade: int | None = None
    school_type: str = ""
    needs: tuple[str, ...] = ()
    postcode: str = ""
    language: str = ""
    accessible: bool = False
    newly_arrived: bool = False  # only then do offerings for newly arrived young people fit
    land: str = ""  # the municipality's Land: whose names of school types the reasons use (no parameter)

    @cached_property
    def place(self) -> geo.Place | None:
        return geo.place_for(self.postcode) if self.postcode else None

    @property
    def wanted(self) -> list[Need]:
        return [NEEDS[code] for code in self.needs]

    def to_params(self) -> list[tuple[str, str]]:
        """The GET parameters that carry these answers (the names the questions use)."""
        params: list[tuple[str, str]] = []
        if self.age is not None:
            params.append(("alter", str(self.age)))
        if self.at_school is not None:
            params.append(("schule", "ja" if self.at_school else "nein"))
        if self.grade is not None:
            params.append(("klasse", str(self.grade)))
        if self.school_type:
            params.append(("schulart", self.school_type))
        params += [("bedarf", code) for code in self.needs]
        if self.postcode:
            params.append(("plz", self.postcode))
        if self.language:
            params.append(("sprache", self.language))
        if self.accessible:
            params.append(("barrierefrei", "1"))
        if self.newly_arrived:
            params.append(("neu", "1"))
        return params


# Questions --------------------------------------------------------------------------------------------


class Question(forms.Form):
    """One step of the finder. Subclasses name the question, a hint, and turn cleaned data into answers."""

    number: int
    title: Promise  # the question, the page's heading
    short_title: Promise  # for the summary of answers
    hint: Promise | str = ""

    def __init__(self, *args, land: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.land = land

    def answers(self) -> dict:
        """The `Answers` fields this step sets (call only on a valid form)."""
        raise NotImplementedError

    @classmethod
    def param_names(cls) -> set[str]:
        return set(cls.base_fields)


class AgeQuestion(Question):
    number = 1
    title = _("Wie alt bist du?")
    short_title = _("Alter")
    hint = _("Du kannst das Feld auch leer lassen.")

    alter = forms.IntegerField(
        label=_("Dein Alter in Jahren"),
        required=False,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Bitte gib dein Alter als Zahl an, zum Beispiel 15."),
            "min_value": _("Bitte gib ein Alter zwischen 1 und 99 an."),
            "max_value": _("Bitte gib ein Alter zwischen 1 und 99 an."),
        },
    )

    def answers(self) -> dict:
        return {"age": self.cleaned_data["alter"]}


def _grade_choices():
    return [("", _("weiß ich nicht"))] + [
        (str(grade), gettext("Klasse %(grade)s") % {"grade": grade}) for grade in GRADES
    ]


def _school_type_choices():
    return [("", _("weiß ich nicht"))] + [
        (code, label) for code, label in SchoolType.choices if code != SchoolType.PRIMARY
    ]


def _land_school_type_choices(land: str):
    """The school types as the young person's Land names them (lib/laender.py)."""
    return [("", _("weiß ich nicht")), *laender.school_types(land)]


class SchoolQuestion(Question):
    number = 2
    title = _("Gehst du noch zur Schule?")
    short_title = _("Schule")

    schule = forms.ChoiceField(
        label=_("Gehst du noch zur Schule?"),
        required=False,
        choices=[
            ("ja", _("Ja, ich gehe noch zur Schule")),
            ("nein", _("Nein, ich bin nicht mehr in der Schule")),
        ],
        widget=forms.RadioSelect,
    )
    klasse = forms.TypedChoiceField(
        label=_("In welche Klasse gehst du?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_grade_choices,
        error_messages={"invalid_choice": _("Bitte wähle eine Klasse von 5 bis 13.")},
    )
    schulart = forms.ChoiceField(
        label=_("Auf welche Schule gehst du?"),
        required=False,
        choices=_school_type_choices,
        error_messages={"invalid_choice": _("Bitte wähle eine Schulart aus der Liste.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.land:
            self.fields["schulart"].choices = _land_school_type_choices(self.land)

    def clean(self):
        data = super().clean()
        if data.get("schule") == "nein":
            data["klasse"], data["schulart"] = None, ""
        elif data.get("klasse") is not None or data.get("schulart"):
            data["schule"] = "ja"  # naming a grade says it
        return data

    def answers(self) -> dict:
        school = self.cleaned_data["schule"]
        return {
            "at_school": {"ja": True, "nein": False}.get(school),
            "grade": self.cleaned_data["klasse"],
            "school_type": self.cleaned_data["schulart"],
        }


class NeedsQuestion(Question):
    number = 3
    title = _("Was brauchst du?")
    short_title = _("Das brauchst du")
    hint = _("Du kannst mehr als eine Antwort wählen.")

    bedarf = forms.MultipleChoiceField(
        label=_("Was brauchst du?"),
        required=False,
        choices=[(need.code, need.label) for need in NEEDS.values()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Bitte wähle nur Antworten aus der Liste.")},
    )

    def answers(self) -> dict:
        chosen = set(self.cleaned_data["bedarf"])
        return {"needs": tuple(code for code in NEEDS if code in chosen)}


class PlaceQuestion(Question):
    number = 4
    title = _("Wo wohnst du?")
    short_title = _("Wohnort")
    hint = _("Dann zeigen wir dir Angebote in deiner Nähe zuerst. Du kannst das Feld auch leer lassen.")

    plz = forms.CharField(
        label=_("Deine Postleitzahl"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "input-short", "autocomplete": "postal-code"}
        ),
        error_messages={"max_length": _("Eine Postleitzahl hat fünf Ziffern, zum Beispiel 69469.")},
    )

    def clean_plz(self) -> str:
        postcode = self.cleaned_data["plz"].replace(" ", "")
        if not postcode:
            return ""
        if not geo.POSTCODE.match(postcode):
            raise forms.ValidationError(_("Eine Postleitzahl hat fünf Ziffern, zum Beispiel 69469."))
        if geo.place_for(postcode) is None:
            raise forms.ValidationError(
                _("Die Postleitzahl %(postcode)s kennen wir nicht. Prüfe sie bitte oder lass das Feld leer."),
                params={"postcode": postcode},
            )
        return postcode

    def answers(self) -> dict:
        return {"postcode": self.cleaned_data["plz"]}


def _language_choices():
    """The languages, each also in its own words where Django knows them ("Türkisch – Türkçe")."""
    return [("", _("Deutsch ist für mich gut"))] + [
        (code, _with_own_name(code, label)) for code, label in Language.choices if code != Language.GERMAN
    ]


def _with_own_name(code: str, label) -> str:
    try:
        own_name = get_language_info(code)["name_local"]
    except KeyError:
        return str(label)
    return str(label) if own_name == str(label) else f"{label} – {own_name}"


class ExtrasQuestion(Question):
    number = 5
    title = _("Was ist dir noch wichtig?")
    short_title = _("Wichtig für dich")
    hint = _("Diese Frage ist freiwillig.")

    sprache = forms.ChoiceField(
        label=_("In welcher Sprache möchtest du beraten werden?"),
        required=False,
        choices=_language_choices,
        error_messages={"invalid_choice": _("Bitte wähle eine Sprache aus der Liste.")},
    )
    barrierefrei = forms.BooleanField(
        label=_("Ich brauche ein barrierefreies Angebot, zum Beispiel ohne Stufen"),
        required=False,
    )

    neu = forms.BooleanField(
        label=_("Ich bin erst vor Kurzem nach Deutschland gekommen"),
        required=False,
    )

    def answers(self) -> dict:
        return {
            "language": self.cleaned_data["sprache"],
            "accessible": self.cleaned_data["barrierefrei"],
            "newly_arrived": self.cleaned_data["neu"],
        }


QUESTIONS: tuple[type[Question], ...] = (
    AgeQuestion,
    SchoolQuestion,
    NeedsQuestion,
    PlaceQuestion,
    ExtrasQuestion,
)


def bind_questions(params, land: str = "") -> list[Question]:
    """Every question bound to the GET parameters; an unanswered question is valid and empty."""
    return [question(params, land=land) for question in QUESTIONS]


def answers_from(questions: Iterable[Question]) -> Answers:
    """The answers of the valid questions (an invalid one counts as not answered)."""
    fields: dict = {}
    for question in questions:
        if question.is_valid():
            fields.update(question.answers())
    return Answers(**fields)


def summary(answers: Answers, land: str = "") -> list[tuple[type[Question], str]]:
    """Each question with the given answer in words, for "Deine Antworten"."""
    not_said = gettext("keine Angabe")
    school = not_said
    if answers.at_school is False:
        school = gettext("nicht mehr in der Schule")
    elif answers.at_school:
        parts = [gettext("in der Schule")]
        if answers.grade is not None:
            parts.append(gettext("Klasse %(grade)s") % {"grade": answers.grade})
        if answers.school_type:
            parts.append(laender.school_type_label(land, answers.school_type))
        school = ", ".join(parts)
    extras = []
    if answers.language:
        extras.append(gettext("Beratung auf %(language)s") % {"language": Language(answers.language).label})
    if answers.accessible:
        extras.append(gettext("barrierefrei"))
    if answers.newly_arrived:
        extras.append(gettext("neu in Deutschland"))
    age = not_said
    if answers.age is not None:
        age = ngettext("%(age)s Jahr", "%(age)s Jahre", answers.age) % {"age": answers.age}
    place = gettext("Postleitzahl %(postcode)s") % {"postcode": answers.postcode} if answers.postcode else ""
    texts = [
        age,
        school,
        ", ".join(str(need.label) for need in answers.wanted) or not_said,
        place or not_said,
        ", ".join(extras) or not_said,
    ]
    return list(zip(QUESTIONS, texts, strict=True))


# Matching and ranking ---------------------------------------------------------------------------------


@dataclass
class Match:
    """An offering that fits, why it fits, and how well (a sort key: smaller is better)."""

    offering: Offering
    reasons: list[str]
    rank_key: tuple
    distance_km: float | None = None

    @property
    def public_locations(self):
        return [location for location in self.offering.locations.all() if not location.is_confidential]

    @property
    def confidential_towns(self) -> list[str]:
        """Towns of confidential locations: all the public may know of them."""
        public_towns = {location.city for location in self.public_locations}
        towns = {
            location.city
            for location in self.offering.locations.all()
            if location.is_confidential and location.city not in public_towns
        }
        return sorted(towns)


@dataclass
class Matches:
    matches: list[Match]  # the best RESULT_LIMIT
    total: int  # all that fit


def catalogue(tenant: Tenant) -> list[Offering]:
    """The tenant's running, published offerings with provider, locations and categories.

    Loaded once per process and content version and shared by every request (read only): the finder
    judges them all on every result page, and a young person's next question should not wait for the
    database (at 5,000 offerings loading them costs most of a second).
    """
    return shared(
        ("finder-catalogue", tenant.pk),
        lambda: list(
            Offering.objects.for_tenant(tenant)
            .published()
            .filter(service_status=Offering.ServiceStatus.ACTIVE)
            .select_related("provider")
            .prefetch_related("locations", "categories")
        ),
    )


def candidates(tenant: Tenant, answers: Answers) -> list[Offering]:
    """The offerings of the catalogue that can fit at all: the age inside their range, a need met by a
    category or a phase."""
    offerings = catalogue(tenant)
    if answers.age is not None:
        age = answers.age
        offerings = [
            offering
            for offering in offerings
            if (offering.min_age is None or offering.min_age <= age)
            and (offering.max_age is None or offering.max_age >= age)
        ]
    if answers.needs:
        categories = {code for need in answers.wanted for code in need.categories}
        phases = {phase for need in answers.wanted for phase in need.phases}
        offerings = [
            offering
            for offering in offerings
            if not categories.isdisjoint(category_codes(offering))
            or (phases and not phases.isdisjoint(offering.phases))
        ]
    return offerings


def find(tenant: Tenant, answers: Answers, limit: int = RESULT_LIMIT) -> Matches:
    answers = replace(answers, land=tenant.land)
    ranked = rank(candidates(tenant, answers), answers, explain=False)
    best = [judge(match.offering, answers) for match in ranked[:limit]]  # the reasons of those shown
    return Matches(best, len(ranked))


def rank(offerings: Iterable[Offering], answers: Answers, *, explain: bool = True) -> list[Match]:
    """The offerings that fit, best first, each with its reasons (`explain=False`: without, which is
    what costs most when thousands are judged). Offerings that do not fit are left out."""
    matches = [
        match for offering in offerings if (match := judge(offering, answers, explain=explain)) is not None
    ]
    return sorted(matches, key=lambda match: match.rank_key)


Score = tuple[int, list[str]]  # a part of the ranking: points and the reasons behind them


def judge(offering: Offering, answers: Answers, *, explain: bool = True) -> Match | None:
    """How well one offering fits the answers, and why; None when it clearly does not fit.

    Expects `categories` and `locations` prefetched.
    """
    if offering.target_groups and not offering.target_groups & YOUTH_GROUPS:
        return None
    if _only_for_newly_arrived(offering) and not answers.newly_arrived:
        return None
    person = _person_fit(offering, answers, explain)
    need = _need_fit(offering, answers, explain)
    if person is None or need is None:
        return None
    distance = _distance_km(offering, answers.place)
    band = len(DISTANCE_BANDS_KM)  # unknown distance: after every known one
    distance_reasons = []
    if distance is not None:
        if distance > MAX_DISTANCE_KM:
            return None
        band = next(index for index, limit in enumerate(DISTANCE_BANDS_KM) if distance <= limit)
        if explain:
            distance_reasons.append(_distance_reason(distance, answers.postcode))
    extras = _extras(offering, answers, explain)
    rank_key = (
        -need[0],
        -person[0],
        band,
        -extras[0],
        math.inf if distance is None else distance,
        offering.title.casefold(),
        offering.pk,
    )
    reasons = [*person[1], *need[1], *distance_reasons, *extras[1]]
    return Match(offering, reasons, rank_key, distance)


def _person_fit(offering: Offering, answers: Answers, explain: bool) -> Score | None:
    """Age, grade and school type; None when the age or grade lies outside the offering's range."""
    points, reasons = 0, []
    age_fit = _range_fit(answers.age, offering.min_age, offering.max_age)
    if age_fit is False:
        return None
    if age_fit:
        points += 2
        if explain:
            reasons.append(_age_reason(offering))
    if answers.at_school:
        grade_fit = _range_fit(answers.grade, offering.min_grade, offering.max_grade)
        if grade_fit is False:
            return None
        if grade_fit:
            points += 2
            if explain:
                reasons.append(_grade_reason(offering))
        if answers.school_type and offering.school_types:
            if answers.school_type in offering.school_types:
                points += 1
                if explain:
                    reasons.append(
                        gettext("für deine Schulart (%(school_type)s)")
                        % {"school_type": laender.school_type_label(answers.land, answers.school_type)}
                    )
            else:
                points -= 1
    elif answers.at_school is False and (offering.min_grade or offering.max_grade):
        points -= 2  # made for pupils; someone out of school may still go, but others fit better
    return points, reasons


def _need_fit(offering: Offering, answers: Answers, explain: bool) -> Score | None:
    """Two points per need met by a category, one per need met only by a phase; None when no need is met."""
    if not answers.needs:
        return 0, []
    points, reasons = 0, []
    codes = category_codes(offering)
    for need in answers.wanted:
        if need.direct and need.direct(offering):
            points += 3
            if explain:
                reasons.append(str(need.direct_reason))
            continue
        if not codes.isdisjoint(need.categories):
            points += 2
        elif offering.phases.intersection(need.phases):
            points += 1
        else:
            continue
        if explain:
            reasons.append(str(need.reason))
    return (points, reasons) if points else None


def _only_for_newly_arrived(offering: Offering) -> bool:
    """Made for newly arrived young people and no other young people."""
    youth = offering.target_groups & YOUTH_GROUPS
    return bool(youth) and youth <= {TargetGroup.NEWLY_ARRIVED}


def _extras(offering: Offering, answers: Answers, explain: bool) -> Score:
    """Free of charge, the wished language, accessibility, made for newly arrived, and free places."""
    points, reasons = 0, []
    if answers.newly_arrived and TargetGroup.NEWLY_ARRIVED in offering.target_groups:
        points += 2
        if explain:
            reasons.append(gettext("für junge Menschen, die neu in Deutschland sind"))
    if offering.is_free:
        points += 1
        if explain:
            reasons.append(gettext("kostenlos"))
    if answers.language and answers.language in offering.languages:
        points += 2
        if explain:
            reasons.append(
                gettext("in deiner Sprache (%(language)s)") % {"language": Language(answers.language).label}
            )
    if answers.accessible and _is_accessible(offering):
        points += 2
        if explain:
            reasons.append(gettext("barrierefrei"))
    if offering.places_free:
        points += 1
        if explain:
            reasons.append(
                ngettext("noch %(count)s freier Platz", "noch %(count)s freie Plätze", offering.places_free)
                % {"count": offering.places_free}
            )
    elif offering.places_free == 0:
        points -= 1
    return points, reasons


def _range_fit(value: int | None, lower: int | None, upper: int | None) -> bool | None:
    """True: inside a stated range; False: outside; None: nothing to compare."""
    if value is None or (lower is None and upper is None):
        return None
    return (lower is None or lower <= value) and (upper is None or value <= upper)


def _age_reason(offering: Offering) -> str:
    if offering.min_age is not None and offering.max_age is not None:
        return gettext("für dein Alter (%(min)s–%(max)s Jahre)") % {
            "min": offering.min_age,
            "max": offering.max_age,
        }
    if offering.min_age is not None:
        return gettext("für dein Alter (ab %(min)s Jahren)") % {"min": offering.min_age}
    return gettext("für dein Alter (bis %(max)s Jahre)") % {"max": offering.max_age}


def _grade_reason(offering: Offering) -> str:
    if offering.min_grade is not None and offering.max_grade is not None:
        return gettext("für deine Klasse (Klasse %(min)s–%(max)s)") % {
            "min": offering.min_grade,
            "max": offering.max_grade,
        }
    if offering.min_grade is not None:
        return gettext("für deine Klasse (ab Klasse %(min)s)") % {"min": offering.min_grade}
    return gettext("für deine Klasse (bis Klasse %(max)s)") % {"max": offering.max_grade}


def _distance_reason(distance: float, postcode: str) -> str:
    if distance < 1:
        return gettext("weniger als 1 km von %(postcode)s") % {"postcode": postcode}
    return gettext("%(km)s km von %(postcode)s") % {"km": round(distance), "postcode": postcode}


def _distance_km(offering: Offering, place: geo.Place | None) -> float | None:
    """Distance from `place` to the nearest public location (coordinates, else its postcode's centre)."""
    if place is None:
        return None
    distances = []
    for location in _locations(offering):
        if location.is_confidential:
            continue
        if location.latitude is not None and location.longitude is not None:
            point = (location.latitude, location.longitude)
        elif (centre := geo.place_for(location.postcode)) is not None:
            point = (centre.latitude, centre.longitude)
        else:
            continue
        distances.append(geo.distance_km(place.latitude, place.longitude, *point))
    return min(distances, default=None)


def _locations(offering: Offering) -> tuple:
    """The offering's (prefetched) locations, as a tuple kept on the offering object (see category_codes)."""
    locations = offering.__dict__.get("_finder_locations")
    if locations is None:
        locations = offering.__dict__["_finder_locations"] = tuple(offering.locations.all())
    return locations


def _is_accessible(offering: Offering) -> bool:
    return bool(
        offering.accessibility.strip()
        or TargetGroup.DISABILITY in offering.target_groups
        or any(location.accessibility.strip() for location in _locations(offering))
    )


def catalogue_params(answers: Answers) -> list[tuple[str, str]]:
    """The public search's parameters for "alle passenden im Katalog ansehen": the needs' categories,
    age, postcode and the finder's radius."""
    codes = dict.fromkeys(code for need in answers.wanted for code in need.categories)
    params = [("q", ""), *(("categories", code) for code in codes)]
    if answers.age is not None:
        params.append(("alter", str(answers.age)))
    if answers.postcode:
        params += [("plz", answers.postcode), ("umkreis", str(MAX_DISTANCE_KM))]
    return params
