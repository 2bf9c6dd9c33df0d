"""The HSDS 3.0 API per municipality: schema-valid output, paging, filters, and nothing that is not public."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from uebergang.offerings import hsds
from uebergang.offerings.models import Category, Offering, OfferingLocation
from uebergang.offerings.search import refresh_search_text
from uebergang.test import create_organisation, mentions

from .hsds_schemas import assert_valid, assert_valid_page

CONFIDENTIAL_LATITUDE = 49.123456


@pytest.fixture
def rich(cast):
    """A's published offering with every field of the profile filled in, and a school it serves."""
    offering = cast.offerings_a.published
    school = create_organisation(
        cast.tenant_a, "Realschule Musterstadt", kind="school", school_type="realschule"
    )
    Offering.objects.filter(pk=offering.pk).update(
        description="Wir üben Anschreiben und Vorstellungsgespräche.",
        plain_language="Wir helfen dir bei der Bewerbung.",
        school_types=["realschule", "werkrealschule"],
        min_grade=8,
        max_grade=10,
        qualifications=["first", "intermediate"],
        legal_sphere="sgb3",
        legal_basis="§ 48 SGB III",
        funding_source="employment_agency",
        funder_name="Agentur für Arbeit Musterstadt",
        programme="Berufsorientierungsmaßnahmen",
        funding_start=date(2026, 1, 1),
        funding_end=date(2027, 7, 31),
        funding_amount=Decimal("120000.00"),
        places_total=20,
        places_free=0,
        places_updated_at=date(2026, 10, 1),
        schedule="dienstags 15–17 Uhr",
        is_free=False,
        cost_amount=Decimal("15.00"),
        cost_description="Materialkosten",
        languages=["de", "tr", "easy"],
        accessibility="Aufzug vorhanden",
        how_to_apply="Anruf genügt.",
        url="https://bewerbung.example.org/",
        contact_name="Team Bewerbung",
        contact_email="bewerbung@example.org",
        contact_phone="06201 12345",
    )
    offering.refresh_from_db()
    offering.schools_served.add(school)
    offering.categories.add(Category.objects.get(tenant=None, code="application_training"))
    OfferingLocation.objects.filter(offering=offering, is_confidential=False).update(
        region=cast.region_a, latitude=49.55, longitude=8.66, accessibility="ebenerdig"
    )
    OfferingLocation.objects.filter(offering=offering, is_confidential=True).update(
        region=cast.region_a, latitude=CONFIDENTIAL_LATITUDE, longitude=8.7
    )
    refresh_search_text(offering)
    return offering


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_root_names_version_profile_and_openapi_document(client, cast):
    info = get(client, "/api/hsds/kreis-a/")
    assert info["version"] == "3.0"
    assert info["name"] == "Kreis Alpha"
    assert info["profile"] == "http://testserver/api/hsds/profile"
    assert info["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    profile = client.get("/api/hsds/profile")
    assert profile["Content-Type"].startswith("text/markdown")
    assert "Übergang German youth profile" in profile.content.decode()


def test_every_endpoint_validates_against_the_hsds_schemas(client, rich):
    base = "/api/hsds/kreis-a"
    assert_valid_page("service.json", get(client, f"{base}/services"))
    full = get(client, f"{base}/services", full="true")
    assert_valid_page("service.json", full)
    service = get(client, f"{base}/services/{rich.hsds_id}")
    assert_valid("service.json", service)
    assert full["contents"] == [service]
    assert_valid_page("organization.json", get(client, f"{base}/organizations"))
    assert_valid_page("organization.json", get(client, f"{base}/organizations", full="true"))
    assert_valid("organization.json", get(client, f"{base}/organizations/{rich.provider.hsds_id}"))
    assert_valid_page("taxonomy.json", get(client, f"{base}/taxonomies"))
    assert_valid_page("taxonomy_term.json", get(client, f"{base}/taxonomy_terms", per_page=500))


def test_a_service_carries_the_german_youth_profile(client, rich):
    service = get(client, f"/api/hsds/kreis-a/services/{rich.hsds_id}")
    assert service["name"] == "Bewerbungstraining a"
    assert service["description"] == "Wir üben Anschreiben und Vorstellungsgespräche."
    assert service["organization"]["name"] == "Bildungswerk a"
    assert (service["minimum_age"], service["maximum_age"]) == (14, 20)
    assert service["assured_date"] == rich.last_checked.isoformat()
    assert service["alert"] == "Zurzeit sind keine Plätze frei."
    assert "Klasse 8 bis 10" in service["eligibility_description"]
    assert "Realschule" in service["eligibility_description"]
    assert service["schedules"][0]["description"] == "dienstags 15–17 Uhr"
    assert service["cost_options"][0] | {"id": None} == {
        "id": None,
        "service_id": str(rich.hsds_id),
        "option": "kostenpflichtig",
        "amount": 15.0,
        "currency": "EUR",
        "amount_description": "Materialkosten",
    }
    assert service["funding"][0]["source"] == "Bundesagentur/Jobcenter: Agentur für Arbeit Musterstadt"
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("de", "Deutsch"),
        ("tr", "Türkisch"),
        ("de", "Leichte Sprache"),
    ]
    assert service["contacts"][0]["phones"][0]["number"] == "06201 12345"
    assert service["service_areas"][0]["name"] == "West"

    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]): a.get("value")
        for a in service["attributes"]
    }
    assert terms[("Kategorie", "application_training")] is None
    assert terms[("Phase der Bildungskette", "school_to_training")] is None
    assert terms[("Zielgruppe", "young_people")] is None
    assert terms[("Schulart", "realschule")] is None
    assert terms[("Rechtskreis", "sgb3")] is None
    assert terms[("Mittelgeber", "employment_agency")] is None
    assert ("Übergang-Profil", "statutory") not in terms  # funded for a period, not a Regelleistung
    assert terms[("Übergang-Profil", "plain_language")] == "Wir helfen dir bei der Bewerbung."
    assert terms[("Übergang-Profil", "legal_basis")] == "§ 48 SGB III"
    assert terms[("Übergang-Profil", "programme")] == "Berufsorientierungsmaßnahmen"
    assert terms[("Übergang-Profil", "places_total")] == "20"
    assert terms[("Übergang-Profil", "funding_end")] == "2027-07-31"
    assert terms[("Übergang-Profil", "school_served")] == "Realschule Musterstadt"
    # Every attribute's term is one the taxonomy_terms endpoint lists.
    listed = {t["id"] for t in get(client, "/api/hsds/kreis-a/taxonomy_terms", per_page=500)["contents"]}
    assert {a["taxonomy_term_id"] for a in service["attributes"]} <= listed
    # The funding amount is internal.
    assert not mentions(json.dumps(service), "120000")


