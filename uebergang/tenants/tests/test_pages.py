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


def test_coordinator_edits_the_portrait_and_it_is_audited(client, cast):
    from uebergang.audit.models import AuditEvent

    client.force_login(cast.coordinator)
    form = client.get("/kreis-a/intern/portraet/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(summary="Neues Kurzporträt", office_website="kreis-a.example.org")
    response = client.post("/kreis-a/intern/portraet/", data)
    assert response.status_code == 302
    cast.tenant_a.refresh_from_db()
    assert cast.tenant_a.summary == "Neues Kurzporträt"
    assert cast.tenant_a.office_website == "https://kreis-a.example.org"
    event = AuditEvent.objects.get(action=AuditEvent.Action.TENANT_UPDATED)
    assert event.tenant == cast.tenant_a and event.data == {"fields": ["office_website", "summary"]}
    assert "Neues Kurzporträt" in client.get("/kreis-a/").content.decode()


def test_bad_input_is_explained_and_nothing_is_saved(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kreis-a/intern/portraet/", {"name": "", "kind": cast.tenant_a.kind, "office_email": "kaputt"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "gültige E-Mail-Adresse" in page
    cast.tenant_a.refresh_from_db()
    assert cast.tenant_a.name == "Kreis Alpha"


@pytest.mark.parametrize("who", ["partner", "steering", "coordinator_b", "outsider"])
def test_nobody_else_edits_the_portrait(client, cast, who):
    client.force_login(cast.members_a.get(who) or getattr(cast, who))
    response = client.post("/kreis-a/intern/portraet/", {"name": "Gekapert", "kind": "city"})
    assert response.status_code == 403
    cast.tenant_a.refresh_from_db()
    assert cast.tenant_a.name == "Kreis Alpha"


def test_the_workspace_names_tenant_and_role(client, cast):
    client.force_login(cast.steering)
    page = client.get("/kreis-a/intern/").content.decode()
    assert "Kreis Alpha" in page and "Steuerung" in page


def test_landing_needs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for n in range(30):
        create_tenant(f"kommune-{n}")
    with django_assert_max_num_queries(3):
        client.get("/")
