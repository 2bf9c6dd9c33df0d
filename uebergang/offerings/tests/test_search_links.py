"""What an offering keeps on its row for the search — the category and region ids of the facet counts
(`search_category_ids`, `search_region_ids`) and the places of the radius search (`search_points`,
`search_areas`) — follows every way an offering changes: an edit (`versions.apply`), an approved change,
an import; migration 0005 fills them for existing rows."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from uebergang.offerings import versions
from uebergang.offerings.models import Category, Offering
from uebergang.offerings.search import SearchQuery, search
from uebergang.tenants.models import Region

from .test_imports import CONFIRM, GOOD_ROWS, coordinator, csv_bytes, imported, upload  # noqa: F401
from .test_review import fresh, version_url  # noqa: F401
from .test_workspace import current_locations, edit_url, login, offering_post


def stored(offering: Offering) -> tuple[list[int], list[int]]:
    row = Offering.objects.values_list("search_category_ids", "search_region_ids").get(pk=offering.pk)
    return sorted(row[0]), sorted(row[1])


def linked(offering: Offering) -> tuple[list[int], list[int]]:
    """What the link tables say (the truth the stored ids must match)."""
    categories = sorted(set(offering.categories.values_list("pk", flat=True)))
    regions = sorted(set(offering.locations.exclude(region=None).values_list("region_id", flat=True)))
    return categories, regions


def stored_places(offering: Offering) -> tuple[list, list]:
    return tuple(Offering.objects.values_list("search_points", "search_areas").get(pk=offering.pk))


def located(offering: Offering) -> tuple[list, list]:
    """What the locations say: public coordinates; postcode areas only without a public location."""
    public = offering.locations.filter(is_confidential=False)
    points = sorted(
        [lat, lon] for lat, lon in public.exclude(latitude=None).values_list("latitude", "longitude")
    )
    postcodes = offering.locations.filter(is_confidential=True).values_list("postcode", flat=True)
    areas = [] if public.exists() else sorted({postcode[:3] for postcode in postcodes if postcode})
    return points, areas


def in_sync(offering: Offering) -> bool:
    return stored(offering) == linked(offering) and stored_places(offering) == located(offering)


def counts(tenant, name: str) -> dict[str, int]:
    facet = next(f for f in search(tenant, SearchQuery()).facets if f.name == name)
    return {value.code: value.count for value in facet.values}


@pytest.fixture
def east(cast):
    return Region.objects.create(tenant=cast.tenant_a, name="Ost")


def test_the_cast_offerings_carry_their_links(cast):
    published = cast.offerings_a.published
    assert in_sync(published)
    assert cast.offerings_a.category.pk in stored(published)[0]
    assert stored_places(published)[1] == []  # it has a public location: no postcode area stands in


def test_places_follow_an_edit_and_a_confidential_position_never_becomes_a_point(cast):
    offering = cast.offerings_a.published
    data = versions.snapshot(offering)
    for row in data["locations"]:
        row.update(is_confidential=True, latitude=49.5, longitude=8.6, postcode="69469")
    versions.apply(offering, data)
    assert stored_places(offering) == located(offering) == ([], ["694"])

    data = versions.snapshot(offering)
    data["locations"][0].update(is_confidential=False)
    versions.apply(offering, data)
    assert stored_places(offering) == located(offering) == ([[49.5, 8.6]], [])


def test_an_edit_rewrites_the_ids_and_the_counts_follow(cast, east):
    offering = cast.offerings_a.published
    counselling = Category.objects.get(tenant=None, code="counselling")
    data = versions.snapshot(offering)
    data["categories"] = ["counselling"]
    data["locations"] = [{**data["locations"][0], "region": east.pk}]
    versions.apply(offering, data)

    assert stored(offering) == linked(offering) == ([counselling.pk], [east.pk])
    assert in_sync(offering)
    assert counts(cast.tenant_a, "categories")["counselling"] == 1
    assert counts(cast.tenant_a, "categories")[cast.offerings_a.category.code] == 0
    assert counts(cast.tenant_a, "regions")[str(east.pk)] == 1
    assert search(cast.tenant_a, SearchQuery(regions=[east.pk])).total == 1
    assert search(cast.tenant_a, SearchQuery(categories=[cast.offerings_a.category.code])).total == 0


def test_an_approved_change_rewrites_the_ids(client, cast, fresh, east):  # noqa: F811
    counselling = Category.objects.get(tenant=None, code="counselling")
    places = [{**row, "region": str(east.pk)} for row in current_locations(fresh)]
    login(client, cast, "partner")
    data = offering_post(
        cast.network_a.organisation,
        locations=places,
        initial_locations=len(places),
        categories=[str(counselling.pk)],
    )
    response = client.post(edit_url(fresh), data)
    assert response.status_code == 302
    assert east.pk not in stored(fresh)[1]  # waiting for review: the public row is unchanged

    pending = fresh.versions.get(status="in_review")
    login(client, cast, "coordinator")
    assert client.post(version_url(pending), {"action": "approve"}).status_code == 302
    assert stored(fresh) == linked(fresh) == ([counselling.pk], [east.pk])
    assert in_sync(fresh)
    assert search(cast.tenant_a, SearchQuery(categories=["counselling"], regions=[east.pk])).total == 1


def test_an_import_writes_the_ids(coordinator, cast):  # noqa: F811
    upload(coordinator, csv_bytes(GOOD_ROWS))
    coordinator.post(CONFIRM, {"umfang": "alles", "veroeffentlichen": "1"})
    written = {offering.title: offering for offering in imported(cast)}
    assert len(written) == 3
    for offering in written.values():
        assert in_sync(offering)
    assert stored_places(written["Schutzraum"]) == ([], ["123"])  # located only confidentially
    categories, regions = stored(written["Berufsorientierung Süd"])
    assert len(categories) == 2 and regions == [cast.region_a.pk]
    assert search(cast.tenant_a, SearchQuery(regions=[cast.region_a.pk])).total >= 1


def test_the_migration_fills_the_ids_of_existing_offerings(cast):
    Offering.objects.update(search_category_ids=[], search_region_ids=[], search_points=[], search_areas=[])
    migration = importlib.import_module("uebergang.offerings.migrations.0005_search_link_ids")
    migration.backfill(apps, None)
    for offering in Offering.objects.all():
        assert in_sync(offering)
    assert stored(cast.offerings_a.published)[0]