def test_confidential_locations_show_only_the_town(client, cast, rich):
    confidential = rich.locations.get(is_confidential=True)
    answers = [
        client.get(f"/api/hsds/kreis-a/services/{rich.hsds_id}").content.decode(),
        client.get("/api/hsds/kreis-a/services", {"full": "true"}).content.decode(),
        client.get("/api/hsds/kreis-a/services", {"search": "Musterstadt"}).content.decode(),
        client.get(f"/api/hsds/kreis-a/organizations/{rich.provider.hsds_id}").content.decode(),
    ]
    for text in answers:
        assert cast.offerings_a.confidential_street not in text
        assert not mentions(text, "12347")
        assert str(CONFIDENTIAL_LATITUDE) not in text
    locations = {
        sal["location"]["id"]: sal["location"] for sal in json.loads(answers[0])["service_at_locations"]
    }
    hidden = locations[str(confidential.hsds_id)]
    assert hidden["name"] == "Musterstadt"
    assert "addresses" not in hidden and "latitude" not in hidden and "longitude" not in hidden
    assert hidden["attributes"][0]["taxonomy_term"]["code"] == "address_confidential"
    public = next(location for key, location in locations.items() if key != str(confidential.hsds_id))
    assert public["addresses"][0]["address_1"] == "Marktplatz 1"
    assert public["latitude"] == 49.55


