"""Search of the offering catalogue: the one function the public page, the finder, exports and the
benchmark call.

`search(tenant, SearchQuery(...))` → `SearchResult` with the page of hits, the total, the facet counts,
the resolved postcode, German error messages and the corrections of mistyped words. Only the tenant's
published offerings are ever searched. The parts live beside this module: `german` (folding, stemming),
`fulltext` (the database seam: PostgreSQL full text or the SQLite fallback, typo vocabulary),
`facets` (total, disjunctive counts and the page's ids in one statement) and `nearby` (radius and
distance).

A typed word that matches no published offering of the tenant is replaced by the closest word of the
tenant's vocabulary that does (`SearchResult.corrections`: {"Bewerbnug": "Bewerbung"}); this is only
tried when the search finds nothing, so the usual search costs no extra query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Tenant

from . import expansion, facets, fulltext, geo, nearby
from .facets import Facet, FacetValue  # noqa: F401 - FacetValue is part of this module's interface
from .german import fold, query_terms, words
from .models import Category, Offering, OfferingLocation

SORTS = ("relevance", "distance", "newest")
PAGE_SIZE = 20


@dataclass
class SearchQuery:
    text: str = ""
    phases: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # Category codes
    target_groups: list[str] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)  # Region ids
    legal_spheres: list[str] = field(default_factory=list)
    funding_sources: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    free_only: bool = False
    age: int | None = None
    postcode: str = ""
    radius_km: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass
class Hit:
    offering: Offering
    distance_km: float | None = None  # to the nearest public location, when searching around a postcode


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: list[Facet]
    place: geo.Place | None = None  # the resolved postcode of a radius search
    errors: list[str] = field(default_factory=list)  # German messages for the page (e.g. unknown postcode)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → the word searched instead
    searched_words: list[str] = field(default_factory=list)  # the query's words as typed

    @property
    def offerings(self) -> list[Offering]:
        return [hit.offering for hit in self.hits]

    @property
    def corrected_text(self) -> str:
        """The words actually searched for, for "Ergebnisse für „…“" (empty without corrections)."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in self.searched_words)


LIST_PARAMS = ("phases", "categories", "target_groups", "legal_spheres", "funding_sources", "languages")
MAX_RADIUS_KM = 200


def query_from_params(params: QueryDict) -> SearchQuery:
    """A SearchQuery from GET parameters (the public page, exports and the API use the same names):
    q, phases, categories, target_groups, regions, legal_spheres, funding_sources, languages (repeatable), kostenfrei=1,
    alter, plz, umkreis (km), sortierung (relevance|distance|newest), seite. Malformed numbers are ignored.
    """

    def number(name: str, upper: int) -> int | None:
        try:
            value = int(params.get(name, ""))
        except ValueError:
            return None
        return value if 0 <= value <= upper else None

    sort = params.get("sortierung", "relevance")
    return SearchQuery(
        text=params.get("q", "").strip()[:200],
        **{name: [value for value in params.getlist(name) if value][:50] for name in LIST_PARAMS},
        regions=[int(value) for value in params.getlist("regions") if _is_id(value)][:50],
        free_only=params.get("kostenfrei") == "1",
        age=number("alter", 99),
        postcode=params.get("plz", "").strip()[:5],
        radius_km=number("umkreis", MAX_RADIUS_KM),
        sort=sort if sort in SORTS else "relevance",
        page=number("seite", 10_000) or 1,
    )


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 18


def refresh_search_text(offering: Offering) -> None:
    """Rebuild the folded search text of one offering and its category and region ids (what the facet
    counts read, `facets.summarise`), and add its words to the tenant's vocabulary (call after every save
    that changes its texts, provider, categories or locations)."""
    categories = list(offering.categories.all())
    locations = list(offering.locations.all())
    parts = [
        offering.short_description,
        offering.description,
        offering.plain_language,
        offering.provider.name,
        offering.legal_basis,
        offering.programme,
        *(category.name for category in categories),
        *(location.city for location in locations),
    ]
    denormalised = {
        "search_text": fulltext.document(offering.title, parts),
        "search_category_ids": sorted({category.pk for category in categories}),
        "search_region_ids": sorted({loc.region_id for loc in locations if loc.region_id is not None}),
        **nearby.stored_places(locations),
    }
    Offering.objects.filter(pk=offering.pk).update(**denormalised)
    for name, value in denormalised.items():
        setattr(offering, name, value)
    fulltext.remember_words(offering.tenant_id, [offering.title, *parts])


