"""The public catalogue: search with facets, paging, map data, detail with schema.org, print view."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from uebergang.offerings import search
from uebergang.offerings.models import Offering, OfferingLocation
from uebergang.offerings.search import refresh_search_text
from uebergang.test import create_region, mentions

WEINHEIM = (49.5418, 8.6746)  # postcode 69469
HEIDELBERG = (49.3926, 8.7252)  # postcode 69117, about 17 km from Weinheim


def publish(tenant, provider, title, *, locations=(), **fields) -> Offering:
    """A published offering with its locations, searchable like one saved through the workspace."""
    fields.setdefault("short_description", f"Kurz: {title}")
    offering = Offering.objects.create(
        tenant=tenant,
        provider=provider,
        title=title,
        status=Offering.Status.PUBLISHED,
        published_at=timezone.now(),
        **fields,
    )
    for location in locations:
        OfferingLocation.objects.create(offering=offering, **location)
    refresh_search_text(offering)
    return offering


def search_page(client, query: str = "", tenant: str = "kreis-a"):
    return client.get(f"/{tenant}/angebote/{'?' + query if query else ''}")


def map_data(response) -> dict:
    match = re.search(r'<div class="offering-map" data-map="([^"]*)"', response.content.decode())
    assert match, "the page carries no map data"
    return json.loads(html.unescape(match.group(1)))


def checkbox(response, name: str, value: str) -> str:
    """The <input> tag of one checkbox (the free-of-charge box comes from the form or from a facet)."""
    for tag in re.findall(r'<input type="checkbox"[^>]*>', response.content.decode()):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return tag
    raise AssertionError(f"no checkbox {name}={value}")


def detail_url(offering) -> str:
    return f"/{offering.tenant.slug}/angebote/{offering.pk}/"


@pytest.fixture
def provider(cast):
    return cast.network_a.organisation


# The search page -----------------------------------------------------------------------------------------


def test_the_search_lists_the_published_offerings_of_this_municipality_without_login(client, cast):
    response = search_page(client)
    assert response.status_code == 200
    assertContains(response, "<h1>Angebote in Kreis Alpha</h1>", html=True)
    assertContains(response, cast.offerings_a.published.title)
    assertContains(response, "1 Angebot")
    assertContains(response, f'href="{detail_url(cast.offerings_a.published)}"')
    assertContains(response, cast.network_a.organisation.name)
    assertNotContains(response, cast.offerings_a.draft.title)
    assertNotContains(response, cast.offerings_b.published.title)


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association", "partner"])
def test_signed_in_people_see_the_same_public_search_and_nothing_of_another_municipality(client, cast, who):
    client.force_login(getattr(cast, who))
    response = search_page(client)
    assert response.status_code == 200
    assertContains(response, cast.offerings_a.published.title)
    for text in [
        cast.offerings_a.draft.title,
        cast.offerings_b.published.title,
        *cast.private_texts_of(cast.tenant_a),
    ]:
        assertNotContains(response, text)


def test_a_result_shows_provider_description_tags_towns_and_places(client, cast, provider):
    publish(
        cast.tenant_a,
        provider,
        "Sprachcafé Ausbildung",
        short_description="Deutsch üben vor der Ausbildung",
        phases=["training"],
        places_free=3,
        is_free=True,
        locations=[{"city": "Weinheim"}, {"city": "Hemsbach"}],
    ).categories.add(cast.offerings_a.category)
    response = search_page(client, "q=Sprachcafé")
    page = response.content.decode()
    assertContains(response, "1 Angebot")
    assert "Deutsch üben vor der Ausbildung" in page and "Hemsbach, Weinheim" in page
    assertContains(response, "<li>Während der Ausbildung</li>", html=True)
    assertContains(response, f'<li class="tag-category">{cast.offerings_a.category.name}</li>', html=True)
    assertContains(response, "3 freie Plätze")
    assertContains(response, "kostenfrei")


def test_facets_show_counts_and_a_ticked_value_narrows_the_results(client, cast, provider):
    publish(cast.tenant_a, provider, "Azubi-Stammtisch", phases=["training"])
    publish(cast.tenant_a, provider, "Ausbildungslotsen", phases=["training", "school_to_training"])
    response = search_page(client)
    assertContains(response, "3 Angebote")
    facet = r'<input type="checkbox" id="facet-phases-training" name="phases" value="training">'
    assertContains(response, facet, html=True)
    # Plain words for the public, not the professionals' "Sek I–Ausbildung".
    assertContains(response, 'Während der Ausbildung <span class="count">(2)</span>')
    assertContains(response, 'Von der Schule in die Ausbildung <span class="count">(2)</span>')
    assertContains(response, "<legend>Worum geht es?</legend>", html=True)
    assertNotContains(response, "Sek I–Ausbildung")

    response = search_page(client, "phases=training")
    assertContains(response, "2 Angebote")
    assertContains(response, "Azubi-Stammtisch")
    assertNotContains(response, cast.offerings_a.published.title)
    assertContains(
        response,
        '<input type="checkbox" id="facet-phases-training" name="phases" value="training" checked>',
        html=True,
    )


def test_category_region_and_cost_facets_filter_and_show_as_removable_filters(client, cast, provider):
    publish(
        cast.tenant_a,
        provider,
        "Werkstattkurs West",
        locations=[{"city": "Weinheim", "region": cast.region_a}],
    )
    response = search_page(client)
    assertContains(response, 'West <span class="count">(1)</span>')
    assertContains(response, f'{cast.offerings_a.category.name} <span class="count">(1)</span>')
    assertContains(response, 'kostenfrei <span class="count">(2)</span>')

    response = search_page(client, f"regions={cast.region_a.pk}&kostenfrei=1")
    assertContains(response, "1 Angebot")
    assertContains(response, "Werkstattkurs West")
    assertContains(response, "Region: West")
    assertContains(response, "Kosten: kostenfrei")
    assert " checked" in checkbox(response, "regions", str(cast.region_a.pk))

    response = search_page(client, f"categories={cast.offerings_a.category.code}")
    assertContains(response, "1 Angebot")
    assertContains(response, f"Kategorie: {cast.offerings_a.category.name}")
    assertNotContains(response, "Werkstattkurs West")


def test_values_that_would_find_nothing_get_no_checkbox(client, cast):
    response = search_page(client)
    assertNotContains(response, 'value="requalification"')
    assertContains(response, 'value="school_to_training"')


def test_age_and_free_of_charge_filter(client, cast, provider):
    publish(cast.tenant_a, provider, "Elternabend Berufswahl", min_age=30, is_free=True)
    publish(cast.tenant_a, provider, "Bewerbungsfotos", min_age=14, max_age=25, is_free=False, cost_amount=15)
    response = search_page(client, "alter=16")
    assertContains(response, "2 Angebote")
    assertNotContains(response, "Elternabend Berufswahl")
    response = search_page(client, "alter=16&kostenfrei=1")
    assertContains(response, "1 Angebot")
    assertContains(response, cast.offerings_a.published.title)
    assert " checked" in checkbox(response, "kostenfrei", "1")


def test_chosen_filters_are_listed_with_links_that_remove_each(client, cast):
    response = search_page(client, "q=Bewerbung&phases=school_to_training&alter=15")
    page = response.content.decode()
    assertContains(response, "Gewählte Filter")
    removal = re.search(r'<a href="([^"]*)">Worum geht es\?: Von der Schule in die Ausbildung', page)
    assert removal, page
    assert removal.group(1) == "/kreis-a/angebote/?q=Bewerbung&amp;alter=15"
    assertContains(response, '<a href="/kreis-a/angebote/?phases=school_to_training&amp;alter=15">', count=1)
    assertContains(response, '<a href="/kreis-a/angebote/">Alle Filter zurücksetzen</a>', html=True)


def test_paging_keeps_the_search_and_filters(client, cast, provider):
    for number in range(1, 26):
        publish(cast.tenant_a, provider, f"Nachhilfe Mathe {number:02d}", phases=["orientation"])
    response = search_page(client, "q=Nachhilfe&phases=orientation")
    assertContains(response, "25 Angebote")
    assertContains(response, "Seite 1 von 2")
    assertContains(response, 'href="?q=Nachhilfe&amp;phases=orientation&amp;seite=2"')
    assert response.content.decode().count('<li class="result">') == search.PAGE_SIZE

    second = search_page(client, "q=Nachhilfe&phases=orientation&seite=2")
    assert second.content.decode().count('<li class="result">') == 5
    assertContains(second, '<ol class="results" start="21"')
    assertContains(second, 'href="?q=Nachhilfe&amp;phases=orientation&amp;seite=1"')

    beyond = search_page(client, "q=Nachhilfe&seite=9")
    assertContains(beyond, "Seite 2 von 2")
    assert beyond.content.decode().count('<li class="result">') == 5


def test_the_form_works_without_javascript(client, cast):
    """A GET form to the page itself with labelled fields, fieldsets with legends and submit buttons."""
    response = search_page(client)
    page = response.content.decode()
    form = re.search(r'<form [^>]*role="search"[^>]*>', page).group(0)
    assert 'method="get"' in form and 'action="/kreis-a/angebote/"' in form and 'role="search"' in form
    for field in ("id_q", "id_alter", "id_plz", "id_umkreis", "id_sortierung"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    free = re.search(r'id="([^"]+)"', checkbox(response, "kostenfrei", "1")).group(1)
    assert f'<label for="{free}">' in page
    assert page.count("<fieldset") == page.count("<legend>") >= 3
    assert '<button type="submit">Suchen</button>' in page
    for radius in ("5", "10", "25", "50"):
        assert f'<option value="{radius}">{radius} km</option>' in page
    for sort, label in (("relevance", "Relevanz"), ("distance", "Entfernung"), ("newest", "neueste zuerst")):
        assert f'<option value="{sort}"' in page and label in page
    assert "<script>" not in page and " style=" not in page


def test_no_hits_gives_help(client, cast):
    response = search_page(client, "q=Raumfahrt&phases=training")
    assertContains(response, "0 Angebote")
    assertContains(response, "Keine Treffer")
    assertContains(response, "Prüf die Schreibweise")
    assertContains(response, "setz alle Filter zurück")


def test_an_unknown_postcode_is_said_in_an_alert(client, cast):
    response = search_page(client, "plz=00000&umkreis=10")
    assertContains(response, '<div class="message message-error" role="alert">')
    assertContains(response, "Die Postleitzahl „00000“ kennen wir nicht.")


def test_malformed_input_gets_german_messages_beside_the_fields(client, cast):
    response = search_page(client, "plz=12a&alter=abc&umkreis=7")
    assert response.status_code == 200
    assertContains(response, "Bitte gib eine fünfstellige Postleitzahl an.")
    assertContains(response, "Bitte gib das Alter als Zahl an.")
    assertContains(response, "Bitte wähl einen Umkreis aus der Liste.")
    assertContains(response, 'aria-invalid="true"')
    assertNotContains(response, "kennen wir nicht")  # the rejected postcode is not searched as well
    assertContains(response, cast.offerings_a.published.title)


def test_a_radius_needs_a_postcode(client, cast):
    response = search_page(client, "umkreis=10")
    assertContains(response, "Für die Suche im Umkreis gib bitte deine Postleitzahl an.")


def test_radius_search_shows_distances_and_leaves_out_far_offerings(client, cast, provider):
    publish(
        cast.tenant_a,
        provider,
        "Jobcafé Weinheim",
        locations=[{"city": "Weinheim", "latitude": WEINHEIM[0], "longitude": WEINHEIM[1]}],
    )
    publish(
        cast.tenant_a,
        provider,
        "Lernwerkstatt Heidelberg",
        locations=[{"city": "Heidelberg", "latitude": HEIDELBERG[0], "longitude": HEIDELBERG[1]}],
    )
    near = search_page(client, "plz=69469&umkreis=10&sortierung=distance")
    assertContains(near, "Jobcafé Weinheim")
    assertNotContains(near, "Lernwerkstatt Heidelberg")
    assertContains(near, "ca. 0,0 km entfernt")
    wider = search_page(client, "plz=69469&umkreis=25&sortierung=distance").content.decode()
    assert wider.index("Jobcafé Weinheim") < wider.index("Lernwerkstatt Heidelberg")
    assert re.search(r"ca\. 1\d,\d km entfernt", wider)


def test_did_you_mean_links_the_corrected_search(client, cast, monkeypatch):
    engine = search.search

    def with_corrections(tenant, query):
        result = engine(tenant, query)
        result.corrections = {"bewerbng": "bewerbung"}
        return result

    monkeypatch.setattr(search, "search", with_corrections)
    response = search_page(client, "q=bewerbng+training&alter=15")
    assertContains(response, "Keine Treffer für „bewerbng training“. Meintest du:")
    assertContains(response, '<a href="?q=bewerbung+training&amp;alter=15">bewerbung training</a>', html=True)


def test_a_mistyped_word_finds_the_offering_and_says_so(client, cast, provider):
    publish(cast.tenant_a, provider, "Bewerbungstraining für Mädchen")
    response = search_page(client, "q=Bewerbnugstraining")
    assertContains(response, "Bewerbungstraining für Mädchen")
    assertContains(response, "Meintest du:")
    assertContains(response, 'href="?q=Bewerbungstraining"')


def test_export_links_carry_the_same_search(client, cast):
    response = search_page(client, "phases=school_to_training&alter=15")
    for fmt in ("csv", "xlsx"):
        url = reverse("offerings:public_export", kwargs={"tenant": cast.tenant_a, "fmt": fmt})
        assertContains(response, f'href="{url}?phases=school_to_training&amp;alter=15"')


def test_the_search_page_needs_a_constant_number_of_queries(
    client, cast, provider, django_assert_max_num_queries
):
    OfferingLocation.objects.filter(offering=cast.offerings_a.published).update(
        region=cast.region_a, latitude=WEINHEIM[0], longitude=WEINHEIM[1]
    )
    with CaptureQueriesContext(connection) as few:
        search_page(client, "phases=school_to_training")
    for number in range(10):
        offering = publish(
            cast.tenant_a,
            provider,
            f"Werkstatttag {number}",
            phases=["school_to_training"],
            locations=[
                {"city": "Weinheim", "latitude": WEINHEIM[0], "longitude": WEINHEIM[1], "region": region}
                for region in (cast.region_a, create_region(cast.tenant_a, f"Ort {number}"))
            ],
        )
        offering.categories.add(cast.offerings_a.category)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assertContains(search_page(client, "phases=school_to_training"), "11 Angebote")


def test_an_unknown_municipality_has_no_catalogue(client, cast):
    assert client.get("/gibt-es-nicht/angebote/").status_code == 404


# The map -------------------------------------------------------------------------------------------------


def test_the_map_data_and_the_table_of_places_hold_public_locations_only(client, cast, provider):
    offering = publish(
        cast.tenant_a,
        provider,
        "Mädchentreff",
        locations=[
            {
                "name": "Jugendhaus Mitte",
                "street": "Hauptstraße 5",
                "postcode": "69469",
                "city": "Weinheim",
                "latitude": WEINHEIM[0],
                "longitude": WEINHEIM[1],
            },
            {
                "name": "Schutzwohnung Lindenhof",
                "street": "Verborgene Gasse 3",
                "postcode": "69117",
                "city": "Heidelberg",
                "latitude": HEIDELBERG[0],
                "longitude": HEIDELBERG[1],
                "is_confidential": True,
            },
        ],
    )
    response = search_page(client, "q=Mädchentreff&plz=69469")
    data = map_data(response)
    assert data["points"] == [
        {
            "title": "Mädchentreff",
            "url": detail_url(offering),
            "name": "Jugendhaus Mitte",
            "address": "Hauptstraße 5, 69469 Weinheim",
            "lat": WEINHEIM[0],
            "lon": WEINHEIM[1],
        }
    ]
    assert data["centre"]["lat"] == pytest.approx(49.5418, abs=0.001)
    page = response.content.decode()
    assert "Jugendhaus Mitte" in page and "Hauptstraße 5" in page and "49.54180, 8.67460" in page
    assert "Heidelberg" in page  # the town of the confidential place, in the result line
    for secret in ("Verborgene Gasse", "Schutzwohnung", "69117", str(HEIDELBERG[0]), "49.3926"):
        assert secret not in page, secret
    assert 'class="offering-map"' in page and 'data-tiles=""' in page
    assert "Kartenhintergrund nicht konfiguriert" not in page  # no operator messages to the public


def test_the_map_container_names_the_configured_tile_server(client, cast, provider, settings):
    settings.OFFERINGS_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.OFFERINGS_MAP_ATTRIBUTION = "© Beispielkarten"
    publish(
        cast.tenant_a,
        provider,
        "Kletterkurs",
        locations=[{"city": "Weinheim", "latitude": WEINHEIM[0], "longitude": WEINHEIM[1]}],
    )
    response = search_page(client, "q=Kletterkurs")
    assertContains(response, 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"')
    assertContains(response, 'data-attribution="© Beispielkarten"')
    assertNotContains(response, "Kartenhintergrund nicht konfiguriert")


def test_the_confidential_street_of_the_cast_is_nowhere_public(client, cast):
    offering = cast.offerings_a.published
    OfferingLocation.objects.filter(offering=offering, is_confidential=True).update(
        latitude=41.987654, longitude=7.654321
    )
    OfferingLocation.objects.filter(offering=offering, is_confidential=False).update(
        latitude=49.5, longitude=8.5
    )
    pages = [
        search_page(client),
        search_page(client, "plz=69469&sortierung=distance"),
        client.get(detail_url(offering)),
        client.get(f"{detail_url(offering)}drucken/"),
    ]
    assert map_data(pages[0])["points"][0]["lat"] == 49.5
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert cast.offerings_a.confidential_street not in page
        assert not mentions(page, "12347") and "41.98" not in page and "41,98" not in page


# Detail and print ----------------------------------------------------------------------------------------


@pytest.fixture
def complete(cast, provider):
    """A published offering with every public fact filled in."""
    offering = publish(
        cast.tenant_a,
        provider,
        "Berufseinstiegsbegleitung",
        short_description="Begleitung vom Abschlussjahr bis in die Ausbildung",
        description="Eine feste Ansprechperson begleitet Sie.",
        plain_language="Wir helfen dir. Du findest eine Ausbildung.",
        phases=["school_to_training"],
        target_groups=["young_people", "newly_arrived"],
        min_age=15,
        max_age=18,
        school_types=["werkrealschule"],
        min_grade=8,
        max_grade=10,
        qualifications=["first"],
        legal_sphere="sgb3",
        legal_basis="§ 49 SGB III",
        funding_source="employment_agency",
        funder_name="Agentur für Arbeit Musterstadt",
        programme="Berufseinstiegsbegleitung",
        funding_start=date(2025, 8, 1),
        funding_end=date(2027, 7, 31),
        funding_amount=123456,
        places_total=20,
        places_free=4,
        places_updated_at=date(2026, 3, 1),
        schedule="dienstags 15–17 Uhr",
        is_free=False,
        cost_amount=10,
        cost_description="Materialgeld",
        languages=["de", "tr"],
        accessibility="Rollstuhlgerecht, Aufzug vorhanden",
        how_to_apply="Anruf genügt.",
        url="https://beb.example.org/",
        contact_name="Frau Beispiel",
        contact_email="beb@example.org",
        contact_phone="06201 12345",
        last_checked=date(2026, 2, 15),
        locations=[
            {
                "name": "Bildungszentrum",
                "street": "Schulstraße 2",
                "postcode": "69469",
                "city": "Weinheim",
                "region": cast.region_a,
                "latitude": WEINHEIM[0],
                "longitude": WEINHEIM[1],
            },
            {
                "name": "Zuflucht",
                "street": "Stille Ecke 9",
                "postcode": "69117",
                "city": "Heidelberg",
                "is_confidential": True,
            },
        ],
    )
    offering.categories.add(cast.offerings_a.category)
    return offering


def test_the_detail_page_shows_every_public_fact(client, cast, complete):
    response = client.get(detail_url(complete))
    assert response.status_code == 200
    assertContains(response, '<h1 itemprop="name">Berufseinstiegsbegleitung</h1>', html=True)
    expected = [
        "Begleitung vom Abschlussjahr bis in die Ausbildung",
        "Eine feste Ansprechperson begleitet Sie.",
        "In Einfacher Sprache",
        "Wir helfen dir. Du findest eine Ausbildung.",
        'Jugendliche</span>, <span itemprop="audienceType">Neu zugewanderte junge Menschen',
        "15 bis 18 Jahre",
        "Klasse 8 bis 10",
        "Werkrealschule/Hauptschule",
        "Erster Schulabschluss/Hauptschulabschluss",
        "Von der Schule in die Ausbildung",
        cast.offerings_a.category.name,
        "SGB III (Arbeitsförderung)",
        "§ 49 SGB III",
        "Bundesagentur/Jobcenter: Agentur für Arbeit Musterstadt",
        "01.08.2025 – 31.07.2027",
        "4 von 20 Plätzen frei",
        "Stand: 01.03.2026",
        "dienstags 15–17 Uhr",
        "10,00</span> €",
        "Materialgeld",
        "Deutsch, Türkisch",
        "Rollstuhlgerecht, Aufzug vorhanden",
        "Anruf genügt.",
        "Frau Beispiel",
        'href="mailto:beb@example.org"',
        "06201 12345",
        'href="https://beb.example.org/"',
        "Schulstraße 2",
        "Region West",
        "Heidelberg</span> – Adresse auf Anfrage",
        "Angaben zuletzt geprüft am 15.02.2026",
        f'href="/kreis-a/akteure/{cast.network_a.organisation.pk}/"',
        f'href="/kreis-a/angebote/{complete.pk}/drucken/"',
    ]
    page = response.content.decode()
    missing = [text for text in expected if text not in page]
    assert missing == []
    for hidden in ("123456", "123.456", "Stille Ecke", "Zuflucht", "69117"):
        assert hidden not in page, hidden  # the funding amount is for staff; the confidential place is a town


def test_the_detail_page_carries_schema_org_microdata(client, cast, complete):
    response = client.get(detail_url(complete))
    assertContains(response, 'itemscope itemtype="https://schema.org/Service"')
    assertContains(response, 'itemprop="provider" itemscope itemtype="https://schema.org/Organization"')
    assertContains(response, f'<span itemprop="name">{cast.network_a.organisation.name}</span>', html=True)
    assertContains(response, 'itemprop="areaServed" itemscope itemtype="https://schema.org/Place"', count=2)
    assertContains(
        response, 'itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"', count=2
    )
    assertContains(response, '<span itemprop="streetAddress">Schulstraße 2</span>', html=True, count=1)
    assertContains(response, '<span itemprop="addressLocality">Heidelberg</span>', html=True)
    assertContains(response, '<meta itemprop="latitude" content="49.541800">', html=True)
    assertContains(response, 'itemprop="audience" itemscope itemtype="https://schema.org/PeopleAudience"')
    assertContains(response, '<meta itemprop="suggestedMinAge" content="15">', html=True)
    assertContains(response, 'itemprop="offers" itemscope itemtype="https://schema.org/Offer"')
    assertContains(response, '<meta itemprop="priceCurrency" content="EUR">', html=True)
    assertContains(response, 'itemprop="description"')
    assertContains(response, '<a itemprop="serviceUrl" href="https://beb.example.org/">', count=1)
    assertNotContains(response, "application/ld+json")  # no inline script: microdata only


def test_the_print_view_is_one_clean_page(client, cast, complete):
    response = client.get(f"{detail_url(complete)}drucken/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Berufseinstiegsbegleitung" in page and "4 von 20 Plätzen frei" in page and "Schulstraße 2" in page
    assert 'itemtype="https://schema.org/Service"' in page
    assert "offerings/print.css" in page
    assert 'class="site-header"' not in page and "set_language" not in page and "Anmelden" not in page
    assert f"http://testserver/kreis-a/angebote/{complete.pk}/" in page  # the printout names its source
    assert "Stille Ecke" not in page and "Adresse auf Anfrage" in page


def test_the_detail_page_prints_cleanly_too(client, cast, complete):
    assertContains(client.get(detail_url(complete)), 'offerings/print.css" media="print"', count=1)


def test_an_inactive_provider_is_named_but_not_linked(client, cast, complete, provider):
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    response = client.get(detail_url(complete))
    assertContains(response, provider.name)
    assertNotContains(response, f'href="/kreis-a/akteure/{provider.pk}/"')


@pytest.mark.parametrize("suffix", ["", "drucken/"])
@pytest.mark.parametrize(
    "status", [Offering.Status.DRAFT, Offering.Status.IN_REVIEW, Offering.Status.ARCHIVED]
)
def test_unpublished_offerings_are_not_found(client, cast, complete, status, suffix):
    Offering.objects.filter(pk=complete.pk).update(status=status)
    assert client.get(f"{detail_url(complete)}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "drucken/"])
@pytest.mark.parametrize("who", [None, "coordinator", "coordinator_b", "outsider", "association"])
def test_offerings_of_another_municipality_and_drafts_are_not_found(client, cast, who, suffix):
    if who:
        client.force_login(getattr(cast, who))
    foreign = cast.offerings_b.published
    draft = cast.offerings_a.draft
    for url in (f"/kreis-a/angebote/{foreign.pk}/{suffix}", f"/kreis-a/angebote/{draft.pk}/{suffix}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert foreign.title not in response.content.decode() and draft.title not in response.content.decode()
    assert client.get(f"/stadt-b/angebote/{foreign.pk}/{suffix}").status_code == 200
    assert client.get(f"/kreis-a/angebote/999999/{suffix}").status_code == 404


def image_sources(tiles: str | None) -> list[str]:
    """The CSP img-src of a fresh settings import with OFFERINGS_MAP_TILES set (or not)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'uebergang.settings'; django.setup(); "
        "from django.conf import settings; "
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    env = {key: value for key, value in os.environ.items() if key != "OFFERINGS_MAP_TILES"}
    if tiles is not None:
        env["OFFERINGS_MAP_TILES"] = tiles
    command = [sys.executable, "-c", code]  # a fixed command, no outside input
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout.split()  # noqa: S603


def test_a_configured_tile_server_is_allowed_by_the_content_security_policy():
    """Settings read the tile URL at start-up: its host (a "{s}" subdomain as a wildcard) joins img-src."""
    assert image_sources("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == [
        "'self'",
        "data:",
        "https://*.tiles.example.org",
    ]
    assert image_sources(None) == ["'self'", "data:"]
