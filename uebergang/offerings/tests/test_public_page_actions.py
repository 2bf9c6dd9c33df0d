"""An offering page on a phone: call, write, find the way, share, back to the results, and "Fehler melden",
whose mail reaches the provider and the coordination office through a real SMTP server."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant


@pytest.fixture
def offering(cast):
    Tenant.objects.filter(pk=cast.tenant_a.pk).update(office_email="koordinierung@kreis-a.example.org")
    offering = cast.offerings_a.published
    Offering.objects.filter(pk=offering.pk).update(
        contact_phone="06201 / 12-345", contact_email="kontakt@traeger.example.org"
    )
    cache.clear()
    return offering


def url(offering, tail: str = "") -> str:
    return f"/kreis-a/angebote/{offering.pk}/{tail}"


def test_the_page_offers_call_write_directions_and_share(client, offering):
    page = client.get(url(offering)).content.decode()
    assert 'href="tel:0620112345"' in page  # the button and the number in the contact box
    assert page.count('href="tel:0620112345"') == 2
    assert 'href="mailto:kontakt@traeger.example.org"' in page
    assert "https://www.openstreetmap.org/search?query=Marktplatz%201%2C%2012345%20Musterstadt" in page
    assert 'data-share-url="http://testserver/kreis-a/angebote/' in page and 'href="mailto:?subject=' in page


def test_the_back_link_returns_to_the_results_the_visitor_came_from(client, offering):
    results = "http://testserver/kreis-a/angebote/?q=Bewerbung&phases=training"
    page = client.get(url(offering), HTTP_REFERER=results).content.decode()
    assert 'href="/kreis-a/angebote/?q=Bewerbung&amp;phases=training">Zurück zu den Ergebnissen' in page
    elsewhere = client.get(url(offering), HTTP_REFERER="https://evil.example.org/kreis-a/angebote/?q=x")
    assert "Zurück zu den Ergebnissen" not in elsewhere.content.decode()
    assert 'href="/kreis-a/angebote/">Alle Angebote in Kreis Alpha' in elsewhere.content.decode()


def test_a_reported_error_reaches_the_provider_and_the_office_by_smtp(client, offering, smtp):
    response = client.post(
        url(offering, "fehler-melden/"),
        {"message": "Die Telefonnummer ist nicht mehr aktuell.", "email": "leser@example.org", "website": ""},
    )
    assert response.status_code == 302 and response.url == url(offering)
    assert "Danke!" in client.get(response.url).content.decode()
    ((recipients, message),) = smtp.messages
    assert sorted(recipients) == ["kontakt@traeger.example.org", "koordinierung@kreis-a.example.org"]
    assert message["Reply-To"] == "leser@example.org"
    assert offering.title in message["Subject"]
    body = message.get_body().get_content()
    assert "Die Telefonnummer ist nicht mehr aktuell." in body and url(offering) in body


def test_an_empty_report_is_refused_with_a_summary_and_nothing_is_sent(client, offering, smtp):
    response = client.post(url(offering, "fehler-melden/"), {"message": "", "email": "kein-Mail"})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Fehler:" in page
    assert 'href="#id_message"' in page and 'href="#id_email"' in page and "<details open>" in page
    assert smtp.messages == []


def test_scripts_filling_the_honeypot_or_sending_many_are_refused(client, offering, smtp):
    refused = client.post(url(offering, "fehler-melden/"), {"message": "Werbung", "website": "http://spam"})
    assert refused.status_code == 200 and smtp.messages == []
    for _ in range(5):
        assert client.post(url(offering, "fehler-melden/"), {"message": "Falsche Adresse"}).status_code == 302
    sixth = client.post(url(offering, "fehler-melden/"), {"message": "Falsche Adresse"})
    assert sixth.status_code == 200 and "später noch einmal" in sixth.content.decode()
    assert len(smtp.messages) == 5


def test_only_published_offerings_of_this_municipality_take_reports(client, cast, offering, smtp):
    other = cast.offerings_b.published
    assert client.post(f"/kreis-a/angebote/{other.pk}/fehler-melden/", {"message": "x"}).status_code == 404
    draft = cast.offerings_a.draft
    assert client.post(url(draft, "fehler-melden/"), {"message": "x"}).status_code == 404
    assert client.get(url(offering, "fehler-melden/")).status_code == 405
    assert smtp.messages == []
