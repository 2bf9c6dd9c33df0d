"""Facet counts of a search, computed in SQL together with the total and the page of hits: one statement
(`summarise`) reads the matching offerings once into a CTE and computes from it the conditional counts of
the coded facets, a GROUP BY each for categories and regions (over the ids each offering keeps on its
row), the tenant's regions with their names and the ids of one page. The lists of the tenant's
categories and regions go beside the counts (values without hits show 0).

Faceting is disjunctive: the counts of a facet ignore that facet's own selection but apply every other
one. Ticking "Ausbildung" under Phase leaves the other phases' counts as they were (ticking a second
phase widens the result: the values of one facet are OR-ed), while the counts under Zielgruppe shrink
to the offerings in that phase. The filters that are not facets (words, age, radius) apply to all counts.

Each selection becomes a boolean column of the CTE (`sel_phases`, `sel_categories`, …), evaluated once
per offering there. A count then ANDs the flags of the *other* selections:
`COUNT(*) FILTER (WHERE (phases & 4) <> 0 AND sel_target_groups AND …)`. Categories and regions are read
from the offering's own row (`search_category_ids`, `search_region_ids`, JSON arrays kept by
`search.refresh_search_text`): their selections test the array, their counts unnest it — no probe into the
link tables per matching offering, which was half of a facet-heavy search.
Coded facets are bit masks of `CodeSetField` (phases, target groups, languages), the legal sphere and
"free of charge".
"""

# ruff: noqa: S608 - `summarise` interpolates only Django-compiled SQL, column names and constant ORDER BYs;
# every value (codes, masks, ids, words) is a parameter

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Expression, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import FundingSource, LegalSphere
from uebergang.tenants.models import Region

from .models import Category, Language, Offering, Phase, TargetGroup

FREE = "kostenfrei"  # the facet and GET parameter of "free of charge"; its one value is "1"


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # the SearchQuery attribute and GET parameter, e.g. "phases"
    label: str
    values: list[FacetValue]
    expert: bool = False  # for professionals: shown folded on the public page


@dataclass(frozen=True)
class CodedFacet:
    name: str  # SearchQuery attribute and GET parameter
    label: str
    choices: list[tuple[str, str]]  # the codes with the labels the public search shows
    condition: Callable[[list[str]], Q]  # the offerings with any of these codes
    expert: bool = False


# The phases in the words of the young people and parents who search, not the professionals' shorthand
# ("Sek I–Ausbildung"); the workspace keeps the official labels of `Phase`.
PLAIN_PHASES = {
    Phase.FAMILY_KITA: _("Familie und Kita"),
    Phase.KITA_PRIMARY: _("Von der Kita in die Grundschule"),
    Phase.PRIMARY_SECONDARY: _("Wechsel auf die weiterführende Schule"),
    Phase.ORIENTATION: _("Berufe kennenlernen (in der Schule)"),
    Phase.SCHOOL_TO_TRAINING: _("Von der Schule in die Ausbildung"),
    Phase.TRAINING: _("Während der Ausbildung"),
    Phase.REQUALIFICATION: _("Abschluss nachholen"),
}


CODED_FACETS = [
    CodedFacet(
        "phases",
        _("Worum geht es?"),
        [(code, PLAIN_PHASES[code]) for code in Phase.values],
        lambda codes: Q(phases__overlaps=codes),
    ),
    CodedFacet(
        "target_groups", _("Zielgruppe"), TargetGroup.choices, lambda codes: Q(target_groups__overlaps=codes)
    ),
    CodedFacet(
        "legal_spheres",
        _("Rechtskreis"),
        LegalSphere.choices,
        lambda codes: Q(legal_sphere__in=codes),
        expert=True,
    ),
    CodedFacet(
        "funding_sources",
        _("Mittelgeber"),
        FundingSource.choices,
        lambda codes: Q(funding_source__in=codes),
        expert=True,
    ),
    CodedFacet("languages", _("Sprache"), Language.choices, lambda codes: Q(languages__overlaps=codes)),
]
# The order of the facets on the page.
ORDER = (
    "phases",
    "categories",
    "target_groups",
    "regions",
    "legal_spheres",
    "funding_sources",
    "languages",
    FREE,
)


def plain_phases(codes: list[str]) -> list[str]:
    """The phases of an offering in plain words, in the order of the education chain."""
    return [str(PLAIN_PHASES[phase]) for phase in Phase.values if phase in codes]


def known_codes(facet: CodedFacet, codes: list[str]) -> list[str]:
    """The codes of the vocabulary among `codes` (unknown ones from a URL are ignored)."""
    allowed = {code for code, _label in facet.choices}
    return [code for code in codes if code in allowed]


