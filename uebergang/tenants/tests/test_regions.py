"""Coordinators keep their regions and Gemeinden in the workspace; imports find a region by its Gemeinde."""

from __future__ import annotations

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.monitoring.imports import import_file
from uebergang.monitoring.models import Leaver
from uebergang.network.models import Organisation
from uebergang.tenants.models import Municipality, Region
from uebergang.test import create_organisation

pytestmark = pytest.mark.django_db


def unchanged(form) -> dict:
    data = {name: form[name].value() for name in form.fields}
    return {name: ("" if value is None else value) for name, value in data.items()}


def test_coordinator_creates_a_region_with_gemeinden(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kreis-a/intern/regionen/neu/",
        {
            "name": "Bergstraße",
            "description": "",
            "position": "3",
            "municipalities": "08226096 Schriesheim\nHirschberg\n\n",
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(tenant=cast.tenant_a, name="Bergstraße")
    assert {(m.name, m.key) for m in region.municipalities.all()} == {
        ("Schriesheim", "08226096"),
        ("Hirschberg", ""),
    }
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATED, object_type="tenants.region")
    assert event.data["municipalities"]["added"] == ["Hirschberg", "Schriesheim"]
    page = client.get("/kreis-a/intern/regionen/").content.decode()
    assert "Bergstraße" in page and "Schriesheim" in page
    assert "Nord" not in page  # tenant B's region


def test_an_unchanged_save_writes_nothing(client, cast):
    client.force_login(cast.coordinator)
    region = Region.objects.get(pk=cast.region_of(cast.tenant_a))
    Municipality.objects.create(tenant=cast.tenant_a, region=region, name="Talheim", key="08125098")
    url = f"/kreis-a/intern/regionen/{region.pk}/"
    form = client.get(url).context["form"]
    events = AuditEvent.objects.count()
    response = client.post(url, unchanged(form), follow=True)
    assert "Nichts geändert." in response.content.decode()
    assert AuditEvent.objects.count() == events
    assert set(region.municipalities.values_list("name", "key")) == {
        ("Talheim", "08125098"),
        ("Hügeldorf kreis-a", ""),
    }


def test_gemeinden_are_renamed_rekeyed_and_removed(client, cast):
    client.force_login(cast.coordinator)
    region = Region.objects.get(pk=cast.region_of(cast.tenant_a))
    url = f"/kreis-a/intern/regionen/{region.pk}/"
    data = unchanged(client.get(url).context["form"])
    data["municipalities"] = "12345678 Hügeldorf kreis-a\nNeudorf"
    assert client.post(url, data).status_code == 302
    assert set(region.municipalities.values_list("name", "key")) == {
        ("Hügeldorf kreis-a", "12345678"),
        ("Neudorf", ""),
    }
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED, object_type="tenants.region").get()
    assert event.data["municipalities"] == {
        "added": ["Neudorf"],
        "removed": [],
        "rekeyed": ["Hügeldorf kreis-a"],
    }


@pytest.mark.parametrize(
    "lines, message",
    [
        ("0812 Talheim", "acht Ziffern"),
        ("Talheim\ntalheim", "steht zweimal da"),
    ],
)
def test_bad_gemeinde_lines_are_refused_in_german(client, cast, lines, message):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kreis-a/intern/regionen/neu/",
        {"name": "Neu", "description": "", "position": "0", "municipalities": lines},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Region.objects.filter(tenant=cast.tenant_a, name="Neu").exists()


def test_a_gemeinde_belongs_to_one_region_and_names_are_unique(client, cast):
    client.force_login(cast.coordinator)
    cast.region_of(cast.tenant_a)
    response = client.post(
        "/kreis-a/intern/regionen/neu/",
        {"name": "west", "description": "", "position": "0", "municipalities": "Hügeldorf kreis-a"},
    )
    page = response.content.decode()
    assert "Eine Region mit diesem Namen gibt es schon." in page
    assert "gehört schon zur Region „Bergstraße Nord“" in page
    # The other municipality's Gemeinde of the same name is no obstacle.
    Municipality.objects.create(tenant=cast.tenant_b, region=cast.region_b, name="Talheim")
    response = client.post(
        "/kreis-a/intern/regionen/neu/",
        {"name": "Süd", "description": "", "position": "0", "municipalities": "Talheim"},
    )
    assert response.status_code == 302


def test_a_region_that_figures_name_is_not_removed(client, cast):
    client.force_login(cast.coordinator)
    school = create_organisation(
        cast.tenant_a, "Schule", kind=Organisation.Kind.SCHOOL, school_type="realschule"
    )
    Leaver.objects.create(
        tenant=cast.tenant_a,
        pseudonym="p",
        school=school,
        school_type="realschule",
        leaving_year=2025,
        qualification="msa",
        region=cast.region_a,
    )
    url = f"/kreis-a/intern/regionen/{cast.region_a.pk}/entfernen/"
    page = client.post(url).content.decode()
    assert "kann nicht entfernt werden" in page and "Übergangsmonitorings" in page
    assert Region.objects.filter(pk=cast.region_a.pk).exists()


def test_an_unused_region_is_removed_with_its_gemeinden(client, cast):
    client.force_login(cast.coordinator)
    region_id = cast.region_of(cast.tenant_a)
    url = f"/kreis-a/intern/regionen/{region_id}/entfernen/"
    assert "Endgültig entfernen" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Region.objects.filter(pk=region_id).exists()
    assert not Municipality.objects.filter(region_id=region_id).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED, object_type="tenants.region").exists()


@pytest.mark.parametrize("who", ["partner", "steering", "case_worker", "coordinator_b", "outsider"])
def test_others_cannot_keep_regions(client, cast, who):
    user = getattr(cast, who)
    client.force_login(user)
    region_id = cast.region_of(cast.tenant_a)
    for url in ("/kreis-a/intern/regionen/", f"/kreis-a/intern/regionen/{region_id}/"):
        assert client.get(url).status_code in (403, 404)
    client.post(f"/kreis-a/intern/regionen/{region_id}/entfernen/")
    assert Region.objects.filter(pk=region_id).exists()


def test_leaver_import_finds_the_region_by_gemeinde_name_or_key(cast, tmp_path):
    create_organisation(
        cast.tenant_a,
        "Realschule",
        kind=Organisation.Kind.SCHOOL,
        school_type="realschule",
        identifier="04123",
    )
    region = Region.objects.get(pk=cast.region_of(cast.tenant_a))
    Municipality.objects.create(tenant=cast.tenant_a, region=region, name="Talheim", key="08125098")
    path = tmp_path / "abgaenge.csv"
    path.write_text(
        "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Wohnort;Anschluss\n"
        "A-1;04123;2025;MSA;w;Talheim;dual\n"
        "A-2;04123;2025;MSA;m;08125098;dual\n"
        "A-3;04123;2025;MSA;m;West;dual\n",
        encoding="utf-8",
    )
    import_file(tenant=cast.tenant_a, path=path, user=cast.coordinator, source="Schulamt")
    regions = sorted(Leaver.objects.for_tenant(cast.tenant_a).values_list("region_id", flat=True))
    assert regions == sorted([region.pk, region.pk, cast.region_a.pk])
