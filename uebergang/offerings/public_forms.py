"""The form of the public offering search: renders the fixed fields and says in German what is wrong.

The search itself reads the same GET parameters through `search.query_from_params()` (shared with the
exports and the API); this form only validates them for the page, so that a mistyped postcode or age
gets a message beside its field instead of being silently ignored. The facet checkboxes (including
"kostenfrei") are not here: their values and counts come from the search result.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .search import SearchQuery

RADIUS_KM = ("5", "10", "25", "50")
RADIUS_CHOICES = [("", _("beliebig")), *((km, f"{km} km") for km in RADIUS_KM)]
SORT_CHOICES = [
    ("relevance", _("Relevanz")),
    ("distance", _("Entfernung")),
    ("newest", _("neueste zuerst")),
]


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriffe"),
        required=False,
        max_length=200,
        help_text=_("z. B. Bewerbung, Praktikum, Deutschkurs"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    alter = forms.IntegerField(
        label=_("Alter"),
        required=False,
        min_value=0,
        max_value=99,
        error_messages={
            "invalid": _("Bitte gib das Alter als Zahl an."),
            "min_value": _("Bitte gib ein Alter zwischen 0 und 99 an."),
            "max_value": _("Bitte gib ein Alter zwischen 0 und 99 an."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    plz = forms.RegexField(
        label=_("Postleitzahl"),
        required=False,
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": _("Bitte gib eine fünfstellige Postleitzahl an.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    umkreis = forms.ChoiceField(
        label=_("Umkreis"),
        required=False,
        choices=RADIUS_CHOICES,
        error_messages={"invalid_choice": _("Bitte wähl einen Umkreis aus der Liste.")},
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("Bitte wähl eine Sortierung aus der Liste.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("umkreis") and not data.get("plz") and "plz" not in self.errors:
            self.add_error("plz", _("Für die Suche im Umkreis gib bitte deine Postleitzahl an."))
        if data.get("sortierung") == "distance" and not data.get("plz") and "plz" not in self.errors:
            self.add_error("plz", _("Für die Sortierung nach Entfernung gib bitte deine Postleitzahl an."))
        return data

    def sanitise(self, query: SearchQuery) -> SearchQuery:
        """`query` without the values this form rejected, so the search does not repeat the complaint."""
        if "alter" in self.errors:
            query.age = None
        if "plz" in self.errors:
            query.postcode, query.radius_km = "", None
            if query.sort == "distance":
                query.sort = "relevance"
        if "umkreis" in self.errors:
            query.radius_km = None
        return query
