"""Full-text matching of offerings behind one seam: PostgreSQL's `german` configuration, or a portable
fallback for SQLite. `search.py` asks `backend()` and never looks at the database vendor itself.

Both backends read `Offering.search_text`, which `document()` writes folded (`german.fold`): the title
on the first line, everything else below. Both understand a query the same way: a list of groups
(`expansion.py`: a typed word with its synonyms and compound parts), every group must match (AND), a
group by any of its alternatives (OR), an alternative by all of its words; a word matches as the start
of a word after stemming ("Bewerbungen" → stem "bewerb" finds "Bewerbung" and the compound
"Bewerbungstraining"); words of one or two letters must match whole. A title hit outweighs a body hit.

PostgreSQL (production): migration 0003 adds a stored generated column `search_vector` (title weighted
"A", the rest "D"; not a model field — Django never selects it; no GIN index, see the migration). Matching is
`search_vector @@ to_tsquery('german', 'bewerbungen:* & mannheim:*')`, ranking `ts_rank_cd`. The
vocabulary for typo tolerance is searched with pg_trgm's `similarity()`; the extension ships with
PostgreSQL (contrib) and is created by the same migration.

SQLite (demo, tests, small installations): `LIKE` on the folded text narrows the candidates, Python
stems their words (`german.stem`, the same Snowball algorithm) to confirm the match and to rank (title
1.0, body 0.1 per hit, instead of cover density), and typo tolerance uses `difflib` against the same
vocabulary. It reads every candidate's text, so it suits catalogues of a few thousand offerings; stop
words the database would drop from documents stay in them (queries drop them on both backends).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.db import connection
from django.db.models import Expression, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.fields import BooleanField

from .expansion import Group, plain
from .german import STOP_WORDS, fold, stem, words
from .models import SearchWord

PREFIX_MIN_LENGTH = 3  # shorter words match only whole ("9", "ii"), longer ones also as a word start
MIN_SIMILARITY = 0.3  # pg_trgm's default threshold
MIN_RATIO = 0.75  # difflib's comparable threshold on short words


def document(title: str, parts: Iterable[str]) -> str:
    """The folded search text of an offering: its title, a line break, the rest."""
    return fold(title.replace("\n", " ")) + "\n" + fold("\n".join(part for part in parts if part))


VOCABULARY_WORD_LENGTH = (3, 60)


def vocabulary(texts: Iterable[str]) -> dict[str, str]:
    """The words worth offering as corrections: folded → as first written (no stop words, no numbers)."""
    found: dict[str, str] = {}
    shortest, longest = VOCABULARY_WORD_LENGTH
    for text in texts:
        for word in words(text or ""):
            folded = fold(word)
            if shortest <= len(folded) <= longest and not folded.isdigit() and folded not in STOP_WORDS:
                found.setdefault(folded, word)
    return found


def remember_words(tenant_id: int, texts: Iterable[str]) -> None:
    """Add the words of `texts` to the tenant's vocabulary (one INSERT; known words are skipped)."""
    SearchWord.objects.bulk_create(
        [SearchWord(tenant_id=tenant_id, folded=f, word=w[:60]) for f, w in vocabulary(texts).items()],
        ignore_conflicts=True,
    )


class FullText:
    """What `search.py` needs from a backend."""

    def restrict(self, offerings: QuerySet, groups: list[Group]) -> tuple[QuerySet, Expression]:
        """The offerings that match every group, and an expression of each one's relevance."""
        raise NotImplementedError

    def suggestions(self, tenant, term: str, limit: int = 5) -> list[tuple[str, str]]:
        """Words of the tenant's vocabulary close to a folded term: (folded, as written), best first."""
        raise NotImplementedError

    def any_match(self, offerings: QuerySet, terms: list[str]) -> bool:
        """Whether any offering has every one of the (folded) terms as typed, without expansion."""
        return self.restrict(offerings, plain(terms))[0].exists()


# PostgreSQL ------------------------------------------------------------------------------------------------


def tsquery(groups: list[Group]) -> str:
    """The `to_tsquery` text: every group, each any of its alternatives, each all of its words, long
    words as prefixes. Words are `german.words`, so they hold only letters and digits and cannot carry
    tsquery operators."""

    def word(term: str) -> str:
        return f"{term}:*" if len(term) >= PREFIX_MIN_LENGTH else term

    def alternative(terms: tuple[str, ...]) -> str:
        return word(terms[0]) if len(terms) == 1 else "(" + " & ".join(word(term) for term in terms) + ")"

    def group(alternatives) -> str:
        joined = " | ".join(alternative(terms) for terms in alternatives)
        return joined if len(alternatives) == 1 else f"({joined})"

    return " & ".join(group(alternatives) for alternatives in groups)


