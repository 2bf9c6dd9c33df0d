"""The search finds what a practitioner expects in the demo catalogue: a floor for recall and precision
over the relevance test set (`relevance.py`; `bench/search_relevance_bench.py` prints the figures)."""

from __future__ import annotations

import pytest

from uebergang.demo import foundation, network, offerings
from uebergang.offerings import relevance
from uebergang.tenants.models import Tenant

# Measured on SQLite and PostgreSQL when the set was written (see the benchmark); a change that loses
# more than a few points fails here.
RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.70


@pytest.fixture
def demo(db):
    foundation.load()
    network.load()
    offerings.load()
    return Tenant.objects.get(slug="musterkreis")


def test_the_search_finds_what_a_practitioner_expects(demo):
    outcomes = relevance.evaluate(demo)
    assert len(outcomes) >= 40
    assert all(outcome.expected for outcome in outcomes), [o.query for o in outcomes if not o.expected]
    recall = relevance.mean([o.recall for o in outcomes])
    precision = relevance.mean([o.precision for o in outcomes])
    print(f"recall {recall:.3f}, precision@{relevance.TOP} {precision:.3f}")
    for outcome in outcomes:
        print(
            f"{outcome.query:28} {outcome.found}/{outcome.expected} hits={outcome.hits} top={outcome.top_relevant}"
        )
    assert recall >= RECALL_FLOOR and precision >= PRECISION_FLOOR


def test_compounds_and_synonyms_find_what_the_words_alone_miss(demo):
    by_query = {outcome.query: outcome for outcome in relevance.evaluate(demo)}
    assert by_query["Ausbildungsabbruch"].recall == 1.0  # "Abbruchgefahr", "Abbruch der Ausbildung"
    assert by_query["Flüchtling"].recall >= 0.8  # "Geflüchtete", "neu zugewanderte Jugendliche"
