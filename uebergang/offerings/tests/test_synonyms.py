"""The synonym list of the search: coordinators of the municipality keep it, the search uses it at once."""

from __future__ import annotations

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.offerings.models import SearchSynonym
from uebergang.offerings.search import SearchQuery, search
from uebergang.offerings.synonyms import DEFAULT_SYNONYMS
from uebergang.offerings.tests.test_search import archive, offer
from uebergang.offerings.tests.test_workspace import login

URL = "/kreis-a/intern/angebote/synonyme/"


def test_a_coordinator_adds_a_group_and_the_search_uses_it(client, cast):
    archive(cast.offerings_a.published)
    offer(cast.tenant_a, cast.network_a.organisation, "Lehrstellenbörse")
    login(client, cast, "coordinator")
    assert search(cast.tenant_a, SearchQuery(text="Ausbildungsplatz")).total == 0
    response = client.post(URL, {"words": " Ausbildungsplatz ;  Lehrstelle,, "})
    assert response.status_code == 302
    group = SearchSynonym.objects.get(tenant=cast.tenant_a)
    assert group.words == "Ausbildungsplatz, Lehrstelle"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, object_id=str(group.pk)).exists()
    assert [o.title for o in search(cast.tenant_a, SearchQuery(text="Ausbildungsplatz")).offerings] == [
        "Lehrstellenbörse"
    ]
    assert "Ausbildungsplatz, Lehrstelle" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "words, message",
    [
        ("Lehrstelle", "mindestens zwei Begriffe"),
        ("Lehrstelle, und der", "nur aus Füllwörtern"),
        (", ".join(f"Wort{n}" for n in range(21)), "Höchstens 20 Begriffe"),
    ],
)
def test_a_group_needs_two_real_words(client, cast, words, message):
    login(client, cast, "coordinator")
    response = client.post(URL, {"words": words})
    assert response.status_code == 200 and message in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_groups_are_edited_and_deleted_and_those_of_another_municipality_are_not_found(client, cast):
    own = SearchSynonym.objects.create(tenant=cast.tenant_a, words="Azubi, Lehrling")
    other = SearchSynonym.objects.create(tenant=cast.tenant_b, words="Azubi, Auszubildende")
    login(client, cast, "coordinator")
    assert client.post(f"{URL}{own.pk}/", {"words": "Azubi, Lehrling, Auszubildende"}).status_code == 302
    own.refresh_from_db()
    assert own.words == "Azubi, Lehrling, Auszubildende"
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    assert client.post(f"{URL}{other.pk}/loeschen/").status_code == 404
    assert client.post(f"{URL}{own.pk}/loeschen/").status_code == 302
    assert list(SearchSynonym.objects.all()) == [other]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED, object_id=str(own.pk)).exists()


def test_the_default_list_is_adopted_once(client, cast):
    login(client, cast, "coordinator")
    assert "Standardliste übernehmen" in client.get(URL).content.decode()
    assert client.post(URL + "standard/").status_code == 302
    assert SearchSynonym.objects.filter(tenant=cast.tenant_a).count() == len(DEFAULT_SYNONYMS)
    client.post(URL + "standard/")
    assert SearchSynonym.objects.filter(tenant=cast.tenant_a).count() == len(DEFAULT_SYNONYMS)
    assert "Standardliste übernehmen" not in client.get(URL).content.decode()
    assert not SearchSynonym.objects.filter(tenant=cast.tenant_b).exists()


@pytest.mark.parametrize("who", ["partner", "case_worker", "steering", "coordinator_b", "outsider"])
def test_only_coordinators_of_the_municipality_keep_the_list(client, cast, who):
    own = SearchSynonym.objects.create(tenant=cast.tenant_a, words="Azubi, Lehrling")
    login(client, cast, who)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"words": "Neu, Anders"}).status_code == 403
    assert client.post(f"{URL}{own.pk}/", {"words": "Neu, Anders"}).status_code == 403
    assert client.post(f"{URL}{own.pk}/loeschen/").status_code == 403
    assert client.post(URL + "standard/").status_code == 403
    assert list(SearchSynonym.objects.values_list("words", flat=True)) == ["Azubi, Lehrling"]


def test_an_anonymous_visitor_is_sent_to_the_login(client, cast):
    assert client.get(URL).status_code == 302
