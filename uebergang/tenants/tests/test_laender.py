"""A municipality picks its Land: its school types and programmes, in forms, codes, imports and the finder."""

from __future__ import annotations

import pytest
from django.utils import translation

from uebergang.lib import laender
from uebergang.monitoring.imports import import_file
from uebergang.monitoring.models import CohortCount, Leaver
from uebergang.monitoring.summaries import refresh_years
from uebergang.network import imports as actor_imports
from uebergang.network.models import Organisation
from uebergang.network.tests.test_import import csv_bytes, row
from uebergang.test import create_organisation

pytestmark = pytest.mark.django_db


def in_land(tenant, land):
    tenant.land = land
    tenant.save(update_fields=["land"])
    return tenant


def test_every_land_names_each_stored_school_type():
    for land, _name in laender.LAENDER:
        for code, _label in Organisation.SchoolType.choices:
            assert laender.school_type_label(land, code)
    with translation.override("de"):
        assert laender.school_type_label("BY", "werkrealschule") == "Mittelschule"
    with translation.override("en"):
        assert laender.school_type_label("BY", "werkrealschule") == "Mittelschule (lower secondary)"
    assert "gemeinschaftsschule" not in dict(laender.school_types("BY"))  # Bavaria has none


def test_the_coordinator_chooses_the_land_in_the_portrait(client, cast):
    client.force_login(cast.coordinator)
    form = client.get("/kreis-a/intern/portraet/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data["land"] = "HE"
    assert client.post("/kreis-a/intern/portraet/", data).status_code == 302
    cast.tenant_a.refresh_from_db()
    assert cast.tenant_a.land == "HE"


def test_kreis_offenbach_sees_inteA_and_bua_not_avdual_and_vabo(client, cast):
    in_land(cast.tenant_a, "HE")
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/monitoring/codes/").content.decode()
    assert "InteA – Integration durch Anschluss und Abschluss" in page and "BÜA" in page
    assert "AVdual" not in page and "VABO" not in page
    assert "Bildungsgänge des Landes Hessen" in page
    client.force_login(cast.coordinator_b)  # tenant B stays in Baden-Württemberg
    page = client.get("/stadt-b/intern/monitoring/codes/").content.decode()
    assert "AVdual – Ausbildungsvorbereitung dual" in page and "InteA" not in page


def test_a_leaver_import_reads_the_lands_programmes_by_their_short_names(cast, tmp_path):
    in_land(cast.tenant_a, "HE")
    create_organisation(
        cast.tenant_a, "Schule", kind=Organisation.Kind.SCHOOL, school_type="realschule", identifier="1"
    )
    path = tmp_path / "abgaenge.csv"
    path.write_text(
        "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss\n"
        "A-1;1;2025;ohne;w;InteA\nA-2;1;2025;HSA;m;BÜA\n",
        encoding="utf-8",
    )
    import_file(tenant=cast.tenant_a, path=path, user=cast.coordinator, source="Schulamt")
    codes = set(Leaver.objects.for_tenant(cast.tenant_a).values_list("actual_destination__code", flat=True))
    assert codes == {"he_intea", "he_bua"}
    assert set(CohortCount.objects.for_tenant(cast.tenant_a).values_list("destination", flat=True)) == {
        "transition"
    }


def test_another_lands_programme_is_not_taken(cast, tmp_path):
    """Kreis A stays in Baden-Württemberg: "InteA" is no code of its Land, so the import asks."""
    from uebergang.monitoring.imports import Report

    create_organisation(
        cast.tenant_a, "Schule", kind=Organisation.Kind.SCHOOL, school_type="realschule", identifier="1"
    )
    path = tmp_path / "abgaenge.csv"
    path.write_text(
        "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss\nA-1;1;2025;ohne;w;InteA\n",
        encoding="utf-8",
    )
    batch = import_file(
        tenant=cast.tenant_a, path=path, user=cast.coordinator, source="Schulamt", dry_run=True
    )
    assert Report.of(batch).unmapped == {"destination": ["InteA"]}


def test_the_actor_form_offers_the_lands_school_types_and_keeps_a_stored_one(client, cast):
    in_land(cast.tenant_a, "BY")
    school = create_organisation(
        cast.tenant_a, "Alte Gesamtschule", kind=Organisation.Kind.SCHOOL, school_type="gemeinschaftsschule"
    )
    client.force_login(cast.coordinator)
    form = client.get("/kreis-a/intern/akteure/neu/").context["form"]
    choices = dict(form.fields["school_type"].choices)
    assert choices["werkrealschule"] == "Mittelschule" and choices["sbbz"] == "Förderzentrum"
    assert "gemeinschaftsschule" not in choices
    form = client.get(f"/kreis-a/intern/akteure/{school.pk}/bearbeiten/").context["form"]
    assert "gemeinschaftsschule" in dict(form.fields["school_type"].choices)


def test_an_actor_import_reads_the_lands_names(cast):
    in_land(cast.tenant_a, "BY")
    data = csv_bytes([row(Name="Mittelschule Nord", Art="Schule", Schulart="Mittelschule")])
    report = actor_imports.analyse(data, "akteure.csv", cast.tenant_a)
    assert not report.problems
    assert report.rows[0].values["school_type"] == "werkrealschule"
    data = csv_bytes([row(Name="Schule X", Art="Schule", Schulart="Raumstation")])
    problem = actor_imports.analyse(data, "akteure.csv", cast.tenant_a).problems[0]
    assert "Mittelschule" in problem.reason and "Werkrealschule" not in problem.reason


def test_the_dashboard_names_school_types_as_the_land_does(client, cast):
    in_land(cast.tenant_a, "NW")
    school = create_organisation(
        cast.tenant_a, "Gesamtschule Mitte", kind=Organisation.Kind.SCHOOL, school_type="gemeinschaftsschule"
    )
    for destination, n in [("dual", 30), ("transition", 20)]:
        CohortCount.objects.create(
            tenant=cast.tenant_a,
            origin=CohortCount.Origin.TABLE,
            leaving_year=2025,
            school=school,
            school_type="gemeinschaftsschule",
            destination=destination,
            count=n,
        )
    refresh_years(cast.tenant_a, [2025])
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/monitoring/").content.decode()
    assert "Gesamtschule / Sekundarschule" in page and ">Gemeinschaftsschule<" not in page


def test_the_finder_asks_with_the_lands_school_types(client, cast):
    in_land(cast.tenant_a, "HE")
    page = client.get("/kreis-a/angebotsfinder/", {"schritt": "2"}).content.decode()
    assert "Integrierte Gesamtschule / Mittelstufenschule" in page and "Werkrealschule" not in page
    page = client.get(
        "/kreis-a/angebotsfinder/", {"schule": "ja", "schulart": "gemeinschaftsschule", "schritt": "ergebnis"}
    ).content.decode()
    assert "Integrierte Gesamtschule / Mittelstufenschule" in page  # the summary of answers


def test_actor_pages_name_the_school_type_as_the_land_does(client, cast):
    in_land(cast.tenant_a, "BY")
    school = create_organisation(
        cast.tenant_a, "Mittelschule Nord", kind=Organisation.Kind.SCHOOL, school_type="werkrealschule"
    )
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/akteure/{school.pk}/").content.decode()
    assert "Schule: Mittelschule" in page and "Werkrealschule" not in page
