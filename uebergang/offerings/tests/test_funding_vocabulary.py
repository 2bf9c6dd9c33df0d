"""Rechtskreis and Mittelgeber apart: how stored offerings are carried over (migration 0008), and how
the importer reads former funding-like Rechtskreise."""

from __future__ import annotations

import importlib

import pytest

from uebergang.lib.tabular import normalise
from uebergang.network.imports import FORMER_SPHERE_NAMES, funding_source_lookup, legal_sphere_lookup
from uebergang.network.models import FundingSource, LegalSphere
from uebergang.offerings.models import Offering

migration = importlib.import_module(
    "uebergang.offerings.migrations.0008_offering_funder_name_offering_statutory_and_more"
)


@pytest.mark.parametrize(
    "old, new",
    [
        # A Landesprogramm becomes the Land as funding source; the Rechtskreis comes from the legal basis.
        (
            {"legal_sphere": "state", "legal_basis": "§ 13 SGB VIII", "funder_name": "Land"},
            {"legal_sphere": "sgb8", "funding_source": "state", "funder_name": "", "statutory": False},
        ),
        # "Bund/ESF" without a legal basis: ESF Plus pays, the Rechtskreis stays open; a real name stays.
        (
            {
                "legal_sphere": "federal_esf",
                "legal_basis": "",
                "funder_name": "Bundesministerium und ESF Plus",
            },
            {
                "legal_sphere": "",
                "funding_source": "esf_plus",
                "funder_name": "Bundesministerium und ESF Plus",
            },
        ),
        (
            {"legal_sphere": "foundation", "legal_basis": "", "funder_name": "Bürgerstiftung Flussheim"},
            {"legal_sphere": "", "funding_source": "foundation", "funder_name": "Bürgerstiftung Flussheim"},
        ),
        (
            {
                "legal_sphere": "municipal",
                "legal_basis": "freiwillige Leistung",
                "funder_name": "Landkreis X",
            },
            {"legal_sphere": "", "funding_source": "municipal", "funder_name": "Landkreis X"},
        ),
        # SGB III with the Agentur as funder; careers guidance (§ 29 SGB III) is a statutory service.
        (
            {
                "legal_sphere": "sgb3",
                "legal_basis": "§ 29 SGB III",
                "funder_name": "Agentur für Arbeit Musterstadt",
            },
            {"legal_sphere": "sgb3", "funding_source": "employment_agency", "statutory": True},
        ),
        # EQ (§ 54a SGB III) too; a BvB (§ 51 SGB III) is procured for a period and is not.
        ({"legal_sphere": "sgb3", "legal_basis": "§ 54a SGB III", "funder_name": ""}, {"statutory": True}),
        ({"legal_sphere": "sgb3", "legal_basis": "§ 51 SGB III", "funder_name": ""}, {"statutory": False}),
        # No funder named, SGB II: the Jobcenter pays.
        (
            {"legal_sphere": "sgb2", "legal_basis": "§ 16h SGB II", "funder_name": ""},
            {"funding_source": "employment_agency"},
        ),
        # A funder's name tells the funding source.
        (
            {"legal_sphere": "sgb8", "legal_basis": "", "funder_name": "Stiftung Zukunft"},
            {"legal_sphere": "sgb8", "funding_source": "foundation", "funder_name": "Stiftung Zukunft"},
        ),
        (
            {"legal_sphere": "", "legal_basis": "", "funder_name": "IHK Musterregion"},
            {"funding_source": "business"},
        ),
        (
            {"legal_sphere": "", "legal_basis": "", "funder_name": ""},
            {"legal_sphere": "", "funding_source": ""},
        ),
    ],
)
def test_stored_values_keep_their_meaning(old, new):
    converted = migration._converted(old)
    assert {name: converted[name] for name in new} == new
    assert converted["legal_sphere"] in {"", *LegalSphere.values}
    assert converted["funding_source"] in {"", *FundingSource.values}


def test_the_migration_vocabularies_match_the_models():
    assert [(code, str(label)) for code, label in FundingSource.choices] == migration.FUNDING


@pytest.mark.parametrize(
    "text, source",
    [
        ("Landesprogramm", "state"),
        ("kommunal", "municipal"),
        ("Bund/ESF", "esf_plus"),
        ("Stiftung", "foundation"),
    ],
)
def test_a_former_funding_like_rechtskreis_is_read_as_the_funding_source(text, source):
    assert normalise(text) in FORMER_SPHERE_NAMES
    assert normalise(text) not in legal_sphere_lookup()
    assert funding_source_lookup()[normalise(text)] == source


def test_the_legal_spheres_are_legal_bases_only():
    lookup = legal_sphere_lookup()
    assert lookup[normalise("SGB IX")] == "sgb9" and lookup[normalise("SGB 9")] == "sgb9"
    assert lookup[normalise("AufenthG")] == "aufenthg" and lookup[normalise("Schulrecht")] == "school"
    assert funding_source_lookup()[normalise("Agentur für Arbeit")] == "employment_agency"


def test_the_public_search_offers_legal_sphere_and_funding_source_apart(client, cast):
    published = cast.offerings_a.published
    Offering.objects.filter(pk=published.pk).update(legal_sphere="sgb3", funding_source="state")
    page = client.get(f"/{cast.tenant_a.slug}/angebote/").content.decode()
    assert "<legend>Rechtskreis</legend>" in page and "<legend>Mittelgeber</legend>" in page
    assert 'name="funding_sources" value="state"' in page and 'name="legal_spheres" value="sgb3"' in page
    narrowed = client.get(f"/{cast.tenant_a.slug}/angebote/", {"funding_sources": "esf_plus"})
    assert narrowed.status_code == 200 and narrowed.context["result"].total == 0
