"""The demo catalogue of Musterkreis: about 150 fictional offerings that show every page of the catalogue."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from uebergang.accounts.models import Membership
from uebergang.demo import foundation, network, offerings
from uebergang.offerings import analysis
from uebergang.offerings.models import Offering, OfferingLocation, OfferingVersion
from uebergang.tenants.models import Tenant

TODAY = date(2026, 11, 23)


def snapshot():
    return {
        "offerings": sorted(
            Offering.objects.values_list(
                "tenant__slug",
                "provider__name",
                "title",
                "status",
                "phases",
                "target_groups",
                "funding_end",
                "places_total",
                "places_free",
                "last_checked",
                "search_text",
            )
        ),
        "locations": sorted(
            OfferingLocation.objects.values_list(
                "offering__title",
                "street",
                "postcode",
                "city",
                "region__name",
                "latitude",
                "longitude",
                "is_confidential",
            )
        ),
        "versions": sorted(
            OfferingVersion.objects.values_list("offering__title", "number", "status", "author__email")
        ),
        "categories": sorted(
            Offering.categories.through.objects.values_list("offering__title", "category__code")
        ),
    }


@pytest.fixture
def demo(db):
    foundation.load()
    network.load()
    offerings.load(today=TODAY)
    return Tenant.objects.get(slug="musterkreis")


def test_about_150_offerings_from_the_network_spread_over_the_regions(demo):
    catalogue = Offering.objects.for_tenant(demo)
    assert 130 <= catalogue.count() <= 170
    titles = list(catalogue.values_list("title", flat=True))
    assert len(set(titles)) == len(titles)  # several runs of one kind name their town or provider
    assert catalogue.values("provider").distinct().count() >= 30
    statuses = Counter(catalogue.values_list("status", flat=True))
    assert statuses["published"] >= 120 and statuses["draft"] >= 2
    assert statuses["in_review"] >= 1 and statuses["archived"] >= 2
    locations = OfferingLocation.objects.for_tenant(demo)
    assert set(locations.values_list("region__name", flat=True)) == {"West", "Mitte", "Ost"}
    assert all(12345 <= int(code) <= 12399 for code in locations.values_list("postcode", flat=True))
    points = list(locations.values_list("latitude", "longitude"))
    assert None not in {value for point in points for value in point}
    assert len(set(points)) == len(points)  # jittered: no two markers on the same spot
    assert catalogue.exclude(plain_language="").count() >= 20
    assert catalogue.filter(is_free=False).exists() and catalogue.filter(is_free=True).count() > 120
    assert not catalogue.filter(search_text="").exists()
    assert catalogue.filter(legal_basis="§ 48 SGB III").exists()
    assert catalogue.filter(legal_basis="§ 16h SGB II").exists()
    assert catalogue.filter(legal_basis__startswith="§ 13 SGB VIII").exists()


def test_contacts_are_functional_mailboxes_under_example_org(demo):
    for email, url in Offering.objects.for_tenant(demo).values_list("contact_email", "url"):
        assert email.startswith("angebote@") and email.endswith(".example.org")
        assert url == "" or (url.startswith("https://") and ".example.org/" in url)


def test_some_confidential_stale_pending_and_ending(demo):
    published = Offering.objects.for_tenant(demo).published()
    assert OfferingLocation.objects.for_tenant(demo).filter(is_confidential=True).count() >= 2
    assert 10 <= published.stale(TODAY, 12).count() <= 40
    pending = OfferingVersion.objects.for_tenant(demo).pending()
    assert pending.count() == 6
    ending = analysis.funding_ending(demo, TODAY)
    assert sum(not row.has_ended for row in ending) >= 5 and sum(row.has_ended for row in ending) >= 1
    # Every offering has its first version kept.
    assert not Offering.objects.for_tenant(demo).filter(versions__isnull=True).exists()


def test_the_demo_partner_has_a_change_waiting_for_review(demo):
    membership = Membership.objects.get(user__email="partner@musterkreis.example.org", tenant=demo)
    assert membership.organisation.name == "Bildungswerk Musterkreis gGmbH"
    own = OfferingVersion.objects.for_tenant(demo).pending().get(author=membership.user)
    assert own.offering.provider == membership.organisation
    assert own.offering.status == Offering.Status.PUBLISHED
    assert own.data["schedule"] != own.offering.schedule  # the public row keeps the published text


def test_the_analysis_pages_have_gaps_and_overlaps_to_show(demo):
    matrix = analysis.coverage(demo)
    assert 10 <= matrix.empty_cells < 60
    assert matrix.rows[0].total.offerings >= 1  # Familie–KiTa is thin, not empty
    pairs = {(pair.first.title, pair.second.title): pair for pair in analysis.likely_duplicates(demo)}
    training = pairs[
        "Bewerbungstraining kompakt – Bildungswerk", "Bewerbungstraining kompakt – Jugendberufshilfe"
    ]
    assert training.same_profile and training.profile_percent == 100
    cafe = pairs["Sprachcafé für neu zugewanderte Jugendliche", "Sprachcafe für neu zugewanderte Jugendliche"]
    assert cafe.title_percent >= 95 and cafe.first.provider_id != cafe.second.provider_id
    assert pairs["Assistierte Ausbildung flexibel", "Assistierte Ausbildung flex"].title_percent == 92


def test_a_second_run_changes_nothing(demo):
    first = snapshot()
    offerings.load(today=TODAY + timedelta(days=3))
    assert snapshot() == first


def test_the_catalogue_is_the_same_on_every_run(demo):
    first = snapshot()
    Offering.objects.all().delete()
    offerings.load(today=TODAY)
    assert snapshot() == first


def test_the_demo_command_loads_the_catalogue(db):
    from django.core.management import call_command

    call_command("demo_data")
    assert Offering.objects.filter(tenant__slug="musterkreis").count() >= 130