class _OnSearchVector(Expression):
    """SQL on the PostgreSQL-only column `search_vector` of the query's offering table (aliased like
    `search_text`, so it also works inside subqueries)."""

    def __init__(self, template: str, query: str, output_field) -> None:
        super().__init__(output_field=output_field)
        self.template, self.query, self.text = template, query, F("search_text")

    def get_source_expressions(self):
        return [self.text]

    def set_source_expressions(self, exprs):
        (self.text,) = exprs

    def as_sql(self, compiler, connection):
        text_sql, params = compiler.compile(self.text)
        vector = text_sql.rsplit(".", 1)[0] + '."search_vector"'
        return self.template.format(vector=vector), [*params, self.query]


class PostgresFullText(FullText):
    def restrict(self, offerings, groups):
        query = tsquery(groups)
        matches = _OnSearchVector("{vector} @@ to_tsquery('german'::regconfig, %s)", query, BooleanField())
        rank = _OnSearchVector(
            "ts_rank_cd({vector}, to_tsquery('german'::regconfig, %s))", query, FloatField()
        )
        return offerings.filter(matches), rank

    def suggestions(self, tenant, term, limit=5):
        similarity = Func(F("folded"), Value(term), function="similarity", output_field=FloatField())
        return list(
            SearchWord.objects.filter(tenant=tenant)
            .annotate(similarity=similarity)
            .filter(similarity__gte=MIN_SIMILARITY)
            .order_by("-similarity", "folded")
            .values_list("folded", "word")[:limit]
        )


# SQLite and anything else ----------------------------------------------------------------------------------


class _Ranks(Expression):
    """CASE over the primary key with the ranks computed in Python (numbers only, no user text)."""

    def __init__(self, ranks: dict[int, float]) -> None:
        super().__init__(output_field=FloatField())
        self.ranks, self.pk = ranks, F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        if not self.ranks:
            return "0.0", []
        pk_sql, params = compiler.compile(self.pk)
        cases = " ".join(f"WHEN {int(pk)} THEN {float(rank)!r}" for pk, rank in self.ranks.items())
        return f"CASE {pk_sql} {cases} ELSE 0.0 END", params


def _pattern(term: str) -> tuple[str, bool]:
    return stem(term), len(term) >= PREFIX_MIN_LENGTH


EXPANSION_WEIGHT = 0.8  # a synonym's or a compound's parts count a little less than the word typed


def score(search_text: str, groups: list[Group]) -> float | None:
    """Relevance of one folded search text for the groups, or None when a group does not match. A
    group scores by its best alternative; an alternative by the mean hits of its words (title 1.0, body
    0.1 each), or not at all when one of its words is missing."""
    title, _, body = search_text.partition("\n")
    title_stems = [stem(word) for word in words(title)]
    body_stems = [stem(word) for word in words(body)]

    def hits(term: str) -> float:
        pattern, as_prefix = _pattern(term)

        def hit(candidate: str) -> bool:
            return candidate.startswith(pattern) if as_prefix else candidate == pattern

        return sum(1 for c in title_stems if hit(c)) + 0.1 * sum(1 for c in body_stems if hit(c))

    total = 0.0
    for group in groups:
        best = 0.0
        for position, alternative in enumerate(group):
            counts = [hits(term) for term in alternative]
            if all(counts):
                best = max(best, sum(counts) / len(counts) * (1.0 if position == 0 else EXPANSION_WEIGHT))
        if not best:
            return None
        total += best
    return total


class PortableFullText(FullText):
    def restrict(self, offerings, groups):
        candidates = offerings
        for group in groups:
            # A stem is a prefix of its word, so it occurs in the text of every offering that matches.
            either = Q()
            for alternative in group:
                both = Q()
                for term in alternative:
                    both &= Q(search_text__contains=_pattern(term)[0])
                either |= both
            candidates = candidates.filter(either)
        ranks = {}
        for pk, text in candidates.values_list("pk", "search_text"):
            relevance = score(text, groups)
            if relevance is not None:
                ranks[pk] = relevance
        return offerings.filter(pk__in=list(ranks)), _Ranks(ranks)

    def suggestions(self, tenant, term, limit=5):
        vocabulary = dict(SearchWord.objects.filter(tenant=tenant).values_list("folded", "word"))
        close = difflib.get_close_matches(term, vocabulary, n=limit, cutoff=MIN_RATIO)
        return [(folded, vocabulary[folded]) for folded in close]


def backend() -> FullText:
    return PostgresFullText() if connection.vendor == "postgresql" else PortableFullText()