def test_drafts_and_other_municipalities_stay_out(client, cast):
    services = get(client, "/api/hsds/kreis-a/services", full="true")
    assert [s["id"] for s in services["contents"]] == [str(cast.offerings_a.published.hsds_id)]
    text = json.dumps(services)
    assert cast.offerings_a.draft.title not in text
    assert cast.offerings_b.published.title not in text
    for path in (
        f"services/{cast.offerings_a.draft.hsds_id}",
        f"services/{cast.offerings_b.published.hsds_id}",
        f"organizations/{cast.network_b.organisation.hsds_id}",
        f"services/{uuid.uuid4()}",
    ):
        assert get(client, f"/api/hsds/kreis-a/{path}", status=404) == {"detail": "Nicht gefunden."}
    terms = json.dumps(get(client, "/api/hsds/kreis-a/taxonomy_terms", per_page=500))
    assert "Eigene Kategorie a" in terms and "Eigene Kategorie b" not in terms
    organizations = json.dumps(get(client, "/api/hsds/kreis-a/organizations"))
    assert "Bildungswerk a" in organizations and "Bildungswerk b" not in organizations


def test_unknown_or_inactive_municipality_and_malformed_ids_are_404(client, cast):
    cast.tenant_b.is_active = False
    cast.tenant_b.save(update_fields=["is_active"])
    for url in (
        "/api/hsds/gibt-es-nicht/services",
        "/api/hsds/stadt-b/services",
        "/api/hsds/kreis-a/services/keine-uuid",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Nicht gefunden."}


def test_the_organisation_lists_its_published_services_and_public_contacts_only(client, cast):
    organization = get(client, f"/api/hsds/kreis-a/organizations/{cast.network_a.organisation.hsds_id}")
    assert organization["services"] == [
        {"id": str(cast.offerings_a.published.hsds_id), "name": "Bewerbungstraining a"}
    ]
    names = [contact["name"] for contact in organization["contacts"]]
    assert names == [cast.network_a.contact.name]
    assert cast.network_a.private_contact.email not in json.dumps(organization)


@pytest.fixture
def five_more(cast):
    """Five more published offerings of A (titles A-Angebot 1…5), the third by another provider."""
    other = create_organisation(cast.tenant_a, "Jugendhilfe Nord", kind="youth_vocational_aid")
    refresh_search_text(cast.offerings_a.published)
    offerings = []
    for number in range(1, 6):
        offering = Offering.objects.create(
            tenant=cast.tenant_a,
            provider=other if number == 3 else cast.network_a.organisation,
            status=Offering.Status.PUBLISHED,
            published_at=timezone.now(),
            title=f"A-Angebot {number}",
            short_description="Lernförderung am Nachmittag" if number == 2 else "Beratung",
            phases=["orientation"] if number <= 2 else ["training"],
        )
        refresh_search_text(offering)
        offerings.append(offering)
    return offerings


def test_paging_follows_the_hsds_page_envelope(client, cast, five_more):
    first = get(client, "/api/hsds/kreis-a/services", per_page=2)
    assert first | {"contents": None} == {
        "total_items": 6,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
        "contents": None,
    }
    assert [s["name"] for s in first["contents"]] == ["A-Angebot 1", "A-Angebot 2"]
    last = get(client, "/api/hsds/kreis-a/services", per_page=2, page=3)
    assert [s["name"] for s in last["contents"]] == ["A-Angebot 5", "Bewerbungstraining a"]
    assert (last["first_page"], last["last_page"], last["size"]) == (False, True, 2)
    beyond = get(client, "/api/hsds/kreis-a/services", per_page=2, page=9)
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])
    assert_valid_page("service.json", beyond)
    for params in ({"page": 0}, {"per_page": 0}, {"per_page": 501}, {"page": "zwei"}):
        error = get(client, "/api/hsds/kreis-a/services", status=400, **params)
        assert error["detail"][0]["loc"] == ["query", next(iter(params))]


def test_filter_by_search_uses_the_catalogue_search(client, cast, five_more):
    found = get(client, "/api/hsds/kreis-a/services", search="Lernförderung")
    assert [s["name"] for s in found["contents"]] == ["A-Angebot 2"]
    assert get(client, "/api/hsds/kreis-a/services", search="Bewerbung")["total_items"] == 1
    assert get(client, "/api/hsds/kreis-a/services", search="Quantenphysik")["empty"] is True


