"""Gaps and overlaps: coverage matrix, likely duplicates, funding ending — figures, rules and who may see them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uebergang.lib import pagecache
from uebergang.lib.tabular import normalise
from uebergang.offerings import analysis
from uebergang.offerings.analysis import OfferingFacts, find_duplicates, similar_title_pairs
from uebergang.offerings.models import (
    Category,
    Offering,
    OfferingLocation,
    Phase,
    TargetGroup,
)
from uebergang.test import create_organisation, create_region

URLS = ["coverage", "duplicates", "funding_ending", "funding_ending_csv"]


def url(tenant, name: str) -> str:
    return {
        "coverage": f"/{tenant.slug}/intern/angebote/abdeckung/",
        "duplicates": f"/{tenant.slug}/intern/angebote/dubletten/",
        "funding_ending": f"/{tenant.slug}/intern/angebote/foerderende/",
        "funding_ending_csv": f"/{tenant.slug}/intern/angebote/foerderende/foerderende.csv",
    }[name]


def make_offering(tenant, provider, title, *, regions=(), categories=(), **fields) -> Offering:
    fields.setdefault("status", Offering.Status.PUBLISHED)
    offering = Offering.objects.create(
        tenant=tenant, provider=provider, title=title, short_description=f"Kurz: {title}", **fields
    )
    offering.categories.set(categories)
    for region in regions:
        OfferingLocation.objects.create(offering=offering, city="Musterstadt", region=region)
    return offering


def category(code: str) -> Category:
    return Category.objects.get(tenant__isnull=True, code=code)


# Permissions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", URLS)
def test_coordinator_and_steering_see_the_analysis_others_are_refused(client, cast, name):
    for user in (cast.coordinator, cast.steering):
        client.force_login(user)
        assert client.get(url(cast.tenant_a, name)).status_code == 200, user
    for user in (cast.partner, cast.case_worker, cast.coordinator_b, cast.outsider, cast.association):
        client.force_login(user)
        response = client.get(url(cast.tenant_a, name))
        assert response.status_code == 403, user
        assert cast.offerings_a.published.title not in response.content.decode()
    client.logout()
    response = client.get(url(cast.tenant_a, name))
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


def test_the_three_pages_link_to_each_other(client, cast):
    client.force_login(cast.steering)
    for name in ("coverage", "duplicates", "funding_ending"):
        page = client.get(url(cast.tenant_a, name)).content.decode()
        for other in ("coverage", "duplicates", "funding_ending"):
            assert f'href="{url(cast.tenant_a, other)}"' in page
        assert f'href="{url(cast.tenant_a, name)}" aria-current="page"' in page


# Coverage ----------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(cast):
    """Offerings of tenant A in two regions, plus some that must not count (draft, inactive, tenant B)."""
    tenant, provider = cast.tenant_a, cast.network_a.organisation
    west, east = cast.region_a, create_region(tenant, "Ost")
    other = create_organisation(tenant, "Jugendberufshilfe Alpha")
    make_offering(
        tenant, provider, "Potenzialanalyse", phases=["orientation"], target_groups=["young_people"],
        places_total=40, regions=[west],
    )  # fmt: skip
    make_offering(
        tenant, other, "Elternabend Berufswahl", phases=["orientation", "school_to_training"],
        target_groups=["parents", "young_people"], places_total=25, regions=[west, east],
    )  # fmt: skip
    make_offering(
        tenant, other, "Sprachkurs", phases=["school_to_training"], target_groups=["newly_arrived"],
        regions=[east],
    )  # fmt: skip
    make_offering(
        tenant, provider, "Ausbildungsbegleitung", phases=["training"], target_groups=["young_people"],
        places_total=12, regions=[east],
    )  # fmt: skip
    make_offering(tenant, provider, "Ohne Zielgruppe", phases=["training"], places_total=99, regions=[west])
    make_offering(
        tenant, provider, "Entwurf", status=Offering.Status.DRAFT, phases=["orientation"],
        target_groups=["young_people"], places_total=500, regions=[west],
    )  # fmt: skip
    make_offering(
        tenant, provider, "Geschlossen", service_status=Offering.ServiceStatus.TEMPORARILY_CLOSED,
        phases=["orientation"], target_groups=["young_people"], places_total=500, regions=[west],
    )  # fmt: skip
    make_offering(
        cast.tenant_b, cast.network_b.organisation, "Fremd", phases=["family_kita"],
        target_groups=["teachers"], places_total=500, regions=[cast.region_b],
    )  # fmt: skip
    return {"west": west, "east": east}


def expected_cells(tenant, region=None) -> dict[tuple[str, str], tuple[int, int | None]]:
    """The matrix computed the slow way: every counted offering, cell by cell, in Python."""
    counted = [
        offering
        for offering in Offering.objects.filter(tenant=tenant).prefetch_related("locations")
        if offering.status == "published"
        and offering.service_status == "active"
        and (region is None or any(location.region_id == region.pk for location in offering.locations.all()))
    ]
    cells = {}
    for phase in Phase.values:
        for group in TargetGroup.values:
            inside = [o for o in counted if phase in o.phases and group in o.target_groups]
            places = [o.places_total for o in inside if o.places_total is not None]
            cells[phase, group] = (len(inside), sum(places) if places else None)
    return cells


def shown_cells(matrix) -> dict[tuple[str, str], tuple[int, int | None]]:
    return {
        (row.code, code): (cell.offerings, cell.places)
        for row in matrix.rows
        for (code, _label), cell in zip(matrix.columns, row.cells, strict=True)
    }


def test_the_matrix_counts_published_active_offerings_and_their_places(client, cast, catalogue):
    client.force_login(cast.coordinator)
    response = client.get(url(cast.tenant_a, "coverage"))
    matrix = response.context["matrix"]
    assert shown_cells(matrix) == expected_cells(cast.tenant_a)
    cell = dict(zip([code for code, _ in matrix.columns], matrix.rows[3].cells, strict=True))  # orientation
    assert (cell["young_people"].offerings, cell["young_people"].places) == (2, 65)
    # The cast's offering (no places) and the parents' evening share a cell: the places are a lower bound.
    school_to_training = dict(zip([c for c, _ in matrix.columns], matrix.rows[4].cells, strict=True))
    assert school_to_training["young_people"].places_partial
    # Margins count an offering once, however many cells it fills.
    orientation = matrix.rows[3]
    assert orientation.code == "orientation" and orientation.total.offerings == 2
    assert matrix.total.offerings == 5 and matrix.unclassified == 1
    page = response.content.decode()
    assert "Entwurf" not in page and "Fremd" not in page
    assert "2 Angebote" in page and "65 Plätze" in page and "mind. 25 Plätze" in page


def test_the_matrix_per_region_counts_offerings_with_a_location_there(client, cast, catalogue):
    client.force_login(cast.steering)
    for region in catalogue.values():
        response = client.get(url(cast.tenant_a, "coverage"), {"region": region.pk})
        assert shown_cells(response.context["matrix"]) == expected_cells(cast.tenant_a, region)
        assert f"Region {region.name}" in response.content.decode()
    east = client.get(url(cast.tenant_a, "coverage"), {"region": catalogue["east"].pk}).context["matrix"]
    assert east.total.offerings == 3
    assert east.rows[4].total.offerings == 2  # school_to_training: parents' evening and language course


def test_empty_cells_say_so_and_look_different(client, cast, catalogue):
    client.force_login(cast.coordinator)
    response = client.get(url(cast.tenant_a, "coverage"))
    matrix = response.context["matrix"]
    empty = sum(1 for count, _places in expected_cells(cast.tenant_a).values() if count == 0)
    assert matrix.empty_cells == empty > 0
    page = response.content.decode()
    marked = '<td class="num coverage-gap"><span class="coverage-gap-label">keine Angebote</span></td>'
    # Every empty cell, plus the margins of phases and target groups without any offering.
    empty_margins = sum(row.total.is_empty for row in matrix.rows) + sum(
        cell.is_empty for cell in matrix.column_totals
    )
    assert page.count(marked) == empty + empty_margins
    assert "offerings/analysis.css" in page
    chart = response.context["chart"]
    shown = [datum for datum in chart["data"]["values"] if datum["display"] == "0"]
    assert len(shown) == empty and all(datum["count"] is None for datum in shown)


def test_a_region_of_another_municipality_is_refused_with_a_message(client, cast, catalogue):
    client.force_login(cast.coordinator)
    response = client.get(url(cast.tenant_a, "coverage"), {"region": cast.region_b.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diese Region gibt es hier nicht." in page
    assert response.context["matrix"].region is None
    assert shown_cells(response.context["matrix"]) == expected_cells(cast.tenant_a)
    assert cast.region_b.name not in page
    response = client.get(url(cast.tenant_a, "coverage"), {"region": "West"})
    assert "Diese Region gibt es hier nicht." in response.content.decode()


def test_the_matrix_is_one_query_however_many_offerings(client, cast, catalogue):
    client.force_login(cast.coordinator)
    client.get(url(cast.tenant_a, "coverage"))  # warm the session

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as context:
            client.get(url(cast.tenant_a, "coverage"), {"region": catalogue["west"].pk})
        return [query["sql"] for query in context.captured_queries]

    pagecache.changed()  # like the second measurement, after writes: the frame (tenant, memberships) loaded afresh
    before = queries()
    for number in range(10):
        make_offering(
            cast.tenant_a, cast.network_a.organisation, f"Mehr {number}", phases=["training"],
            target_groups=["parents"], regions=[catalogue["west"]],
        )  # fmt: skip
    after = queries()
    assert len(after) == len(before)
    assert len([sql for sql in after if '"offerings_offering"' in sql]) == 1


# Likely duplicates -------------------------------------------------------------------------------------


def facts(pk, title, provider, *, phases=(), categories=(), groups=(), regions=()) -> OfferingFacts:
    return OfferingFacts(
        pk=pk,
        title=title,
        provider_id=provider,
        phases=frozenset(phases),
        categories=frozenset(categories),
        target_groups=frozenset(groups),
        regions=frozenset(regions),
    )


PROFILE = {"phases": ["orientation"], "categories": [1], "groups": ["young_people"], "regions": [7]}


def test_offerings_of_different_providers_with_the_same_profile_are_likely_duplicates():
    pairs = find_duplicates(
        [
            facts(1, "Bewerbungstraining", 10, **PROFILE),
            facts(2, "Fit für die Bewerbung", 20, **{**PROFILE, "groups": ["young_people", "parents"]}),
            facts(3, "Berufswahl mit Eltern", 30, **{**PROFILE, "groups": ["parents"]}),  # other group
            facts(4, "Praktikumswoche", 40, **{**PROFILE, "regions": [8]}),  # other region
            facts(5, "Lernhilfe", 50, **{**PROFILE, "categories": [2]}),  # other category
            facts(6, "Schulsozialarbeit", 60, **{**PROFILE, "phases": ["training"]}),  # other phase
        ]
    )
    assert [(pair.first.pk, pair.second.pk) for pair in pairs] == [(1, 2), (2, 3)]
    assert pairs[0].same_profile and pairs[0].title_similarity is None
    assert pairs[0].shared == {
        "phases": {"orientation"},
        "categories": {1},
        "target_groups": {"young_people"},
        "regions": {7},
    }


def test_offerings_for_different_schools_do_not_compete():
    pairs = find_duplicates(
        [
            facts(1, "Schulsozialarbeit an der Realschule", 10, **PROFILE),
            facts(2, "Potenzialanalyse", 20, **PROFILE),
        ]
    )
    assert len(pairs) == 1
    school_a = OfferingFacts(**{**vars(pairs[0].first), "schools": frozenset({100})})
    school_b = OfferingFacts(**{**vars(pairs[0].second), "schools": frozenset({200})})
    assert find_duplicates([school_a, school_b]) == []
    both = OfferingFacts(**{**vars(school_b), "schools": frozenset({100, 200})})
    assert len(find_duplicates([school_a, both])) == 1


def test_the_most_alike_profiles_come_first():
    pairs = find_duplicates(
        [
            facts(1, "Bewerbungstraining", 10, **PROFILE),
            facts(
                2,
                "Berufswahl",
                20,
                **{**PROFILE, "phases": ["orientation", "training"], "groups": ["young_people", "parents"]},
            ),
            facts(3, "Jobstarter", 30, **PROFILE),
        ]
    )
    assert [(pair.first.pk, pair.second.pk, pair.profile_percent) for pair in pairs] == [
        (1, 3, 100),
        (2, 3, 60),  # equally alike: by the first title ("Berufswahl" before "Bewerbungstraining")
        (1, 2, 60),
    ]


def test_broad_offerings_sharing_only_one_of_many_profile_terms_are_not_duplicates():
    broad = {
        "phases": ["orientation", "school_to_training", "training"],
        "categories": [1, 2, 3],
        "groups": ["young_people", "parents"],
        "regions": [7],
    }
    pairs = find_duplicates(
        [facts(1, "Jugendberufsagentur", 10, **broad), facts(2, "Bewerbungstraining", 20, **PROFILE)]
    )
    assert pairs == []  # they share a phase, a category, a group and the region, but 3 of 8 profile terms


def test_the_same_provider_twice_is_not_a_duplicate_by_profile():
    pairs = find_duplicates(
        [facts(1, "Bewerbungstraining Klasse 8", 10, **PROFILE), facts(2, "Praktikumswoche", 10, **PROFILE)]
    )
    assert pairs == []


def test_near_identical_titles_are_found_even_for_the_same_provider():
    pairs = find_duplicates(
        [
            facts(1, "Sprachcafé für junge Neuzugewanderte", 10),
            facts(2, "Sprach-Café für junge Neu-Zugewanderte!", 10),
            facts(3, "Assistierte Ausbildung flexibel", 20),
            facts(4, "Assistierte Ausbildung flex", 30),
            facts(5, "Ausbildungsmesse Musterkreis", 40),
            facts(6, "Bewerbungstraining", 50),
        ]
    )
    by_pair = {(pair.first.pk, pair.second.pk): pair for pair in pairs}
    assert set(by_pair) == {(1, 2), (3, 4)}
    assert by_pair[1, 2].title_percent == 100 and not by_pair[1, 2].same_profile
    assert by_pair[3, 4].title_percent == 92


def test_title_candidates_miss_nothing_the_comparison_of_all_pairs_finds():
    """The trigram prefix filter only saves work: on varied titles it finds what comparing every pair finds."""
    rng = random.Random(4)
    words = [
        "Bewerbungstraining", "Berufsorientierung", "Praktikum", "Ausbildung", "Sprachkurs", "Eltern",
        "Mentoring", "für", "junge", "Menschen", "Mädchen", "Technik", "Werkstatt", "Kompetenz", "Start",
        "Musterstadt", "Westhafen", "Berufseinstieg", "Lernhilfe", "Beratung", "plus", "kompakt", "digital",
    ]  # fmt: skip
    titles = []
    for _ in range(160):
        title = " ".join(rng.sample(words, rng.randint(1, 4)))
        titles.append(title)
        if rng.random() < 0.4:  # a variant: a letter dropped, swapped or added, or a word appended
            position = rng.randrange(len(title))
            titles.append(
                rng.choice(
                    [
                        title[:position] + title[position + 1 :],
                        title[:position] + rng.choice("aeiouäs-") + title[position:],
                        title + " " + rng.choice(["2", "neu", "plus"]),
                        title.upper(),
                    ]
                )
            )
    offerings = [facts(pk, title, pk) for pk, title in enumerate(titles, start=1)]
    found = similar_title_pairs(offerings)
    everything = {}
    keys = {fact.pk: normalise(fact.title) for fact in offerings}
    for a, b in combinations(offerings, 2):
        ratio = analysis.SequenceMatcher(None, keys[a.pk], keys[b.pk], autojunk=False).ratio()
        if ratio >= analysis.TITLE_SIMILARITY and keys[a.pk]:
            everything[a.pk, b.pk] = ratio
    assert len(everything) > 40
    assert found == pytest.approx(everything)


def test_the_duplicates_page_lists_pairs_with_reasons(client, cast):
    tenant, provider = cast.tenant_a, cast.network_a.organisation
    other = create_organisation(tenant, "Jugendwerkstatt Alpha")
    counselling = category("counselling")
    profile = {
        "phases": ["school_to_training"],
        "target_groups": ["young_people"],
        "categories": [counselling],
        "regions": [cast.region_a],
    }
    first = make_offering(tenant, provider, "Beratung zur Berufswahl", **profile)
    second = make_offering(tenant, other, "Jobcoaching Alpha", **profile)
    make_offering(tenant, provider, "Bewerbungstrainings", phases=["training"])  # vs. the cast's title
    make_offering(tenant, other, "Beratung zur Berufswahl (Entwurf)", status=Offering.Status.DRAFT, **profile)
    make_offering(cast.tenant_b, cast.network_b.organisation, "Beratung zur Berufswahl", phases=["training"])
    client.force_login(cast.steering)
    response = client.get(url(tenant, "duplicates"))
    page = response.content.decode()
    pairs = {(pair.first.title, pair.second.title) for pair in response.context["page"]}
    assert pairs == {(first.title, second.title), ("Bewerbungstraining a", "Bewerbungstrainings")}
    assert "gleiche Phase, Kategorie, Zielgruppe und Region" in page
    assert "fast gleicher Titel (94 %)" in page
    assert "Beratung</dd>" in page and "Sek I–Ausbildung</dd>" in page and "West</dd>" in page
    assert "Jugendwerkstatt Alpha" in page and "2 mögliche Dubletten" in page
    assert f'href="/{tenant.slug}/intern/angebote/{first.pk}/"' in page
    assert f'href="/{tenant.slug}/intern/angebote/{second.pk}/"' in page

    titles_only = client.get(url(tenant, "duplicates"), {"grund": "titel"})
    assert [pair.second.title for pair in titles_only.context["page"]] == ["Bewerbungstrainings"]
    refused = client.get(url(tenant, "duplicates"), {"grund": "alles"})
    assert "Bitte wählen Sie einen Hinweis aus der Liste." in refused.content.decode()
    assert refused.context["page"].paginator.count == 2


def test_the_duplicate_check_reads_the_catalogue_in_four_queries(cast, django_assert_num_queries):
    for number in range(30):
        make_offering(
            cast.tenant_a, cast.network_a.organisation, f"Angebot Nummer {number}",
            phases=["orientation"], target_groups=["young_people"], regions=[cast.region_a],
            categories=[category("mentoring")],
        )  # fmt: skip
    with django_assert_num_queries(4):
        facts_of_a = analysis.published_facts(cast.tenant_a)
    assert len(facts_of_a) == 31
    assert all(f.regions == {cast.region_a.pk} for f in facts_of_a if f.title.startswith("Angebot"))


# Funding ending ----------------------------------------------------------------------------------------


def test_the_funding_window_runs_six_months_and_flags_ended_funding(client, cast):
    tenant, provider = cast.tenant_a, cast.network_a.organisation
    today = timezone.localdate()
    window_end = analysis.funding_window_end(today)
    assert (window_end - today).days in range(180, 185)
    ends = {
        "Endet am letzten Tag": window_end,
        "Endet heute": today,
        "Endete gestern": today - timedelta(days=1),
        "Endete vor Jahren": date(2020, 12, 31),
        "Endet einen Tag zu spät": window_end + timedelta(days=1),
    }
    for title, end in ends.items():
        make_offering(
            tenant, provider, title, funding_end=end, funding_start=date(2020, 1, 1),
            programme="ESF Plus Jugend", funding_source="esf_plus", funder_name="Sozialministerium",
            places_total=20, places_free=3,
            legal_sphere="sgb3", legal_basis="§ 48 SGB III",
        )  # fmt: skip
    make_offering(tenant, provider, "Entwurf endet bald", status=Offering.Status.DRAFT, funding_end=today)
    # Careers guidance (§ 29 SGB III) is a statutory service: a date entered by mistake never lists it.
    make_offering(
        tenant, provider, "Berufsberatung endet nie", statutory=True, funding_end=today,
        legal_sphere="sgb3", legal_basis="§ 29 SGB III", funding_source="employment_agency",
    )  # fmt: skip
    make_offering(cast.tenant_b, cast.network_b.organisation, "Fremd endet bald", funding_end=today)
    client.force_login(cast.coordinator)
    response = client.get(url(tenant, "funding_ending"))
    rows = response.context["rows"]
    assert [row.offering.title for row in rows] == [
        "Endete vor Jahren",
        "Endete gestern",
        "Endet heute",
        "Endet am letzten Tag",
    ]
    assert [row.has_ended for row in rows] == [True, True, False, False]
    page = response.content.decode()
    assert page.count('<strong class="flag">beendet</strong>') == 2 and "endet heute" in page
    assert "Endet einen Tag zu spät" not in page and "Fremd" not in page and "Entwurf endet" not in page
    assert "Berufsberatung endet nie" not in page
    assert "ESF Plus: Sozialministerium" in page
    assert "ESF Plus Jugend" in page and "§ 48 SGB III" in page and "SGB III (Arbeitsförderung)" in page
    assert "20 (3)" in page and window_end.strftime("%d.%m.%Y") in page
    assert f'href="/{tenant.slug}/intern/angebote/{rows[0].offering.pk}/"' in page


def test_the_funding_list_downloads_as_csv(client, cast):
    today = timezone.localdate()
    make_offering(
        cast.tenant_a, cast.network_a.organisation, "=Formel statt Titel", funding_end=today + timedelta(days=10),
        programme="Landesprogramm Zukunft", places_total=15,
    )  # fmt: skip
    client.force_login(cast.steering)
    response = client.get(url(cast.tenant_a, "funding_ending_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()
    assert header.startswith("Angebot;Anbieter;Förderung bis;Stand;Förderprogramm")
    assert row.startswith("'=Formel statt Titel;Bildungswerk a;")
    assert "endet in 10 Tagen" in row and "Landesprogramm Zukunft" in row and row.endswith(";15;")
