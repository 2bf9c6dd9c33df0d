"""The association's walk: every route of the association's own pages (`/verbund/…`, no municipality in
the URL) answers the association's staff and refuses every role of a municipality, outsiders and
anonymous visitors; none of them shows a member's draft or a portrait not yet shown. The association's
office is a tenant (kind `verbund`): its workspace is walked with every tenant's by the isolation and
permission walks."""

from __future__ import annotations

import pytest

from tests.urlwalk import all_routes, fill, readable
from uebergang.association.models import Portrait, Practice

ROUTES = [route for route in all_routes() if route.template.startswith("/verbund/")]


def test_the_walk_sees_the_association_pages():
    names = {route.name for route in ROUTES}
    assert {"association:association_directory", "association:association_comparison"} <= names


@pytest.fixture
def shared(cast):
    """A published practice with a file and a shown portrait of Stadt Beta; Kreis Alpha's draft."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uebergang.documents import storage
    from uebergang.test import blank_pdf

    practice = Practice.objects.create(
        tenant=cast.tenant_b,
        title="Geteilte Praxis",
        summary="s",
        problem="p",
        approach="a",
        status="published",
    )
    document = storage.store(
        SimpleUploadedFile("Konzept.pdf", blank_pdf()), tenant=cast.tenant_b, owner=practice, user=None
    )
    portrait = Portrait.objects.create(tenant=cast.tenant_b, shown=True, organisation="Bildungsbüro Beta")
    Portrait.objects.create(tenant=cast.tenant_a, shown=False, organisation="Geheime Stabsstelle Alpha")
    Practice.objects.create(
        tenant=cast.tenant_a, title="Entwurf Alpha", summary="s", problem="p", approach="a"
    )
    return {"practice_id": practice.pk, "file_id": document.pk, "portrait_id": portrait.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_the_association_staff_read_and_nobody_else(client, cast, shared, route):
    url = fill(route, None, shared)
    client.force_login(cast.association)
    response = client.get(url)
    assert response.status_code == 200, url
    text = readable(response)
    assert "Entwurf Alpha" not in text and "Geheime Stabsstelle Alpha" not in text
    for user in (
        cast.coordinator,
        cast.steering,
        cast.partner,
        cast.case_worker,
        cast.coordinator_b,
        cast.outsider,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 403, (url, user)
    client.logout()
    assert client.get(url).status_code == 302  # to the login
