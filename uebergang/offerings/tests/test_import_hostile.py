"""Hostile and oversized files at the offering import: refused with a German message, never a 500, nothing
kept; tenant B's coordinator and an outsider cannot even upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.lib.tests.workbooks import climbing, far_apart, with_entities, zip_bomb
from uebergang.offerings.models import Offering

IMPORT = "/kreis-a/intern/angebote/import/"
CONFIRM = IMPORT + "bestaetigen/"
TITLES = ("Titel", "Anbieter", "Kurzbeschreibung")


def upload(client, data: bytes, name: str = "angebote.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def offerings(cast) -> int:
    return Offering.objects.for_tenant(cast.tenant_a).count()


@pytest.mark.parametrize(
    "build, message",
    [
        (with_entities, "XML-Entitäten"),
        (far_apart, "Die Tabelle ist zu groß"),
        (zip_bomb, "komprimiert"),
        (climbing, "ungültigen Pfad"),
    ],
)
def test_a_hostile_workbook_is_refused_with_a_message(client, cast, build, message):
    before = offerings(cast)
    client.force_login(cast.coordinator)
    response = upload(client, build(*TITLES))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei kann nicht importiert werden" in page and message in page
    assert client.post(CONFIRM, {"umfang": "alles"}).status_code == 302
    assert offerings(cast) == before


def test_an_upload_over_the_site_limit_is_refused(client, cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(cast.coordinator)
    response = upload(client, b"Titel;Anbieter\n" + b"Kurs;Anbieter A\n" * 200_000, "angebote.csv")
    assert "Die Datei ist zu groß: höchstens 1 MB" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("who", ["coordinator_b", "outsider"])
def test_others_cannot_upload_a_workbook_here(client, cast, who):
    before = offerings(cast)
    client.force_login(getattr(cast, who))
    assert upload(client, with_entities(*TITLES)).status_code == 403
    assert offerings(cast) == before