def selections(query, categories: list[Category]) -> dict[str, Q]:
    """The condition of each facet with a selection: facet name → Q (unknown codes are ignored; an
    unknown category selects nothing). `categories` are the tenant's (`Category.objects.for_tenant`):
    a selected code becomes the ids of the tenant's categories with it, tested against the row's ids."""
    conditions: dict[str, Q] = {}
    for facet in CODED_FACETS:
        codes = known_codes(facet, getattr(query, facet.name))
        if codes:
            conditions[facet.name] = facet.condition(codes)
    if query.categories:
        chosen = [category.pk for category in categories if category.code in query.categories]
        conditions["categories"] = Q(HasAnyId("search_category_ids", chosen))
    if query.regions:
        conditions["regions"] = Q(HasAnyId("search_region_ids", query.regions))
    if query.free_only:
        conditions[FREE] = Q(is_free=True)
    return conditions


class HasAnyId(Expression):
    """Whether a JSON array of ids on the offering's row (`search_category_ids`, `search_region_ids`)
    holds any of `ids`: no I/O beyond the row itself, on PostgreSQL (jsonb) and SQLite (JSON1) alike."""

    conditional = True

    def __init__(self, column: str, ids: list[int]) -> None:
        super().__init__(output_field=BooleanField())
        self.ids, self.column = [int(pk) for pk in ids], F(column)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        if not self.ids:
            return "1 = 0", []
        column, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return (
                f"EXISTS (SELECT 1 FROM jsonb_array_elements_text({column}) e WHERE e.value::bigint = ANY(%s))",
                [*params, self.ids],
            )
        marks = ", ".join("%s" for _pk in self.ids)
        return f"EXISTS (SELECT 1 FROM json_each({column}) e WHERE e.value IN ({marks}))", [
            *params,
            *self.ids,
        ]


def all_of(conditions: dict[str, Q], *, except_for: tuple[str, ...] = ()) -> Q:
    combined = Q()
    for name, condition in conditions.items():
        if name not in except_for:
            combined &= condition
    return combined


@dataclass
class Page:
    """Which hits a summary also returns: an ORDER BY over the columns of the matching set (`id`,
    `title`, `published_at`, `created_at` and the `extra` annotations, e.g. `rank`), and a slice."""

    order: str
    limit: int
    offset: int = 0
    extra: dict = field(default_factory=dict)  # annotation name → expression, selected for the order


@dataclass
class Summary:
    total: int
    facets: list[Facet]
    ids: list[int]  # the page's hits in order (empty without a `Page`)


# The columns the counts read; the order's columns are added by `Page`.
_COUNTED = (
    "id",
    "phases",
    "target_groups",
    "languages",
    "legal_sphere",
    "funding_source",
    "is_free",
    "search_category_ids",
    "search_region_ids",
)
_ORDERED = ("title", "published_at", "created_at")


