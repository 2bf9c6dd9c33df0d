"""Hostile and oversized files at the actor import: refused with a German message, never a 500, nothing
kept; tenant B's coordinator and an outsider cannot even upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.lib.tests.workbooks import climbing, far_apart, with_entities, zip_bomb
from uebergang.network.models import Organisation

IMPORT = "/kreis-a/intern/akteure/import/"
CONFIRM = IMPORT + "bestaetigen/"
TITLES = ("Name", "Art", "Ort")


def upload(client, data: bytes, name: str = "akteure.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def organisations(cast) -> int:
    return Organisation.objects.for_tenant(cast.tenant_a).count()


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
    before = organisations(cast)
    client.force_login(cast.coordinator)
    response = upload(client, build(*TITLES))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei kann nicht importiert werden" in page and message in page
    assert client.post(CONFIRM, {"mode": "all"}).status_code == 302
    assert organisations(cast) == before


def test_an_upload_over_the_site_limit_is_refused(client, cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(cast.coordinator)
    response = upload(client, b"Name;Art\n" + b"x;Schule\n" * 200_000, "akteure.csv")
    assert "Die Datei ist zu groß: höchstens 1 MB" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("who", ["coordinator_b", "outsider"])
def test_others_cannot_upload_a_workbook_here(client, cast, who):
    before = organisations(cast)
    client.force_login(getattr(cast, who))
    assert upload(client, with_entities(*TITLES)).status_code == 403
    assert organisations(cast) == before
