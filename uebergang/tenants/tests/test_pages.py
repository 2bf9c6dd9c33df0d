from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from uebergang.tenants.models import Tenant
from uebergang.test import create_tenant


def test_landing_lists_active_member_municipalities_with_portraits(client, cast):
    create_tenant("ruhend", "Ruhende Gemeinde", is_active=False)
    page = client.get("/").content.decode()
    assert "Kreis Alpha" in page and "Stadt Beta" in page
    assert "Kurzporträt von Kreis Alpha" in page
    assert "Ruhende Gemeinde" not in page


def test_tenant_page_shows_portrait_regions_and_office_contact(client, cast):
    cast.tenant_a.office_email = "buero@kreis-a.example.org"
    cast.tenant_a.save()
    page = client.get("/kreis-a/").content.decode()
    assert "Kreis Alpha" in page
    assert "West" in page
    assert "buero@kreis-a.example.org" in page
    assert "Nord" not in page  # tenant B's region


def test_unknown_tenant_is_a_german_404(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_inactive_tenant_is_not_found(client, db):
    create_tenant("ruhend", is_active=False)
    assert client.get("/ruhend/").status_code == 404


@pytest.mark.parametrize("slug", ["admin", "api", "konto", "static", "verbund", "i18n"])
def test_reserved_slugs_are_refused(db, slug):
    tenant = Tenant(slug=slug, name="X", kind=Tenant.Kind.CITY)
    with pytest.raises(ValidationError):
        tenant.full_clean()
