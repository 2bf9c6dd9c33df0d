"""Counts read as people write them: "1.767" and "312.400" in German, "1,767" in English; hidden cells
keep their mark; the dashboard has an in-page navigation to each of its tables."""

from __future__ import annotations

import re

from django.utils import translation

from uebergang.monitoring.queries import Figure
from uebergang.monitoring.templatetags.figures import figure_filter
from uebergang.monitoring.tests.test_dashboards import count, create_schools_with_counts


def test_counts_are_grouped_in_the_readers_language():
    with translation.override("de"):
        assert figure_filter(Figure(1767, "1767", None)) == "1.767"
        assert figure_filter(Figure(312400, "312400", None)) == "312.400"
        assert figure_filter(Figure(42, "42", None)) == "42"
        assert figure_filter(Figure(None, ".", None)) == "."
    with translation.override("en"):
        assert figure_filter(Figure(1767, "1767", None)) == "1,767"


def test_the_dashboard_links_each_of_its_sections(client, cast):
    own, _other = create_schools_with_counts(cast)
    count(cast.tenant_a, own, "transition", 1200, gender="f")
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/monitoring/").content.decode()
    nav = re.search(r'<nav class="in-page".*?</nav>', page, flags=re.S).group(0)
    targets = re.findall(r'href="#([^"]+)"', nav)
    assert len(targets) >= 5
    for target in targets:
        assert f'id="{target}"' in page, target
    assert re.search(r">1\.2\d\d<", page), "four-digit counts are grouped"
