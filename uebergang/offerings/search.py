"""Search of the offering catalogue: the one function the public page, the finder, exports and the
benchmark call.

`search(tenant, SearchQuery(...))` → `SearchResult` with the page of hits, the total and the facet
counts. INTERIM implementation (plain `icontains`, facets counted in Python): the full-text engine
(PostgreSQL `german` configuration, typo tolerance, SQLite fallback) replaces the inside of this
module, keeping its interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from uebergang.network.models import LegalSphere
from uebergang.tenants.models import Tenant

from . import geo
from .models import Language, Offering, Phase, TargetGroup

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
    languages: list[str] = field(default_factory=list)
    free_only: bool = False
    age: int | None = None
    postcode: str = ""
    radius_km: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE


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

    @property
    def offerings(self) -> list[Offering]:
        return [hit.offering for hit in self.hits]


LIST_PARAMS = ("phases", "categories", "target_groups", "legal_spheres", "languages")
MAX_RADIUS_KM = 200


def query_from_params(params: QueryDict) -> SearchQuery:
    """A SearchQuery from GET parameters (the public page, exports and the API use the same names):
    q, phases, categories, target_groups, regions, legal_spheres, languages (repeatable), kostenfrei=1,
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
        regions=[int(value) for value in params.getlist("regions") if value.isdigit()][:50],
        free_only=params.get("kostenfrei") == "1",
        age=number("alter", 99),
        postcode=params.get("plz", "").strip()[:5],
        radius_km=number("umkreis", MAX_RADIUS_KM),
        sort=sort if sort in SORTS else "relevance",
        page=number("seite", 10_000) or 1,
    )


def refresh_search_text(offering: Offering) -> None:
    """Rebuild the denormalised search text of one offering (call after every save of it)."""
    parts = [
        offering.title,
        offering.short_description,
        offering.description,
        offering.plain_language,
        offering.provider.name,
        offering.legal_basis,
        offering.programme,
        *(category.name for category in offering.categories.all()),
        *(location.city for location in offering.locations.all()),
    ]
    text = "\n".join(part for part in parts if part)
    Offering.objects.filter(pk=offering.pk).update(search_text=text)
    offering.search_text = text


def search(tenant: Tenant, query: SearchQuery) -> SearchResult:
    offerings = Offering.objects.for_tenant(tenant).published().select_related("provider")
    for word in query.text.split():
        offerings = offerings.filter(search_text__icontains=word)
    if query.phases:
        offerings = offerings.filter(phases__overlaps=query.phases)
    if query.target_groups:
        offerings = offerings.filter(target_groups__overlaps=query.target_groups)
    if query.languages:
        offerings = offerings.filter(languages__overlaps=query.languages)
    if query.categories:
        offerings = offerings.filter(categories__code__in=query.categories).distinct()
    if query.regions:
        offerings = offerings.filter(locations__region__in=query.regions).distinct()
    if query.legal_spheres:
        offerings = offerings.filter(legal_sphere__in=query.legal_spheres)
    if query.free_only:
        offerings = offerings.filter(is_free=True)
    if query.age is not None:
        offerings = offerings.filter(Q(min_age__isnull=True) | Q(min_age__lte=query.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=query.age)
        )
    offerings = list(offerings.prefetch_related("locations", "categories"))
    place, errors = None, []
    hits = [Hit(offering) for offering in offerings]
    if query.postcode:
        place = geo.place_for(query.postcode)
        if place is None:
            errors.append(
                str(_("Die Postleitzahl „%(postcode)s“ kennen wir nicht.") % {"postcode": query.postcode})
            )
        else:
            for hit in hits:
                distances = [
                    geo.distance_km(place.latitude, place.longitude, location.latitude, location.longitude)
                    for location in hit.offering.locations.all()
                    if not location.is_confidential and location.latitude is not None
                ]
                hit.distance_km = min(distances) if distances else None
            if query.radius_km:
                hits = [
                    hit for hit in hits if hit.distance_km is not None and hit.distance_km <= query.radius_km
                ]
    if query.sort == "newest":
        hits.sort(key=lambda hit: hit.offering.published_at or hit.offering.created_at, reverse=True)
    elif query.sort == "distance" and place is not None:
        hits.sort(key=lambda hit: (hit.distance_km is None, hit.distance_km or 0))
    facets = _facets([hit.offering for hit in hits], query)
    start = (max(query.page, 1) - 1) * query.page_size
    return SearchResult(hits[start : start + query.page_size], len(hits), facets, place, errors)


def _facets(offerings: list[Offering], query: SearchQuery) -> list[Facet]:
    def coded(name, label, choices, codes_of):
        selected = set(getattr(query, name))
        values = [
            FacetValue(code, str(text), sum(1 for o in offerings if code in codes_of(o)), code in selected)
            for code, text in choices
        ]
        return Facet(name, str(label), values)

    return [
        coded("phases", _("Phase"), Phase.choices, lambda o: o.phases),
        coded("target_groups", _("Zielgruppe"), TargetGroup.choices, lambda o: o.target_groups),
        coded("legal_spheres", _("Rechtskreis"), LegalSphere.choices, lambda o: {o.legal_sphere}),
        coded("languages", _("Sprache"), Language.choices, lambda o: o.languages),
    ]