def search(
    tenant: Tenant, query: SearchQuery, *, all_hits: bool = False, with_facets: bool = True
) -> SearchResult:
    """Search the tenant's published offerings.

    With facets (the page, the finder, the API) the total, every facet count and the page's ids come from
    one statement (`facets.summarise`); the page's offerings are then loaded with only the columns a
    result list shows (`HIT_FIELDS`; anything else loads on access), their locations and categories
    attached. `all_hits=True` returns every hit instead of one page (exports; callers cap the number
    themselves); `with_facets=False` leaves the facet counts out (one COUNT, or nothing with
    `all_hits`) and loads complete offerings, as exports need them.
    """
    terms = query_terms(query.text)
    result = _search(tenant, query, terms, all_hits=all_hits, with_facets=with_facets)
    if result.total == 0 and terms:
        # One word and no other filter: the empty result already says the word matches nothing.
        known_unmatched = terms if len(terms) == 1 and not _filters(query) else []
        replacements = _replacements(tenant, terms, known_unmatched)
        if replacements:
            corrected = [replacements[term][0] if term in replacements else term for term in terms]
            result = _search(tenant, query, corrected, all_hits=all_hits, with_facets=with_facets)
            result.corrections = {
                word: replacements[fold(word)][1] for word in words(query.text) if fold(word) in replacements
            }
    result.searched_words = [word for word in words(query.text) if fold(word) in terms]
    return result


def _filters(query: SearchQuery) -> bool:
    """Whether anything besides the words narrows the search (a postcode alone only sorts)."""
    selections = [getattr(query, name) for name in LIST_PARAMS] + [query.regions]
    return any(selections) or query.free_only or query.age is not None or bool(query.radius_km)


def _replacements(tenant: Tenant, terms: list[str], known_unmatched: list[str]) -> dict[str, tuple[str, str]]:
    """For each term that matches no published offering: the closest vocabulary word that does,
    as (folded, as written). Terms in `known_unmatched` are not checked again."""
    engine = fulltext.backend()
    published = Offering.objects.for_tenant(tenant).published()
    replacements = {}
    for term in terms:
        if len(term) < fulltext.PREFIX_MIN_LENGTH:
            continue
        if term not in known_unmatched and engine.any_match(published, [term]):
            continue
        for folded, written in engine.suggestions(tenant, term):
            if engine.any_match(published, [folded]):
                replacements[term] = (folded, written)
                break
    return replacements


def _search(
    tenant: Tenant, query: SearchQuery, terms: list[str], *, all_hits: bool, with_facets: bool
) -> SearchResult:
    offerings = Offering.objects.for_tenant(tenant).published()
    rank = None
    if terms:
        offerings, rank = fulltext.backend().restrict(offerings, expansion.expand(tenant, terms))
    if query.age is not None:
        offerings = offerings.filter(Q(min_age__isnull=True) | Q(min_age__lte=query.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=query.age)
        )
    place, errors = None, []
    if query.postcode:
        place = geo.place_for(query.postcode)
        if place is None:
            errors.append(
                str(_("Die Postleitzahl „%(postcode)s“ kennen wir nicht.") % {"postcode": query.postcode})
            )
        elif query.radius_km:
            offerings = offerings.filter(nearby.within(place, query.radius_km))
    elif query.radius_km:
        errors.append(str(_("Für die Suche im Umkreis fehlt die Postleitzahl.")))

    categories = list(Category.objects.for_tenant(tenant)) if with_facets or query.categories else []
    conditions = facets.selections(query, categories)
    if with_facets:
        page = None if all_hits else _page(query, rank, place)
        summary = facets.summarise(offerings, conditions, tenant, query, categories, page)
        if all_hits:
            hits = _hits(offerings.filter(facets.all_of(conditions)), query, rank, place, all_hits=True)
        else:
            hits = _page_hits(summary.ids, place, categories)
        return SearchResult(hits, summary.total, summary.facets, place, errors)
    matching = offerings.filter(facets.all_of(conditions))
    total = None if all_hits else matching.count()
    hits = _hits(matching, query, rank, place, all_hits=all_hits) if total != 0 else []
    return SearchResult(hits, len(hits) if total is None else total, [], place, errors)


