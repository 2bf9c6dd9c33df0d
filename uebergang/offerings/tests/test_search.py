"""The catalogue search as its callers see it: words in German, typos, facets, age, radius, sorting, paging,
and that only the tenant's published offerings are ever found or counted.

Runs on SQLite and, with `pytest --postgres`, on PostgreSQL: the same expectations hold on both backends.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from uebergang.offerings import geo
from uebergang.offerings.models import Category, Offering, OfferingLocation, SearchWord
from uebergang.offerings.search import SearchQuery, query_from_params, refresh_search_text, search
from uebergang.test import create_organisation, create_region

MANNHEIM = "68159"  # Mannheim city centre
WEINHEIM = "69469"  # ~16 km north-east of Mannheim
STUTTGART = "70173"  # ~95 km south-east


def archive(offering: Offering) -> None:
    """Take the cast's published offering out of the search (deleting it is refused once a case
    refers to it)."""
    Offering.objects.filter(pk=offering.pk).update(status=Offering.Status.ARCHIVED)


def place(postcode: str) -> dict:
    point = geo.place_for(postcode)
    return {"postcode": postcode, "latitude": point.latitude, "longitude": point.longitude}


def offer(tenant, provider, title, *, locations=(), categories=(), status="published", age=None, **fields):
    """An offering with its locations and categories, indexed as the app does after a save."""
    fields.setdefault("short_description", "")
    offering = Offering.objects.create(
        tenant=tenant,
        provider=provider,
        title=title,
        status=status,
        published_at=timezone.now() if status == "published" else None,
        min_age=age[0] if age else None,
        max_age=age[1] if age else None,
        **fields,
    )
    for location in locations:
        OfferingLocation.objects.create(offering=offering, city=location.pop("city", "Mannheim"), **location)
    offering.categories.set(categories)
    refresh_search_text(offering)
    return offering


def titles(result) -> list[str]:
    return [hit.offering.title for hit in result.hits]


def facet(result, name) -> dict[str, int]:
    return {value.code: value.count for value in next(f for f in result.facets if f.name == name).values}


@pytest.fixture
def provider(cast):
    return create_organisation(cast.tenant_a, "Jugendhilfe Rhein-Neckar gGmbH")


# Words ---------------------------------------------------------------------------------------------------


def test_a_title_hit_ranks_above_a_body_hit(cast, provider):
    offer(cast.tenant_a, provider, "Elterncafé", description="Beratung rund um das Mentoring.")
    offer(cast.tenant_a, provider, "Mentoring für Azubis", description="Begleitung in der Ausbildung.")
    assert titles(search(cast.tenant_a, SearchQuery(text="Mentoring"))) == [
        "Mentoring für Azubis",
        "Elterncafé",
    ]


def test_german_word_forms_find_each_other(cast, provider):
    archive(cast.offerings_a.published)  # its title "Bewerbungstraining a" would match too
    offer(cast.tenant_a, provider, "Bewerbung leicht gemacht")
    offer(cast.tenant_a, provider, "Praktikum im Handwerk")
    offer(cast.tenant_a, provider, "Sprachkurs")
    assert titles(search(cast.tenant_a, SearchQuery(text="Bewerbungen"))) == ["Bewerbung leicht gemacht"]
    assert titles(search(cast.tenant_a, SearchQuery(text="Praktikums"))) == ["Praktikum im Handwerk"]


def test_a_word_finds_the_compounds_it_starts(cast, provider):
    archive(cast.offerings_a.published)  # its title "Bewerbungstraining a" would match too
    offer(cast.tenant_a, provider, "Bewerbungstraining für Mädchen")
    assert titles(search(cast.tenant_a, SearchQuery(text="Bewerbung"))) == ["Bewerbungstraining für Mädchen"]


@pytest.mark.parametrize("typed", ["Übergang", "Uebergang", "Ubergang", "übergang", "ÜBERGANG"])
def test_umlauts_and_their_transcriptions_find_the_same(cast, provider, typed):
    offer(cast.tenant_a, provider, "Übergangscoaching an Werkrealschulen")
    assert titles(search(cast.tenant_a, SearchQuery(text=typed))) == ["Übergangscoaching an Werkrealschulen"]


@pytest.mark.parametrize("typed", ["Straßensozialarbeit", "Strassensozialarbeit"])
def test_sharp_s_and_ss_find_the_same(cast, provider, typed):
    offer(cast.tenant_a, provider, "Mobile Jugendarbeit", description="Streetwork und Strassensozialarbeit")
    offer(cast.tenant_a, provider, "Jugendtreff", description="Offene Tür mit Straßensozialarbeit")
    assert set(titles(search(cast.tenant_a, SearchQuery(text=typed)))) == {
        "Mobile Jugendarbeit",
        "Jugendtreff",
    }


def test_every_word_must_occur_and_stop_words_do_not_count(cast, provider):
    offer(cast.tenant_a, provider, "Nachhilfe Mathematik", description="Für Schülerinnen und Schüler")
    offer(cast.tenant_a, provider, "Nachhilfe Deutsch")
    assert titles(search(cast.tenant_a, SearchQuery(text="Nachhilfe Mathe"))) == ["Nachhilfe Mathematik"]
    assert titles(search(cast.tenant_a, SearchQuery(text="Nachhilfe für die Mathematik"))) == [
        "Nachhilfe Mathematik"
    ]


def test_provider_category_and_town_are_searchable(cast, provider):
    category = Category.objects.get(code="mentoring")
    offer(
        cast.tenant_a,
        provider,
        "Lernpaten",
        categories=[category],
        locations=[{"city": "Weinheim", **place(WEINHEIM)}],
    )
    for words in ("Rhein-Neckar", "Patenschaften", "Weinheim"):
        assert titles(search(cast.tenant_a, SearchQuery(text=words))) == ["Lernpaten"], words


def test_words_only_in_a_confidential_street_are_not_searchable(cast):
    refresh_search_text(cast.offerings_a.published)
    assert search(cast.tenant_a, SearchQuery(text=cast.offerings_a.confidential_street)).total == 0


# Typos ---------------------------------------------------------------------------------------------------


def test_a_mistyped_word_is_replaced_by_the_closest_word_that_finds_something(cast, provider):
    archive(cast.offerings_a.published)  # its title "Bewerbungstraining a" would match too
    offer(cast.tenant_a, provider, "Fit für die Bewerbung", description="Anschreiben und Lebenslauf")
    result = search(cast.tenant_a, SearchQuery(text="Bewerbnug Lebenslauf"))
    assert titles(result) == ["Fit für die Bewerbung"]
    assert result.corrections == {"Bewerbnug": "Bewerbung"}
    assert result.corrected_text == "Bewerbung Lebenslauf"


def test_words_that_find_something_are_never_corrected(cast, provider):
    offer(cast.tenant_a, provider, "Fit für die Bewerbung")
    offer(cast.tenant_a, provider, "Sprachkurs Bewertung")
    result = search(cast.tenant_a, SearchQuery(text="Bewertung"))
    assert titles(result) == ["Sprachkurs Bewertung"]
    assert result.corrections == {}


def test_a_correction_never_reveals_words_of_unpublished_offerings(cast, provider):
    archive(cast.offerings_a.published)  # its title "Bewerbungstraining a" would match too
    offer(cast.tenant_a, provider, "Geheimprojekt Zukunftswerkstatt", status="draft")
    offer(cast.tenant_a, provider, "Zukunftswerkstatt", status="archived")
    result = search(cast.tenant_a, SearchQuery(text="Geheimprojeckt"))
    assert (result.total, result.corrections) == (0, {})
    assert search(cast.tenant_a, SearchQuery(text="Zukunftswerkstat")).total == 0


def test_an_unknown_word_without_a_close_one_finds_nothing(cast, provider):
    archive(cast.offerings_a.published)  # its title "Bewerbungstraining a" would match too
    offer(cast.tenant_a, provider, "Fit für die Bewerbung")
    result = search(cast.tenant_a, SearchQuery(text="Quantenphysik"))
    assert (result.hits, result.total, result.corrections) == ([], 0, {})


def test_the_vocabulary_holds_the_words_as_written(cast, provider):
    offer(cast.tenant_a, provider, "Übergänge gestalten", short_description="für Jugendliche")
    vocabulary = dict(SearchWord.objects.filter(tenant=cast.tenant_a).values_list("folded", "word"))
    assert vocabulary["ubergange"] == "Übergänge"
    assert "fur" not in vocabulary  # a stop word


# Tenants and status --------------------------------------------------------------------------------------


def test_only_the_tenants_published_offerings_are_found_and_counted(cast, provider):
    for status in ("draft", "in_review", "archived"):
        offer(cast.tenant_a, provider, f"Bewerbungstraining {status}", status=status, phases=["training"])
    for offering in (cast.offerings_a.published, cast.offerings_b.published):
        refresh_search_text(offering)
    offer(cast.tenant_b, cast.network_b.organisation, "Bewerbungstraining extra", phases=["training"])

    result = search(cast.tenant_a, SearchQuery(text="Bewerbungstraining"))
    assert titles(result) == [cast.offerings_a.published.title]
    assert result.total == 1
    assert facet(result, "phases")["school_to_training"] == 1
    assert facet(result, "phases")["training"] == 0
    everything = search(cast.tenant_a, SearchQuery())
    assert everything.total == 1
    assert sum(facet(everything, "languages").values()) == 1


def test_categories_of_another_tenant_are_not_offered_as_facet_values(cast):
    codes = set(facet(search(cast.tenant_a, SearchQuery()), "categories"))
    assert cast.offerings_a.category.code in codes
    assert cast.offerings_b.category.code not in codes
    assert "mentoring" in codes  # the shared defaults


# Facets --------------------------------------------------------------------------------------------------


@pytest.fixture
def faceted(cast, provider):
    """Four offerings to count: phase × target group × category × region × legal sphere × cost."""
    cast.offerings_a.published.status = "archived"
    cast.offerings_a.published.save()
    west, east = cast.region_a, create_region(cast.tenant_a, "Ost")
    mentoring, counselling = Category.objects.get(code="mentoring"), Category.objects.get(code="counselling")
    offer(
        cast.tenant_a,
        provider,
        "Berufseinstiegsbegleitung",
        phases=["orientation", "school_to_training"],
        target_groups=["young_people"],
        legal_sphere="sgb3",
        languages=["de", "tr"],
        categories=[mentoring],
        locations=[{"region": west}],
    )
    offer(
        cast.tenant_a,
        provider,
        "Ausbildungslotsen",
        phases=["training"],
        target_groups=["young_people", "newly_arrived"],
        legal_sphere="sgb3",
        languages=["de"],
        categories=[mentoring, counselling],
        locations=[{"region": east}, {"region": west}],
    )
    offer(
        cast.tenant_a,
        provider,
        "Elternabend Ausbildung",
        phases=["orientation"],
        target_groups=["parents"],
        legal_sphere="none",
        funding_source="municipal",
        is_free=False,
        categories=[counselling],
        locations=[{"region": east}],
    )
    offer(cast.tenant_a, provider, "Sprachcafé", target_groups=["newly_arrived"], legal_sphere="sgb8")
    return west, east


def test_facet_counts_without_a_selection(cast, faceted):
    west, east = faceted
    result = search(cast.tenant_a, SearchQuery())
    assert result.total == 4
    assert facet(result, "phases") == {
        "family_kita": 0,
        "kita_primary": 0,
        "primary_secondary": 0,
        "orientation": 2,
        "school_to_training": 1,
        "training": 1,
        "requalification": 0,
    }
    assert facet(result, "target_groups")["newly_arrived"] == 2
    assert facet(result, "legal_spheres")["sgb3"] == 2
    assert facet(result, "funding_sources")["municipal"] == 1
    assert facet(result, "languages")["tr"] == 1
    assert facet(result, "kostenfrei") == {"1": 3}
    categories = facet(result, "categories")
    assert (categories["mentoring"], categories["counselling"], categories["internships"]) == (2, 2, 0)
    assert facet(result, "regions") == {str(west.pk): 2, str(east.pk): 2}
    assert [f.name for f in result.facets] == [
        "phases",
        "categories",
        "target_groups",
        "regions",
        "legal_spheres",
        "funding_sources",
        "languages",
        "kostenfrei",
    ]


def test_a_facets_own_selection_leaves_its_counts_and_narrows_the_others(cast, faceted):
    result = search(cast.tenant_a, SearchQuery(phases=["orientation"]))
    assert set(titles(result)) == {"Berufseinstiegsbegleitung", "Elternabend Ausbildung"}
    assert facet(result, "phases")["training"] == 1  # what ticking it too would add
    assert facet(result, "phases")["orientation"] == 2
    assert facet(result, "target_groups")["newly_arrived"] == 0
    assert facet(result, "target_groups")["parents"] == 1
    assert facet(result, "categories")["mentoring"] == 1
    assert facet(result, "kostenfrei") == {"1": 1}
    selected = [value.code for value in result.facets[0].values if value.selected]
    assert selected == ["orientation"]


def test_values_of_one_facet_widen_and_facets_narrow(cast, faceted):
    west, east = faceted
    both = search(cast.tenant_a, SearchQuery(phases=["orientation", "training"]))
    assert both.total == 3
    narrowed = search(
        cast.tenant_a,
        SearchQuery(phases=["orientation", "training"], categories=["counselling"], regions=[east.pk]),
    )
    assert set(titles(narrowed)) == {"Ausbildungslotsen", "Elternabend Ausbildung"}
    assert facet(narrowed, "regions") == {str(west.pk): 1, str(east.pk): 2}
    assert facet(narrowed, "categories")["mentoring"] == 1
    assert facet(narrowed, "categories")["counselling"] == 2
    assert search(cast.tenant_a, SearchQuery(free_only=True, funding_sources=["municipal"])).total == 0
    assert search(cast.tenant_a, SearchQuery(funding_sources=["municipal"])).total == 1


def test_facet_counts_follow_the_words(cast, faceted):
    result = search(cast.tenant_a, SearchQuery(text="Ausbildung"))
    assert set(titles(result)) == {"Ausbildungslotsen", "Elternabend Ausbildung"}
    assert facet(result, "phases")["school_to_training"] == 0
    assert facet(result, "phases")["orientation"] == 1


def test_unknown_codes_from_the_address_bar_are_ignored(cast, faceted):
    query = query_from_params(QueryDict("phases=erfunden&languages=xx&legal_spheres=nope&regions=²"))
    assert search(cast.tenant_a, query).total == 4
    assert query_from_params(QueryDict("regions=²&regions=9&regions=99999999999999999999")).regions == [9]


# Age -----------------------------------------------------------------------------------------------------


def test_age_filter_keeps_offerings_open_to_that_age(cast, provider):
    offer(cast.tenant_a, provider, "Kita-Übergang", age=(3, 7))
    offer(cast.tenant_a, provider, "Ausbildungsbegleitung", age=(15, 25))
    offer(cast.tenant_a, provider, "Ab 16", age=(16, None))
    offer(cast.tenant_a, provider, "Für alle")
    archive(cast.offerings_a.published)
    found = set(titles(search(cast.tenant_a, SearchQuery(age=16))))
    assert found == {"Ausbildungsbegleitung", "Ab 16", "Für alle"}
    assert set(titles(search(cast.tenant_a, SearchQuery(age=26)))) == {"Ab 16", "Für alle"}


# Radius --------------------------------------------------------------------------------------------------


@pytest.fixture
def located(cast, provider):
    archive(cast.offerings_a.published)
    offer(cast.tenant_a, provider, "In Mannheim", locations=[{"city": "Mannheim", **place("68161")}])
    offer(cast.tenant_a, provider, "In Weinheim", locations=[{"city": "Weinheim", **place(WEINHEIM)}])
    offer(cast.tenant_a, provider, "In Stuttgart", locations=[{"city": "Stuttgart", **place(STUTTGART)}])
    offer(
        cast.tenant_a,
        provider,
        "Schutzwohnung",
        locations=[{"city": "Mannheim", "is_confidential": True, "street": "Geheim 1", **place("68161")}],
    )
    offer(
        cast.tenant_a,
        provider,
        "Weit weg, vertraulich nah",
        locations=[
            {"city": "Stuttgart", **place(STUTTGART)},
            {"city": "Mannheim", "is_confidential": True, **place(MANNHEIM)},
        ],
    )


def test_radius_finds_public_locations_within_it(cast, located):
    result = search(cast.tenant_a, SearchQuery(postcode=MANNHEIM, radius_km=10, sort="distance"))
    assert titles(result) == ["In Mannheim", "Schutzwohnung"]
    assert result.place.postcode == MANNHEIM
    distances = [hit.distance_km for hit in result.hits]
    assert 1 < distances[0] < 3
    assert distances[1] is None  # never a distance to a confidential location

    wider = search(cast.tenant_a, SearchQuery(postcode=MANNHEIM, radius_km=25, sort="distance"))
    assert titles(wider) == ["In Mannheim", "In Weinheim", "Schutzwohnung"]


def test_a_confidential_location_never_places_an_offering_that_has_public_ones(cast, located):
    near = titles(search(cast.tenant_a, SearchQuery(postcode=MANNHEIM, radius_km=50)))
    assert "Weit weg, vertraulich nah" not in near
    result = search(cast.tenant_a, SearchQuery(text="vertraulich", postcode=MANNHEIM, sort="distance"))
    assert result.hits[0].distance_km > 80  # to Stuttgart, not to the confidential place next door


def test_sorting_by_distance_without_radius_lists_everything_nearest_first(cast, located):
    result = search(cast.tenant_a, SearchQuery(postcode=MANNHEIM, sort="distance"))
    assert titles(result)[:2] == ["In Mannheim", "In Weinheim"]
    assert titles(result)[-1] == "Schutzwohnung"  # no distance: last
    assert result.total == 5


def test_an_unknown_postcode_is_reported_in_german_and_does_not_filter(cast, located):
    result = search(cast.tenant_a, SearchQuery(postcode="00000", radius_km=10))
    assert result.errors == ["Die Postleitzahl „00000“ kennen wir nicht."]
    assert result.place is None
    assert result.total == 5


def test_a_radius_without_postcode_is_reported(cast, located):
    result = search(cast.tenant_a, SearchQuery(radius_km=10))
    assert result.errors == ["Für die Suche im Umkreis fehlt die Postleitzahl."]


# Sorting and paging --------------------------------------------------------------------------------------


def test_newest_first(cast, provider):
    archive(cast.offerings_a.published)
    now = timezone.now()
    for days, title in ((3, "Alt"), (1, "Neu"), (2, "Mittel")):
        offering = offer(cast.tenant_a, provider, title)
        Offering.objects.filter(pk=offering.pk).update(published_at=now - timedelta(days=days))
    assert titles(search(cast.tenant_a, SearchQuery(sort="newest"))) == ["Neu", "Mittel", "Alt"]
    assert titles(search(cast.tenant_a, SearchQuery(sort="relevance"))) == ["Alt", "Mittel", "Neu"]


def test_distance_sort_without_postcode_falls_back(cast, provider):
    archive(cast.offerings_a.published)
    offer(cast.tenant_a, provider, "B")
    offer(cast.tenant_a, provider, "A")
    assert titles(search(cast.tenant_a, SearchQuery(sort="distance"))) == ["A", "B"]


def test_pages_split_the_hits_and_the_total_counts_all(cast, provider):
    archive(cast.offerings_a.published)
    for number in range(7):
        offer(cast.tenant_a, provider, f"Kurs {number}")
    pages = [search(cast.tenant_a, SearchQuery(text="Kurs", page=page, page_size=3)) for page in (1, 2, 3, 4)]
    assert [titles(page) for page in pages] == [
        ["Kurs 0", "Kurs 1", "Kurs 2"],
        ["Kurs 3", "Kurs 4", "Kurs 5"],
        ["Kurs 6"],
        [],
    ]
    assert {page.total for page in pages} == {7}


def test_exports_get_every_hit(cast, provider):
    archive(cast.offerings_a.published)
    for number in range(25):
        offer(cast.tenant_a, provider, f"Kurs {number:02d}")
    result = search(cast.tenant_a, SearchQuery(text="Kurs"), all_hits=True, with_facets=False)
    assert len(result.hits) == result.total == 25
    assert result.facets == []
    first_page = search(cast.tenant_a, SearchQuery(text="Kurs"), with_facets=False)
    assert (len(first_page.hits), first_page.total) == (20, 25)


def test_a_search_page_costs_a_fixed_number_of_queries(cast, faceted, django_assert_num_queries):
    """The tenant's synonyms and the vocabulary words a long word might be compounded of (`expansion`);
    the tenant's categories; one statement for the total, every facet count, the regions' names and the
    page's ids; the hits; their locations; their category links. SQLite reads the candidates' texts once
    more (the fallback ranks in Python)."""
    query = SearchQuery(text="Ausbildung", phases=["training"], categories=["counselling"], age=18)
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 8):
        result = search(cast.tenant_a, query)
    assert titles(result) == ["Ausbildungslotsen"]


# Compounds and synonyms -----------------------------------------------------------------------------


def test_a_compound_finds_its_parts_written_apart_and_in_other_compounds(cast):
    archive(cast.offerings_a.published)
    provider = cast.network_a.organisation
    offer(cast.tenant_a, provider, "Neustart nach Ausbildungsabbruch")
    offer(cast.tenant_a, provider, "Hilfe bei Abbruchgefahr", short_description="Wenn die Ausbildung wackelt")
    offer(cast.tenant_a, provider, "Abbruch der Ausbildung vermeiden")
    offer(cast.tenant_a, provider, "Ausbildungsmesse")
    result = search(cast.tenant_a, SearchQuery(text="Ausbildungsabbruch"))
    assert titles(result)[0] == "Neustart nach Ausbildungsabbruch"  # the word as typed ranks first
    assert set(titles(result)) == {
        "Neustart nach Ausbildungsabbruch",
        "Hilfe bei Abbruchgefahr",
        "Abbruch der Ausbildung vermeiden",
    }


def test_synonyms_of_the_tenant_widen_a_word_and_only_for_that_tenant(cast):
    from uebergang.offerings.models import SearchSynonym

    archive(cast.offerings_a.published)
    provider = cast.network_a.organisation
    offer(cast.tenant_a, provider, "Deutsch für Geflüchtete")
    offer(cast.tenant_a, provider, "Sprachcafé", short_description="Für neu zugewanderte Jugendliche")
    offer(cast.tenant_a, provider, "Neue Wege in den Beruf")  # "neu" alone is not "neu zugewandert"
    assert search(cast.tenant_a, SearchQuery(text="Flüchtling")).total == 0
    SearchSynonym.objects.create(tenant=cast.tenant_b, words="Flüchtling, Geflüchtete, neu zugewandert")
    assert search(cast.tenant_a, SearchQuery(text="Flüchtling")).total == 0
    SearchSynonym.objects.create(tenant=cast.tenant_a, words="Flüchtling, Geflüchtete, neu zugewandert")
    result = search(cast.tenant_a, SearchQuery(text="Flüchtlinge"))
    assert set(titles(result)) == {"Deutsch für Geflüchtete", "Sprachcafé"}
    # A phrase of the group typed as words finds the others too.
    assert set(titles(search(cast.tenant_a, SearchQuery(text="neu zugewandert")))) == {
        "Deutsch für Geflüchtete",
        "Sprachcafé",
    }
