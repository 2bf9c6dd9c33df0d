"""Versions: a snapshot applied to an offering writes exactly that state and keeps location identity."""

from __future__ import annotations

import pytest

from uebergang.offerings import versions
from uebergang.offerings.models import OfferingVersion

pytestmark = pytest.mark.django_db


def test_applying_a_snapshot_updates_locations_in_place_and_keeps_their_hsds_ids(cast):
    offering = cast.offerings_a.published
    before = {str(location.hsds_id): location.city for location in offering.locations.all()}
    data = versions.snapshot(offering)
    data["title"] = "Bewerbungstraining kompakt"
    data["locations"][0]["city"] = "Neustadt"
    del data["locations"][1]  # removed
    data["locations"].append({"city": "Altdorf", "postcode": "12349"})  # new, without an id

    versions.apply(offering, data)

    offering.refresh_from_db()
    after = {str(location.hsds_id): location.city for location in offering.locations.all()}
    kept_id = data["locations"][0]["id"]
    assert offering.title == "Bewerbungstraining kompakt"
    assert after[kept_id] == "Neustadt"
    assert len(after) == 2 and "Altdorf" in after.values()
    assert set(after) & set(before) == {kept_id}
    assert "neustadt" in offering.search_text


def test_an_id_of_another_offerings_location_creates_a_new_location_instead_of_moving_it(cast):
    mine, theirs = cast.offerings_a.published, cast.offerings_b.published
    foreign = theirs.locations.first()
    data = versions.snapshot(mine)
    data["locations"] = [{"id": str(foreign.hsds_id), "city": "Übernahmeversuch"}]

    versions.apply(mine, data)

    foreign.refresh_from_db()
    assert foreign.offering == theirs and foreign.city != "Übernahmeversuch"
    assert mine.locations.get().hsds_id != foreign.hsds_id


def test_compare_lists_exactly_the_changed_fields_and_numbers_count_up(cast):
    offering = cast.offerings_a.published
    old = versions.snapshot(offering)
    new = dict(old, title="Neuer Titel", phases=["orientation"])
    changes = versions.compare(old, new)
    assert [change.field for change in changes] == ["title", "phases"]
    first = versions.record_version(
        offering, old, status=OfferingVersion.Status.SAVED, author=cast.coordinator
    )
    second = versions.record_version(
        offering, new, status=OfferingVersion.Status.SAVED, author=cast.coordinator
    )
    assert second.number == first.number + 1
