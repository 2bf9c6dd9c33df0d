"""Public pages from the cache: served to anonymous visitors only, retired by every write of content."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from uebergang.audit.record import record
from uebergang.lib import pagecache
from uebergang.offerings.models import Offering
from uebergang.test import create_organisation, create_region, create_tenant

pytestmark = pytest.mark.django_db


def page(client, url: str, **extra) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def detail_url(offering) -> str:
    return f"/{offering.tenant.slug}/angebote/{offering.pk}/"


def test_an_unchanged_public_page_comes_from_the_cache_without_running_its_view(client, cast):
    offering = cast.offerings_a.published
    first, first_queries = page(client, detail_url(offering))
    second, second_queries = page(client, detail_url(offering))
    assert second == first
    assert offering.title in second
    assert second_queries < first_queries
    assert second_queries <= 1  # at most the tenant of the address


@pytest.mark.parametrize("how", ["save", "update", "raw SQL"])
def test_every_kind_of_write_retires_the_cached_page(client, cast, how):
    offering = cast.offerings_a.published
    page(client, detail_url(offering))
    if how == "save":
        offering.title = "Neu betitelt"
        offering.save()
    elif how == "update":
        Offering.objects.filter(pk=offering.pk).update(title="Neu betitelt")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Offering._meta.db_table} SET title = %s WHERE id = %s",  # noqa: S608
                ["Neu betitelt", offering.pk],
            )
    assert "Neu betitelt" in page(client, detail_url(offering))[0]


def test_the_search_and_the_municipality_page_follow_a_new_offering(client, cast):
    search = f"/{cast.tenant_a.slug}/angebote/?q=Zirkuspaedagogik"
    assert "Zirkuspaedagogik am Nachmittag" not in page(client, search)[0]
    offering = cast.offerings_a.published
    offering.title = "Zirkuspaedagogik am Nachmittag"
    offering.save()
    from uebergang.offerings.search import refresh_search_text

    refresh_search_text(offering)
    assert "Zirkuspaedagogik am Nachmittag" in page(client, search)[0]


@pytest.mark.django_db(transaction=True)
def test_a_commit_retires_pages_rendered_while_the_transaction_ran():
    before = pagecache.content_version()
    with transaction.atomic():
        tenant = create_tenant("kreis-gamma", "Kreis Gamma")
        during = pagecache.content_version()
        for name in ("Nord", "Süd", "West"):
            create_region(tenant, name)
        waiting = [callback for _, callback, _ in connection.run_on_commit if callback is pagecache.changed]
    assert during != before  # at the first write
    assert len(waiting) == 1  # and once more at the commit, however many writes
    assert pagecache.content_version() != during


def test_bookkeeping_writes_keep_the_cached_pages(cast):
    version = pagecache.content_version()
    record("test.read", tenant=cast.tenant_a, obj=cast.offerings_a.published)
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["x"] = 1
    session.save()
    assert pagecache.content_version() == version


def test_signed_in_people_never_get_or_fill_a_cached_page(client, cast):
    url = f"/{cast.tenant_a.slug}/"
    anonymous, _ = page(client, url)
    client.force_login(cast.coordinator)
    signed_in, queries = page(client, url)
    assert signed_in != anonymous
    assert "Abmelden" in signed_in and "Abmelden" not in anonymous
    assert queries > 1
    client.logout()
    again, _ = page(client, url)
    assert "Abmelden" not in again


def test_each_language_has_its_own_page(client, cast):
    url = f"/{cast.tenant_a.slug}/angebote/"
    german, _ = page(client, url, HTTP_ACCEPT_LANGUAGE="de")
    english, _ = page(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="de"' in german and 'lang="en"' in english
    assert page(client, url, HTTP_ACCEPT_LANGUAGE="de")[0] == german


def test_a_cached_page_carries_no_csrf_token_and_no_cookie(client, cast):
    url = f"/{cast.tenant_a.slug}/angebote/"
    for _ in range(2):
        response = client.get(url)
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies


def test_the_language_can_be_chosen_without_a_token(client, cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": f"/{cast.tenant_a.slug}/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    elsewhere = strict.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example.org/"})
    assert elsewhere["Location"] == "/"


def test_the_hsds_answers_come_from_the_cache_and_follow_changes(client, cast):
    url = f"/api/hsds/{cast.tenant_a.slug}/services"
    first, _ = page(client, url)
    second, queries = page(client, url)
    assert second == first and queries <= 1
    offering = cast.offerings_a.published
    offering.title = "Umbenannt fuer HSDS"
    offering.save()
    assert "Umbenannt fuer HSDS" in page(client, url)[0]


def test_another_municipality_never_gets_a_page_of_the_first(client, cast):
    a, _ = page(client, f"/{cast.tenant_a.slug}/angebote/")
    b, _ = page(client, f"/{cast.tenant_b.slug}/angebote/")
    assert cast.tenant_a.name in a and cast.tenant_a.name not in b


def test_the_workspace_start_page_is_each_persons_own(client, cast):
    url = f"/{cast.tenant_a.slug}/intern/"
    client.force_login(cast.coordinator)
    coordinator_page, _ = page(client, url)
    client.force_login(cast.steering)
    steering_page, _ = page(client, url)
    assert cast.coordinator.get_short_name() in coordinator_page
    assert cast.steering.get_short_name() in steering_page
    assert cast.coordinator.get_short_name() not in steering_page


def test_the_workspace_start_page_follows_a_new_task(client, cast):
    from uebergang.network.models import Task

    url = f"/{cast.tenant_a.slug}/intern/"
    client.force_login(cast.coordinator)
    _first, first_queries = page(client, url)
    _again, again_queries = page(client, url)
    assert again_queries < first_queries
    Task.objects.create(
        body=cast.network_a.body, title="Neue Aufgabe aus dem Cache-Test", responsible_user=cast.coordinator
    )
    assert "Neue Aufgabe aus dem Cache-Test" in page(client, url)[0]


def test_the_dashboard_of_a_partner_is_not_the_coordinators(client, cast):
    from uebergang.network.models import Organisation

    cast.monitoring_of(cast.tenant_a)  # a cohort
    create_organisation(cast.tenant_a, "Realschule am Cachepark", Organisation.Kind.SCHOOL)
    url = f"/{cast.tenant_a.slug}/intern/monitoring/"
    client.force_login(cast.coordinator)
    coordinator_page, _ = page(client, url)
    client.force_login(cast.partner)
    partner_page, _ = page(client, url)
    assert 'id="id_schule"' in coordinator_page  # every school to compare with
    assert 'id="id_schule"' not in partner_page  # a partner: its own school only
    assert "Realschule am Cachepark" not in partner_page


def test_nothing_read_from_a_lagging_replica_is_kept(client, cast, monkeypatch):
    from django.core.cache import cache

    from uebergang.lib import replica

    monkeypatch.setattr(replica, "reading_from_replica", lambda: True)
    cache.clear()
    page(client, detail_url(cast.offerings_a.published))
    client.force_login(cast.coordinator)
    page(client, f"/{cast.tenant_a.slug}/intern/")
    kept = [key for key in cache._cache if ":page:" in key or ":fragment:" in key]  # LocMemCache's store
    assert kept == []  # rendered each time: the replica may lag behind the content version


def test_a_part_that_carries_a_csrf_token_is_never_kept(rf, cast):
    from django.core.cache import cache
    from django.middleware.csrf import get_token
    from django.template import engines

    request = rf.get(f"/{cast.tenant_a.slug}/intern/")
    request.user = cast.coordinator
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    cache.clear()
    first = pagecache.fragment(request, "test", lambda: template.render({}, request))
    assert "csrfmiddlewaretoken" in first
    assert not [key for key in cache._cache if ":fragment:" in key]
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page still sets the cookie
    plain = rf.get(f"/{cast.tenant_a.slug}/intern/")
    plain.user = cast.coordinator
    get_token(plain)  # the frame used the token before: the part itself is still kept
    pagecache.fragment(plain, "plain", lambda: "<p>ohne Formular</p>")
    assert [key for key in cache._cache if ":fragment:" in key]
    assert plain.META.get("CSRF_COOKIE_NEEDS_UPDATE")
