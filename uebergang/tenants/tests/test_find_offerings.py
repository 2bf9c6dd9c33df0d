"""The public pages lead with "Angebote finden": a young person lands on the search, not on the network."""

from __future__ import annotations

import re


def first_heading(page: str) -> str:
    return re.search(r"<h2[^>]*>(.*?)</h2>", page, flags=re.S).group(1).strip()


def test_the_municipality_page_starts_with_a_search_box_and_the_finder(client, cast):
    page = client.get("/kreis-a/").content.decode()
    assert first_heading(page) == "Angebote finden"
    assert '<form method="get" action="/kreis-a/angebote/" role="search"' in page
    assert 'href="/kreis-a/angebotsfinder/"' in page
    assert "Hier findest du Angebote" in page  # young people are addressed with "du"


def test_the_landing_page_starts_with_each_members_offerings(client, cast):
    page = client.get("/").content.decode()
    assert first_heading(page) == "Angebote finden"
    for tenant in (cast.tenant_a, cast.tenant_b):
        assert f'href="/{tenant.slug}/angebote/">Angebote in {tenant.name}' in page
