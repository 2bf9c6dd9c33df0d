"""What a search looks for besides the words typed: the tenant's synonyms and the parts of compounds.

Each query term becomes a group of alternatives; a group matches when any alternative does, and an
alternative is one or more folded words that must all occur (`fulltext` turns this into
`(ausbildungsabbruch:* | (ausbildung:* & abbruch:*) | abbruchgefahr:*) & …` on PostgreSQL and the same
test in Python on SQLite). So "Ausbildungsabbruch" also finds "Abbruch der Ausbildung" and
"Abbruchgefahr in der Ausbildung", and "Flüchtling" finds "Geflüchtete" and "neu zugewanderte
Jugendliche".

- Synonyms (`SearchSynonym`, tenant-editable): a term whose stem is that of a one-word member of a
  group, or consecutive terms that are a member phrase ("Agentur für Arbeit"), get every member of the
  group as alternatives.
- Compounds (`german.split_compound`): a long term that splits into words of the tenant's vocabulary
  gets its parts as one alternative (all parts must occur).

Costs: one query for the synonyms and one indexed lookup of the candidate parts in the vocabulary,
only when the search has words.
"""

from __future__ import annotations

from uebergang.tenants.models import Tenant

from .german import MIN_COMPOUND, compound_candidates, split_compound, stem
from .models import SearchSynonym, SearchWord
from .synonyms import member_terms

Alternative = tuple[str, ...]  # folded words that must all occur
Group = list[Alternative]  # any one alternative


def plain(terms: list[str]) -> list[Group]:
    """The groups of a query without expansion: each term alone."""
    return [[(term,)] for term in terms]


def expand(tenant: Tenant, terms: list[str]) -> list[Group]:
    """One group per term (or per phrase of terms a synonym names), the typed words first."""
    if not terms:
        return []
    synonyms = [
        member_terms(text)
        for text in SearchSynonym.objects.for_tenant(tenant).values_list("words", flat=True)
    ]
    groups: list[Group] = []
    position = 0
    while position < len(terms):
        phrase, group = _synonym_phrase(terms, position, synonyms)
        if phrase:
            groups.append(group)
            position += phrase
            continue
        term = terms[position]
        group = [(term,)]
        for members in synonyms:
            if any(len(member) == 1 and stem(member[0]) == stem(term) for member in members):
                group += [member for member in members if member not in group]
        groups.append(group)
        position += 1
    _add_compound_parts(tenant, groups)
    return groups


def _synonym_phrase(terms: list[str], position: int, synonyms: list[list[Alternative]]) -> tuple[int, Group]:
    """The longest member phrase (two words or more) starting at `position`, and its group."""
    found, group = 0, []
    for members in synonyms:
        for member in members:
            size = len(member)
            if size > max(found, 1) and tuple(terms[position : position + size]) == member:
                found, group = size, [member, *(other for other in members if other != member)]
    return found, group


def _add_compound_parts(tenant: Tenant, groups: list[Group]) -> None:
    """Add the parts of every compound among the groups' one-word alternatives, looked up in one query."""
    words = {alt[0] for group in groups for alt in group if len(alt) == 1 and len(alt[0]) >= MIN_COMPOUND}
    if not words:
        return
    candidates = set().union(*(compound_candidates(word) for word in words))
    known = set(
        SearchWord.objects.filter(tenant=tenant, folded__in=sorted(candidates)).values_list(
            "folded", flat=True
        )
    )
    for group in groups:
        for alternative in list(group):
            if len(alternative) == 1:
                parts = tuple(split_compound(alternative[0], known))
                if parts and parts not in group:
                    group.append(parts)
