"""Folding, stemming and the search text: the pieces both database backends rely on."""

from __future__ import annotations

import pytest
from django.db import connection

from uebergang.offerings.expansion import plain
from uebergang.offerings.fulltext import EXPANSION_WEIGHT, document, score, tsquery, vocabulary
from uebergang.offerings.german import fold, query_terms, split_compound, stem
from uebergang.offerings.models import SearchWord
from uebergang.offerings.search import refresh_search_text

WORD_LIST = """Bewerbung Bewerbungen Bewerbungstraining Praktikum Praktikums Praktika Ausbildung Ausbildungen
Jugendliche Jugendlichen Beratung Beratungsstelle Mädchen Übergänge Schülerinnen Förderung Häufigkeit
Freundlichkeit Bedürfnissen Berufsorientierung Sprachförderung Elternarbeit Kinder Lernförderung Nachhilfe
Werkrealschule Gemeinschaftsschulen Kompetenzfeststellung Ausbildungsbegleitung Lebenslauf Anschreiben
Vorstellungsgespräch Einstiegsqualifizierung Berufsvorbereitende Bildungsmaßnahme Jugendberufsagentur
Zuwanderung Geflüchtete Patenschaften Schulsozialarbeit Berufseinstiegsbegleitung Assistierte freundlich
ärztlich häuslicher laufend Wohnungen Täglich Abschlüsse Wissenschaftlichkeit lieblichkeit"""
WORDS = WORD_LIST.split()


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Übergang", "ubergang"),
        ("Uebergang", "ubergang"),
        ("Straße", "strasse"),
        ("Maedchen", "madchen"),
        ("Café", "cafe"),
        ("Feuer", "feuer"),  # "ue" after a vowel is no umlaut
        ("Bauer neue", "bauer neue"),
        ("Quelle", "quelle"),  # nor after q
        ("Zeile 1\nZeile 2", "zeile 1\nzeile 2"),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("bewerbungen", "bewerb"),
        ("bewerbung", "bewerb"),
        ("praktikums", "praktikum"),
        ("jugendlichen", "jugend"),
        ("bedurfnissen", "bedurfnis"),
        ("ausbildungen", "ausbild"),
        ("kinder", "kind"),
        ("freundlichkeit", "freundlich"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_every_stem_is_a_prefix_of_its_word():
    """The SQLite fallback narrows candidates with LIKE on the stem; that needs this."""
    for word in WORDS:
        folded = fold(word)
        assert folded.startswith(stem(folded)), word


def test_query_terms_drop_stop_words_and_repeats():
    assert query_terms("Angebote für Jugendliche über 16, für Jugendliche!") == [
        "angebote",
        "jugendliche",
        "16",
    ]
    assert query_terms("und oder für") == []


def test_tsquery_cannot_be_injected_into():
    assert tsquery(plain(query_terms("a & b | !c:* ') ("))) == "a & b & c"
    assert tsquery(plain(["bewerbung", "ii"])) == "bewerbung:* & ii"


def test_tsquery_of_alternatives_any_of_them_with_all_their_words():
    groups = [[("ausbildungsabbruch",), ("ausbildung", "abbruch")], [("mannheim",)]]
    assert tsquery(groups) == "(ausbildungsabbruch:* | (ausbildung:* & abbruch:*)) & mannheim:*"


def test_a_group_scores_by_its_best_alternative_and_expansions_count_less():
    text = document("Abbruch der Ausbildung verhindern", ["Beratung in Mannheim"])
    assert score(text, [[("ausbildungsabbruch",)]]) is None
    expanded = [[("ausbildungsabbruch",), ("ausbildung", "abbruch")]]
    assert score(text, expanded) == pytest.approx(EXPANSION_WEIGHT)
    assert score(document("Ausbildungsabbruch", []), expanded) == 1.0


def test_the_search_text_keeps_the_title_on_its_own_line():
    text = document("Fit für die\nBewerbung", ["Kurzbeschreibung", "", "Mannheim"])
    assert text == "fit fur die bewerbung\nkurzbeschreibung\nmannheim"
    assert score(text, plain(["bewerbung"])) == 1.0
    assert score(text, plain(["mannheim"])) == pytest.approx(0.1)
    assert score(text, plain(["berlin"])) is None


def test_vocabulary_keeps_words_as_first_written_without_stop_words_and_numbers():
    assert vocabulary(["Übergänge für 2026", "übergänge Ausbildung"]) == {
        "ubergange": "Übergänge",
        "ausbildung": "Ausbildung",
    }


def test_refresh_search_text_indexes_texts_provider_categories_and_towns(cast):
    SearchWord.objects.all().delete()  # the cast indexed both tenants' offerings already
    offering = cast.offerings_a.published
    refresh_search_text(offering)
    offering.refresh_from_db()
    title, body = offering.search_text.split("\n", 1)
    assert title == "bewerbungstraining a"
    assert "bildungswerk a" in body
    assert "eigene kategorie a" in body
    assert "musterstadt" in body
    assert "geheimweg" not in offering.search_text  # streets are never indexed
    assert SearchWord.objects.filter(tenant=cast.tenant_a, folded="bildungswerk").exists()
    assert not SearchWord.objects.filter(tenant=cast.tenant_b, folded="bildungswerk").exists()


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("checks PostgreSQL's own stemmer, column and index (run with --postgres)")


def test_python_stemmer_agrees_with_postgresql(postgres):
    with connection.cursor() as cursor:
        for word in WORDS:
            folded = fold(word)
            cursor.execute("SELECT ts_lexize('german_stem', %s)", [folded])
            assert cursor.fetchone()[0] == [stem(folded)], word


def test_title_words_weigh_more_in_the_stored_vector(postgres, cast):
    refresh_search_text(cast.offerings_a.published)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM offerings_offering WHERE id = %s",
            [cast.offerings_a.published.pk],
        )
        vector = cursor.fetchone()[0]
    assert "'bewerbungstraining':1A" in vector
    assert "'musterstadt':" in vector


def test_compounds_split_into_words_of_the_vocabulary():
    assert split_compound("ausbildungsabbruch", set()) == ["ausbildung", "abbruch"]
    assert split_compound("sprachforderung", {"forderung"}) == ["sprache", "forderung"]
    assert split_compound("abbruchgefahren", set()) == ["abbruch", "gefahr"]
    assert split_compound("werkrealschule", set()) == []  # "werkreal" is no word
    assert split_compound("werkrealschule", {"werkreal"}) == ["werkreal", "schule"]
    assert split_compound("beratung", set()) == []  # too short to be split
    assert split_compound("ausbildungsabbruch", {"ausbildungsabbruch"}) == ["ausbildung", "abbruch"]
