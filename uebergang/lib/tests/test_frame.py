"""The workspace frame from the process: the person, the tenant, the memberships, the navigation and the main part
are kept while the content version holds, and every write that concerns them is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uebergang.accounts.models import Membership, TotpDevice
from uebergang.lib import kept, pagecache
from uebergang.tenants.models import Tenant

pytestmark = pytest.mark.django_db


def workspace(client, tenant) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{tenant.slug}/intern/")
    return response.status_code, response.content.decode(), len(queries.captured_queries)


def test_a_second_visit_asks_the_database_only_for_the_session(client, cast):
    client.force_login(cast.coordinator)
    workspace(client, cast.tenant_a)
    status, html, queries = workspace(client, cast.tenant_a)
    assert status == 200
    assert cast.tenant_a.name in html
    assert queries == 1  # the session; person, second factor, municipality and roles from the process


def test_a_deactivated_account_or_a_new_password_ends_the_session_at_once(client, cast):
    client.force_login(cast.coordinator)
    workspace(client, cast.tenant_a)
    User = type(cast.coordinator)
    User.objects.filter(pk=cast.coordinator.pk).update(is_active=False)
    assert client.get(f"/{cast.tenant_a.slug}/intern/").status_code == 302  # to the login
    User.objects.filter(pk=cast.coordinator.pk).update(is_active=True)
    client.force_login(cast.coordinator)
    assert workspace(client, cast.tenant_a)[0] == 200
    user = User.objects.get(pk=cast.coordinator.pk)
    user.set_password("ein ganz neues Passwort 2026")
    user.save()
    assert client.get(f"/{cast.tenant_a.slug}/intern/").status_code == 302


def test_a_renamed_municipality_shows_its_new_name_on_the_next_page(client, cast):
    client.force_login(cast.coordinator)
    workspace(client, cast.tenant_a)
    Tenant.objects.filter(pk=cast.tenant_a.pk).update(name="Neuer Kreisname")
    assert "Neuer Kreisname" in workspace(client, cast.tenant_a)[1]


def test_a_role_taken_away_takes_effect_on_the_next_request(client, cast):
    client.force_login(cast.coordinator)
    assert client.get(f"/{cast.tenant_a.slug}/intern/protokoll/").status_code == 200
    Membership.objects.filter(user=cast.coordinator, tenant=cast.tenant_a).update(
        role=Membership.Role.PARTNER
    )
    assert client.get(f"/{cast.tenant_a.slug}/intern/protokoll/").status_code == 403
    Membership.objects.filter(user=cast.coordinator, tenant=cast.tenant_a).delete()
    assert workspace(client, cast.tenant_a)[0] == 403


def test_a_deactivated_municipality_is_gone_at_once(client, cast):
    client.force_login(cast.coordinator)
    workspace(client, cast.tenant_a)
    Tenant.objects.filter(pk=cast.tenant_a.pk).update(is_active=False)
    assert workspace(client, cast.tenant_a)[0] == 404


def test_each_request_gets_its_own_copy_of_a_kept_value():
    first = kept.kept(("test", 1), lambda: {"name": "Musterkreis"})
    first["name"] = "verändert"
    assert kept.kept(("test", 1), lambda: {"name": "anders geladen"}) == {"name": "Musterkreis"}
    pagecache.changed()
    assert kept.kept(("test", 1), lambda: {"name": "neu geladen"}) == {"name": "neu geladen"}


def test_the_navigation_marks_the_section_and_shows_only_what_the_role_may_open(client, cast):
    client.force_login(cast.partner)
    html = workspace(client, cast.tenant_a)[1]
    assert f'<a href="/{cast.tenant_a.slug}/intern/" aria-current="page">Übersicht</a>' in html
    assert "/intern/protokoll/" not in html  # the audit trail is the coordinator's
    client.force_login(cast.coordinator)
    html = client.get(f"/{cast.tenant_a.slug}/intern/protokoll/").content.decode()
    assert f'<a href="/{cast.tenant_a.slug}/intern/protokoll/" aria-current="page">Protokoll</a>' in html
    assert f'<a href="/{cast.tenant_a.slug}/intern/">Übersicht</a>' in html
    english = client.get(f"/{cast.tenant_a.slug}/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="/{cast.tenant_a.slug}/intern/" aria-current="page">Overview</a>' in english
    assert ">Übersicht</a>" not in english  # each language its own navigation


def test_the_second_factor_is_asked_on_every_request(client, cast):
    from django.utils import timezone

    user = cast.coordinator  # a role that requires the second factor
    client.force_login(user)
    assert workspace(client, cast.tenant_a)[0] == 200
    TotpDevice.objects.filter(user=user).delete()
    response = client.get(f"/{cast.tenant_a.slug}/intern/")
    assert response.status_code == 302 and response["Location"] == "/konto/sicherheit/einrichten/"
    TotpDevice.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    assert workspace(client, cast.tenant_a)[0] == 200