def summarise(
    offerings: QuerySet,
    conditions: dict[str, Q],
    tenant,
    query,
    categories: list[Category],
    page: Page | None = None,
) -> Summary:
    """Total, every facet's counts and (with `page`) the ids of one page of hits, in ONE statement.

    `offerings` are the tenant's published offerings after the non-facet filters (words, age, radius).
    They are read once into a materialised CTE with one boolean column per facet selection; the total,
    the conditional counts of the coded facets, the category and region GROUP BYs and the page are all
    computed from it. A tenant's offerings lie scattered over the table, so reading them once instead of
    four times is most of a search's cost (bench/README.md, "Offering search").
    """
    flags = {f"sel_{name}": condition for name, condition in conditions.items()}
    extra = page.extra if page else {}
    columns = (
        offerings.order_by()
        .annotate(
            **{
                alias: ExpressionWrapper(condition, output_field=BooleanField())
                for alias, condition in flags.items()
            },
            **extra,
        )
        .values(*_COUNTED, *(_ORDERED if page else ()), *flags, *extra)
    )
    try:
        base_sql, params = columns.query.sql_with_params()
    except EmptyResultSet:  # e.g. no candidate of the SQLite fallback: nothing to count
        base_sql = None

    def others(*skip: str) -> str:
        return " AND ".join(f"sel_{name}" for name in conditions if name not in skip) or "1 = 1"

    counts = [f"COUNT(*) FILTER (WHERE {others()})"]
    count_params: list = []
    for facet in CODED_FACETS:
        rest = others(facet.name)
        for code, _label in facet.choices:
            sql, value = _coded_value(facet.name, code)
            counts.append(f"COUNT(*) FILTER (WHERE {sql} AND {rest})")
            count_params.append(value)
    counts.append(f"COUNT(*) FILTER (WHERE is_free AND {others(FREE)})")

    object_agg, elements = _json_object_agg(), _json_elements()

    def by_ids(column: str, facet: str) -> str:
        """Offerings per id in the row's array (ids are distinct per row, so COUNT(*) counts offerings)."""
        return (
            f"(SELECT {object_agg}(g.pk, g.n) FROM (SELECT e.value AS pk, COUNT(*) AS n FROM base "
            f"CROSS JOIN {elements}(base.{column}) e WHERE {others(facet)} GROUP BY e.value) g)"
        )

    by_category = by_ids("search_category_ids", "categories")
    by_region = by_ids("search_region_ids", "regions")
    # The tenant's regions (id, name) in their order ride along: one round trip less than asking apart.
    array_agg, pair = (
        ("json_agg", "json_build_array")
        if connection.vendor == "postgresql"
        else (
            "json_group_array",
            "json_array",
        )
    )
    region_list = (
        f"(SELECT {array_agg}({pair}(r.id, r.name)) FROM (SELECT id, name FROM {Region._meta.db_table} "
        "WHERE tenant_id = %s ORDER BY position, name) r)"
    )
    selects = [*counts, by_category, by_region, region_list]
    page_params: list = []
    if page:
        selects.append(
            f"(SELECT {object_agg}(p.pos, p.id) FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {page.order}) "
            f"AS pos FROM base WHERE {others()} ORDER BY {page.order} LIMIT %s OFFSET %s) p)"
        )
        page_params = [page.limit, page.offset]
    if base_sql is None:
        row = [0] * len(counts) + [None, None, _region_list(tenant), None]
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH base AS {_materialized()}({base_sql}) SELECT {', '.join(selects)} FROM base",
                [*params, *count_params, tenant.pk, *page_params],
            )
            row = cursor.fetchone()

    total, coded = row[0], row[1 : len(counts)]
    category_counts, region_counts = (_json(value) for value in row[len(counts) : len(counts) + 2])
    regions = row[len(counts) + 2]
    regions = json.loads(regions) if isinstance(regions, str) else regions or []
    ids = [pk for _position, pk in sorted((int(k), v) for k, v in _json(row[-1]).items())] if page else []

    built: dict[str, Facet] = {}
    numbers = iter(coded)
    for facet in CODED_FACETS:
        selected = set(getattr(query, facet.name))
        heading, labels = _labels(facet.name, get_language())
        values = [
            FacetValue(code, label, next(numbers), code in selected)
            for (code, _lazy), label in zip(facet.choices, labels, strict=True)
        ]
        built[facet.name] = Facet(facet.name, heading, values, expert=facet.expert)
    built[FREE] = Facet(
        FREE, str(_("Kosten")), [FacetValue("1", str(_("kostenfrei")), next(numbers), query.free_only)]
    )
    built["categories"] = _categories(category_counts, categories, query)
    built["regions"] = _regions(region_counts, regions, query)
    return Summary(total, [built[name] for name in ORDER], ids)


@lru_cache(maxsize=64)
def _labels(name: str, language: str | None) -> tuple[str, list[str]]:
    """A coded facet's heading and value labels in one language, translated once per process."""
    facet = next(facet for facet in CODED_FACETS if facet.name == name)
    return str(facet.label), [str(label) for _code, label in facet.choices]


def _coded_value(name: str, code: str) -> tuple[str, object]:
    """SQL over the CTE's columns for "the offering has this code" (bit masks, or one-code columns)."""
    if name in SINGLE_CODE_COLUMNS:
        return f"{SINGLE_CODE_COLUMNS[name]} = %s", code
    return f"({name} & %s) <> 0", Offering._meta.get_field(name).mask([code])


# Facets over a column holding one code (not a bit mask): facet name → column.
SINGLE_CODE_COLUMNS = {"legal_spheres": "legal_sphere", "funding_sources": "funding_source"}


def _materialized() -> str:
    """PostgreSQL computes a CTE used several times once anyway; the keyword makes it explicit. SQLite
    knows it only from 3.35 on and decides for itself."""
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def _json_object_agg() -> str:
    return "json_object_agg" if connection.vendor == "postgresql" else "json_group_object"


def _json_elements() -> str:
    """The table function over a JSON array's elements; both name their column `value`."""
    return "jsonb_array_elements_text" if connection.vendor == "postgresql" else "json_each"


def _json(value) -> dict:
    """A JSON object from the database: parsed by psycopg, text on SQLite, NULL when nothing was grouped."""
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else value


def _categories(counts: dict, categories: list[Category], query) -> Facet:
    selected = set(query.categories)
    by_code: dict[str, FacetValue] = {}
    for category in categories:  # a tenant's own may reuse a default's code
        value = by_code.setdefault(
            category.code, FacetValue(category.code, category.name, 0, category.code in selected)
        )
        value.count += counts.get(str(category.pk), 0)
    return Facet("categories", str(_("Kategorie")), list(by_code.values()))


def _region_list(tenant) -> list:
    return list(Region.objects.for_tenant(tenant).order_by("position", "name").values_list("pk", "name"))


def _regions(counts: dict, regions: list, query) -> Facet:
    selected = set(query.regions)
    values = [FacetValue(str(pk), name, counts.get(str(pk), 0), pk in selected) for pk, name in regions]
    return Facet("regions", str(_("Region")), values)