# What a result list shows of a hit (the public page, the API's summaries): the long texts, the search
# text and the funding and contact details stay in the database until a detail page asks for them.
HIT_FIELDS = (
    "tenant_id",
    "hsds_id",
    "provider_id",
    "status",
    "service_status",
    "title",
    "short_description",
    "phases",
    "target_groups",
    "languages",
    "legal_sphere",
    "funding_source",
    "min_age",
    "max_age",
    "is_free",
    "places_free",
    "published_at",
    "created_at",
    "updated_at",
    "provider__name",
    "provider__hsds_id",
    "provider__tenant_id",
)


def _page(query: SearchQuery, rank, place) -> facets.Page:
    """The order of the hits as SQL over the summary's columns (see `facets.Page`)."""
    limit, offset = query.page_size, (max(query.page, 1) - 1) * query.page_size
    if query.sort == "newest":
        return facets.Page("published_at DESC NULLS LAST, created_at DESC, id DESC", limit, offset)
    if query.sort == "distance" and place is not None:
        extra = {"distance": nearby.nearest_distance(place)}
        return facets.Page("distance ASC NULLS LAST, title, id", limit, offset, extra)
    if rank is not None:
        return facets.Page("rank DESC, title, id", limit, offset, {"rank": rank})
    return facets.Page("title, id", limit, offset)


def _page_hits(ids: list[int], place, categories: list[Category]) -> list[Hit]:
    """The page's offerings, with only the columns a result list shows, in the summary's order
    (`categories`: the tenant's, as the search read them)."""
    if not ids:
        return []
    loaded = {
        offering.pk: offering
        for offering in Offering.objects.filter(pk__in=ids).select_related("provider").only(*HIT_FIELDS)
    }
    _attach_locations_and_categories(loaded, categories)
    return [
        Hit(offering, nearby.distance_to_hit(place, offering.locations.all()) if place else None)
        for offering in (loaded[pk] for pk in ids if pk in loaded)
    ]


def _attach_locations_and_categories(offerings: dict[int, Offering], categories: list[Category]) -> None:
    """What `prefetch_related("locations", "categories")` leaves behind — `offering.locations.all()`
    and `offering.categories.all()` answered from memory, in the models' default order — from two plain
    queries: the locations, and the (offering, category) id pairs of the links, the categories being the
    tenant's the search read already. Django's generic prefetch builds a filtered queryset per offering
    first, which cost as much again (bench/README.md, "Offering search")."""
    locations: dict[int, list] = {pk: [] for pk in offerings}
    for location in OfferingLocation.objects.filter(offering_id__in=list(offerings)):
        location.offering = offerings[location.offering_id]
        locations[location.offering_id].append(location)
    ordered = sorted(categories, key=lambda category: (category.position, category.name, category.pk))
    links = Offering.categories.through.objects.filter(offering_id__in=list(offerings))
    linked: dict[int, set] = {pk: set() for pk in offerings}
    for offering_id, category_id in links.values_list("offering_id", "category_id"):
        linked[offering_id].add(category_id)
    for pk, offering in offerings.items():
        offering._prefetched_objects_cache = {
            "locations": _answered(OfferingLocation, locations[pk]),
            "categories": _answered(
                Category, [category for category in ordered if category.pk in linked[pk]]
            ),
        }


def _answered(model, objects: list) -> QuerySet:
    queryset = QuerySet(model=model)
    queryset._result_cache, queryset._prefetch_done = objects, True
    return queryset


def _hits(offerings: QuerySet, query: SearchQuery, rank, place, *, all_hits: bool) -> list[Hit]:
    offerings = offerings.select_related("provider").prefetch_related("locations", "categories")
    if rank is not None:
        offerings = offerings.annotate(rank=rank)
    if query.sort == "newest":
        order = [F("published_at").desc(nulls_last=True), "-created_at", "-pk"]
    elif query.sort == "distance" and place is not None:
        offerings = offerings.annotate(distance=nearby.nearest_distance(place))
        order = [F("distance").asc(nulls_last=True), "title", "pk"]
    elif rank is not None:
        order = ["-rank", "title", "pk"]
    else:
        order = ["title", "pk"]
    offerings = offerings.order_by(*order)
    if not all_hits:
        start = (max(query.page, 1) - 1) * query.page_size
        offerings = offerings[start : start + query.page_size]
    return [
        Hit(offering, nearby.distance_to_hit(place, offering.locations.all()) if place else None)
        for offering in offerings
    ]
