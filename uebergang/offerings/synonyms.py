"""The search's synonym list: what every tenant starts with, how a group is written, and its form.

A group is one line of comma-separated words or phrases that mean the same to someone looking for an
offering ("Flüchtling, Geflüchtete, neu zugewandert"). The defaults speak the language of the
transition system: the words young people, parents and teachers type, and the words providers write.
Coordinators change, delete and add groups (`views/synonyms.py`); `expansion.py` uses them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .german import query_terms, words
from .models import SearchSynonym

DEFAULT_SYNONYMS = [
    "Flüchtling, Flüchtlinge, Geflüchtete, geflüchtet, Flucht, Fluchtgeschichte, Asyl, neu zugewandert, "
    "Neuzugewanderte, zugewanderte Jugendliche",
    "Ausbildungsabbruch, Abbruch der Ausbildung, Abbruchgefahr, Ausbildungsabbrecher, Vertragslösung",
    "Azubi, Auszubildende, Lehrling",
    "Ausbildungsplatz, Lehrstelle, Ausbildungsstelle",
    "Berufsorientierung, Berufswahl, Berufsfindung",
    "Bewerbung, Bewerbungstraining, Lebenslauf, Anschreiben",
    "Hauptschulabschluss, Erster Schulabschluss, Berufsreife",
    "Realschulabschluss, Mittlerer Schulabschluss, Mittlere Reife",
    "Praktikum, Schnuppertag, Schnupperpraktikum, Praxistag",
    "Behinderung, Beeinträchtigung, Förderbedarf, inklusiv, SBBZ, Förderschule",
    "Deutschkurs, Sprachkurs, Deutsch lernen, Sprachförderung, Sprachcafé",
    "Bürgergeld, Grundsicherung, Jobcenter",
    "Arbeitsagentur, Agentur für Arbeit, Arbeitsamt, Berufsberatung",
    "Nachhilfe, Lernförderung, Hausaufgabenhilfe, Lernhilfe",
    "Ausbildungsmesse, Berufsmesse, Jobmesse",
    "Schulabbruch, Schulverweigerung, schulmüde, Schulabsentismus",
    "Mentoring, Patenschaft, Paten, Mentor",
    "Alleinerziehend, junge Eltern, junge Mütter, Teilzeitausbildung",
]

MAX_MEMBERS = 20


def members(text: str) -> list[str]:
    """The words and phrases of a group as written: split at commas and semicolons, trimmed."""
    parts = [" ".join(part.split()) for part in text.replace(";", ",").split(",")]
    return [part for part in parts if words(part)]


def member_terms(text: str) -> list[tuple[str, ...]]:
    """Each member as the folded words a search looks for (stop words dropped: "Abbruch der
    Ausbildung" → ("abbruch", "ausbildung"))."""
    found = []
    for member in members(text):
        terms = tuple(query_terms(member))
        if terms and terms not in found:
            found.append(terms)
    return found


def seed_defaults(tenant) -> int:
    """Add the default groups the tenant does not have yet (compared as written); returns how many."""
    present = {
        " ".join(row.split())
        for row in SearchSynonym.objects.for_tenant(tenant).values_list("words", flat=True)
    }
    missing = [text for text in DEFAULT_SYNONYMS if text not in present]
    SearchSynonym.objects.bulk_create([SearchSynonym(tenant=tenant, words=text) for text in missing])
    return len(missing)


class SynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ["words"]
        widgets = {"words": forms.TextInput(attrs={"size": 80})}

    def clean_words(self) -> str:
        found = members(self.cleaned_data["words"])
        if len(found) < 2:
            raise forms.ValidationError(_("Bitte mindestens zwei Begriffe eingeben, durch Komma getrennt."))
        if len(found) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("Höchstens %(n)d Begriffe je Gruppe; teilen Sie die Gruppe auf.") % {"n": MAX_MEMBERS}
            )
        if not all(query_terms(member) for member in found):
            raise forms.ValidationError(_("Ein Begriff besteht nur aus Füllwörtern wie „und“ oder „der“."))
        return ", ".join(found)
