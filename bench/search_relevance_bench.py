"""Relevance of the offering search over the Musterkreis demo catalogue: recall and precision at 10 of
the test set in `uebergang/offerings/relevance.py`, with the tenant's synonyms and compound splitting
and without them (the words as typed), on SQLite or on a throwaway PostgreSQL.

    .venv/bin/python bench/search_relevance_bench.py             # SQLite (a temporary file)
    .venv/bin/python bench/search_relevance_bench.py --postgres  # PostgreSQL's german configuration
    .venv/bin/python bench/search_relevance_bench.py --per-query # one line per query

The floor `uebergang/offerings/tests/test_relevance.py` holds was set from these figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg import postgres, setup_django, table


def measure(per_query: bool) -> None:
    from uebergang.demo import foundation, network, offerings
    from uebergang.offerings import expansion, relevance
    from uebergang.tenants.models import Tenant

    foundation.load()
    network.load()
    offerings.load()
    tenant = Tenant.objects.get(slug="musterkreis")
    runs = {"expanded": relevance.evaluate(tenant)}
    with mock.patch.object(expansion, "expand", lambda tenant, terms: expansion.plain(terms)):
        runs["words only"] = relevance.evaluate(tenant)
    rows = [
        [
            name,
            len(outcomes),
            f"{relevance.mean([o.recall for o in outcomes]):.3f}",
            f"{relevance.mean([o.precision for o in outcomes]):.3f}",
        ]
        for name, outcomes in runs.items()
    ]
    print(table(["search", "queries", "recall", f"precision@{relevance.TOP}"], rows))
    if per_query:
        lines = [
            [o.query, f"{o.found}/{o.expected}", o.hits, o.top_relevant, f"{plain.found}/{plain.expected}"]
            for o, plain in zip(runs["expanded"], runs["words only"], strict=True)
        ]
        print()
        print(table(["query", "found", "hits", "relevant in top", "words only"], lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL instead of SQLite")
    parser.add_argument("--per-query", action="store_true", help="print one line per query")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.postgres:
            server = stack.enter_context(postgres())
            url = server.url
        else:
            directory = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{directory}/relevance.sqlite3"
        setup_django(url)
        measure(args.per_query)


if __name__ == "__main__":
    main()