def test_filter_by_taxonomy_term(client, cast, five_more):
    phase = hsds.VOCABULARY["phase"].term_id("orientation")
    found = get(client, "/api/hsds/kreis-a/services", taxonomy_term_id=phase)
    assert [s["name"] for s in found["contents"]] == ["A-Angebot 1", "A-Angebot 2"]
    category = str(cast.offerings_a.category.hsds_id)
    found = get(client, "/api/hsds/kreis-a/services", taxonomy_term_id=category)
    assert [s["name"] for s in found["contents"]] == ["Bewerbungstraining a"]
    # B's category is no term of A: nothing matches.
    other = str(cast.offerings_b.category.hsds_id)
    assert get(client, "/api/hsds/kreis-a/services", taxonomy_term_id=other)["total_items"] == 0
    error = get(client, "/api/hsds/kreis-a/services", status=400, taxonomy_term_id="phase")
    assert error["detail"][0]["loc"] == ["query", "taxonomy_term_id"]


def test_filter_by_organization(client, cast, five_more):
    provider = five_more[2].provider
    found = get(client, "/api/hsds/kreis-a/services", organization_id=str(provider.hsds_id))
    assert [s["name"] for s in found["contents"]] == ["A-Angebot 3"]
    foreign = str(cast.network_b.organisation.hsds_id)
    assert get(client, "/api/hsds/kreis-a/services", organization_id=foreign)["total_items"] == 0


def test_filter_by_modification_time(client, cast, five_more):
    Offering.objects.filter(pk=cast.offerings_a.published.pk).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()
    recent = get(client, "/api/hsds/kreis-a/services", modified_after=week_ago)
    assert "Bewerbungstraining a" not in [s["name"] for s in recent["contents"]]
    assert recent["total_items"] == 5
    day = (timezone.localdate() - timedelta(days=60)).isoformat()
    assert get(client, "/api/hsds/kreis-a/services", modified_after=day)["total_items"] == 6
    error = get(client, "/api/hsds/kreis-a/services", status=400, modified_after="letzte Woche")
    assert error["detail"][0]["loc"] == ["query", "modified_after"]
    assert "ISO-8601" in error["detail"][0]["msg"]


def test_taxonomy_terms_filter_by_taxonomy_and_search(client, cast):
    phase = hsds.VOCABULARY["phase"]
    terms = get(client, "/api/hsds/kreis-a/taxonomy_terms", taxonomy_id=phase.id)
    assert [t["code"] for t in terms["contents"]] == [
        "family_kita",
        "kita_primary",
        "primary_secondary",
        "orientation",
        "school_to_training",
        "training",
        "requalification",
    ]
    found = get(client, "/api/hsds/kreis-a/taxonomy_terms", search="eigene")
    assert [t["name"] for t in found["contents"]] == ["Eigene Kategorie a"]
    found = get(client, "/api/hsds/kreis-a/taxonomies", search="rechtskreis")
    assert [t["id"] for t in found["contents"]] == [hsds.VOCABULARY["legal_sphere"].id]


def test_ids_are_stable_between_requests(client, rich):
    url = f"/api/hsds/kreis-a/services/{rich.hsds_id}"
    assert client.get(url).json() == client.get(url).json()


def test_the_services_list_needs_few_queries(client, cast, five_more, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        get(client, "/api/hsds/kreis-a/services", full="true")


def test_the_hsds_openapi_document_and_docs_load(client, db):
    document = get(client, "/api/hsds/openapi.json")
    assert document["info"]["title"] == "Übergang HSDS API"
    paths = set(document["paths"])
    assert {
        "/api/hsds/{tenant}/",
        "/api/hsds/{tenant}/services",
        "/api/hsds/{tenant}/services/{service_id}",
        "/api/hsds/{tenant}/organizations",
        "/api/hsds/{tenant}/organizations/{organization_id}",
        "/api/hsds/{tenant}/taxonomies",
        "/api/hsds/{tenant}/taxonomy_terms",
    } <= paths
    parameters = {p["name"] for p in document["paths"]["/api/hsds/{tenant}/services"]["get"]["parameters"]}
    assert {
        "page",
        "per_page",
        "search",
        "taxonomy_term_id",
        "organization_id",
        "modified_after",
    } <= parameters
    assert client.get("/api/hsds/docs").status_code == 200


def test_the_profile_document_lists_every_taxonomy_and_profile_term():
    from django.conf import settings

    document = (settings.BASE_DIR / "docs" / "hsds-profile.md").read_text(encoding="utf-8")
    for taxonomy in hsds.taxonomies():
        assert taxonomy["id"] in document, taxonomy["name"]
    for code, _label in hsds.PROFILE_TERMS:
        assert f"`{code}`" in document, code
