"""The public offering catalogue (no login): search with facets, list and map, detail, print view.

Only published offerings of the URL's municipality are visible; anything else is 404. A confidential
location shows its town and nothing more — not in the page, the map data or the structured data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from uebergang.lib import laender
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .. import corrections, search
from ..corrections import CorrectionForm
from ..facets import plain_phases
from ..models import Offering, OfferingLocation, SchoolType
from ..public_forms import RADIUS_KM, PublicSearchForm

EXPORT_FORMATS = ("csv", "xlsx")


@dataclass
class ActiveFilter:
    """A filter the visitor chose, with the link that removes it."""

    label: str
    remove_url: str


def public_search(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = PublicSearchForm(request.GET)
    form.is_valid()  # errors are shown beside the fields; the search runs without the rejected values
    query = form.sanitise(search.query_from_params(request.GET))
    result = search.search(tenant, query)
    last_page = max(math.ceil(result.total / query.page_size), 1)
    if query.page > last_page:  # a bookmarked page beyond the end shows the last page, not nothing
        query.page = last_page
        result = search.search(tenant, query)
    offerings = result.offerings
    prefetch_related_objects(offerings, "provider", "categories", "locations__region")

    params = request.GET.copy()
    params.pop("seite", None)
    map_data = _map_data(tenant, result, query.radius_km)
    shown_facets = [facet for facet in result.facets if any(_shown(value) for value in facet.values)]
    return render(
        request,
        "offerings/public/search.html",
        {
            "tenant": tenant,
            "du": True,  # pages for young people say "du" (the error summary too)
            "form": form,
            "query": query,
            "result": result,
            "hits": [_hit_view(hit, tenant) for hit in result.hits],
            "facets": [facet for facet in shown_facets if not facet.expert],
            "expert_facets": [facet for facet in shown_facets if facet.expert],
            "page": Paginator(range(result.total), query.page_size).get_page(query.page),
            "page_query": params.urlencode(),
            "active_filters": _active_filters(tenant, params, result),
            "reset_url": reverse("offerings:public_search", kwargs={"tenant": tenant}),
            "corrected": _corrected_search(params, result),
            "export_links": _export_links(tenant, params),
            "map": map_data,
            "map_json": json.dumps(map_data),
            "map_tiles": settings.OFFERINGS_MAP_TILES,
            "map_attribution": settings.OFFERINGS_MAP_ATTRIBUTION,
        },
    )


def public_detail(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    context = {"tenant": tenant, **_detail_context(tenant, offering_id), "correction_form": CorrectionForm()}
    return render(
        request, "offerings/public/detail.html", {**context, **_page_actions(request, tenant, context)}
    )


@csrf_exempt  # an anonymous message form (rate-limited, honeypot): a token protects nobody here and
@require_POST  # would keep the offering page out of the page cache (lib/pagecache.py)
def public_correction(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    """“Fehler melden” on an offering page: mail to its provider and the coordination office."""
    context = {"tenant": tenant, **_detail_context(tenant, offering_id)}
    form = CorrectionForm(request.POST)
    if form.is_valid():
        if corrections.admit(request):
            corrections.report(request, context["offering"], form)
            messages.success(
                request, _("Danke! Deine Meldung ist an den Anbieter und die Koordinierungsstelle gegangen.")
            )
            return redirect("offerings:public_detail", tenant=tenant, offering_id=offering_id)
        form.add_error(
            None,
            _(
                "Von hier kamen in der letzten Stunde schon mehrere Meldungen. Bitte versuch es später noch einmal."
            ),
        )
    context.update(correction_form=form, form=form, correction_open=True)
    return render(
        request, "offerings/public/detail.html", {**context, **_page_actions(request, tenant, context)}
    )


def _page_actions(request: HttpRequest, tenant: Tenant, context: dict) -> dict:
    """Call, write, find the way, share — and the way back to the results the visitor came from."""
    offering = context["offering"]
    phone = "".join(ch for ch in offering.contact_phone if ch.isdigit() or ch == "+")
    public_places = [location for location in context["locations"] if not location.confidential]
    place = next((location for location in public_places if location.latitude is not None), None)
    if place is not None:
        directions = f"https://www.openstreetmap.org/directions?route=%3B{place.latitude}%2C{place.longitude}"
    elif public_places and public_places[0].street:
        first = public_places[0]
        address = f"{first.street}, {first.postcode} {first.city}"
        directions = "https://www.openstreetmap.org/search?" + urlencode({"query": address}, quote_via=quote)
    else:
        directions = ""
    search = reverse("offerings:public_search", kwargs={"tenant": tenant})
    referer = urlsplit(request.headers.get("Referer", ""))
    came_from_results = referer.netloc == request.get_host() and referer.path == search
    page_url = request.build_absolute_uri()
    return {
        "phone_href": f"tel:{phone}" if phone else "",
        "directions_url": directions,
        "share_mail": "mailto:?" + urlencode({"subject": offering.title, "body": page_url}, quote_via=quote),
        "page_url": page_url,
        "back_url": f"{search}?{referer.query}" if came_from_results and referer.query else search,
        "back_to_results": came_from_results,
    }


def public_print(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    """One offering on one sheet: no site navigation; the printout names the page it came from."""
    detail = reverse("offerings:public_detail", kwargs={"tenant": tenant, "offering_id": offering_id})
    return render(
        request,
        "offerings/public/print.html",
        {
            "tenant": tenant,
            **_detail_context(tenant, offering_id),
            "detail_url": request.build_absolute_uri(detail),
        },
    )


# Detail ------------------------------------------------------------------------------------------------


def _detail_context(tenant: Tenant, offering_id: int) -> dict:
    """The published offering (404 otherwise) and what its page shows, confidential addresses removed."""
    offering = get_object_or_404(
        Offering.objects.for_tenant(tenant)
        .published()
        .select_related("provider")
        .prefetch_related(
            "categories",
            Prefetch("locations", queryset=OfferingLocation.objects.select_related("region")),
            Prefetch("schools_served", queryset=Organisation.objects.active().order_by("name")),
        ),
        pk=offering_id,
    )
    field = Offering._meta.get_field
    return {
        "du": True,  # pages for young people say "du" (the error summary too)
        "offering": offering,
        "provider_is_public": offering.provider.is_active,
        "phases": plain_phases(offering.phases),
        "target_groups": field("target_groups").labels(offering.target_groups),
        "school_types": [
            laender.school_type_label(tenant.land, code)
            for code, _label in SchoolType.choices
            if code in offering.school_types
        ],
        "qualifications": field("qualifications").labels(offering.qualifications),
        "offering_languages": field("languages").labels(offering.languages),
        "categories": list(offering.categories.all()),
        "locations": [_public_location(location) for location in offering.locations.all()],
        "schools": list(offering.schools_served.all()),
    }


@dataclass
class PublicLocation:
    """What the public may know of a location: a confidential one is its town (and region) only."""

    name: str
    city: str
    region: str
    confidential: bool
    street: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessibility: str = ""


def _public_location(location: OfferingLocation) -> PublicLocation:
    region = location.region.name if location.region else ""
    if location.is_confidential:
        return PublicLocation(name="", city=location.city, region=region, confidential=True)
    return PublicLocation(
        name=location.name,
        city=location.city,
        region=region,
        confidential=False,
        street=location.street,
        postcode=location.postcode,
        latitude=location.latitude,
        longitude=location.longitude,
        accessibility=location.accessibility,
    )


# Search page -------------------------------------------------------------------------------------------


@dataclass
class HitView:
    offering: Offering
    url: str
    distance_km: float | None
    phases: list[str]
    categories: list[str]
    towns: list[str]


def _hit_view(hit: search.Hit, tenant: Tenant) -> HitView:
    offering = hit.offering
    return HitView(
        offering=offering,
        url=reverse("offerings:public_detail", kwargs={"tenant": tenant, "offering_id": offering.pk}),
        distance_km=hit.distance_km,
        phases=plain_phases(offering.phases),
        categories=[category.name for category in offering.categories.all()],
        towns=sorted({location.city for location in offering.locations.all() if location.city}),
    )


def _shown(value: search.FacetValue) -> bool:
    """A facet value worth a checkbox: it would find something, or the visitor ticked it."""
    return value.count > 0 or value.selected


def _active_filters(tenant: Tenant, params: QueryDict, result: search.SearchResult) -> list[ActiveFilter]:
    """Every chosen filter with a link to the same search without it."""
    labels = _filter_labels(params, result)
    filters = []
    for name, values in params.lists():
        for value in values:
            if not value or (name, value) not in labels:
                continue
            remaining = params.copy()
            remaining.setlist(name, [other for other in values if other != value])
            if name == "plz":
                remaining.pop("umkreis", None)
            filters.append(ActiveFilter(labels[(name, value)], _search_url(tenant, remaining)))
    return filters


def _filter_labels(params: QueryDict, result: search.SearchResult) -> dict[tuple[str, str], str]:
    """(parameter, value) → the words a visitor reads. Facet values (all of them, counted or not, come
    with the result) and the fixed fields; an unknown value filters nothing and gets no label."""
    labels = {
        (facet.name, value.code): f"{facet.label}: {value.label}"
        for facet in result.facets
        for value in facet.values
    }
    if text := params.get("q", "").strip():
        labels[("q", params["q"])] = _("Suche: „%(text)s“") % {"text": text}
    if params.get("plz"):
        labels[("plz", params["plz"])] = _("Postleitzahl %(postcode)s") % {"postcode": params["plz"]}
    if params.get("umkreis") in RADIUS_KM:
        labels[("umkreis", params["umkreis"])] = _("Umkreis %(km)s km") % {"km": params["umkreis"]}
    if (age := params.get("alter", "")).isdigit():
        labels[("alter", age)] = _("Alter: %(age)s") % {"age": age}
    return labels


def _corrected_search(params: QueryDict, result: search.SearchResult) -> dict | None:
    """When the engine replaced mistyped words (and found something for them): what was typed, what was
    searched instead, and the link to search for that directly."""
    corrections = getattr(result, "corrections", None) or {}
    typed = params.get("q", "").strip()
    if not corrections or not typed:
        return None
    corrected = getattr(result, "corrected_text", "") or " ".join(
        corrections.get(word, word) for word in typed.split()
    )
    if corrected == typed:
        return None
    changed = params.copy()
    changed["q"] = corrected
    return {"typed": typed, "text": corrected, "url": "?" + changed.urlencode()}


def _search_url(tenant: Tenant, params: QueryDict) -> str:
    base = reverse("offerings:public_search", kwargs={"tenant": tenant})
    encoded = params.urlencode()
    return f"{base}?{encoded}" if encoded else base


def _export_links(tenant: Tenant, params: QueryDict) -> list[tuple[str, str]]:
    """Links to the same search as CSV and XLSX (`offerings:public_export`)."""
    encoded = params.urlencode()
    links = []
    for fmt in EXPORT_FORMATS:
        url = reverse("offerings:public_export", kwargs={"tenant": tenant, "fmt": fmt})
        links.append((fmt.upper(), f"{url}?{encoded}" if encoded else url))
    return links


def _map_data(tenant: Tenant, result: search.SearchResult, radius_km: int | None) -> dict:
    """Markers for the public locations with coordinates of this page's hits (never confidential ones)
    and the searched place, for `map.js` (as JSON) and for the table of places beside the map."""
    points = []
    for hit in result.hits:
        offering = hit.offering
        url = reverse("offerings:public_detail", kwargs={"tenant": tenant, "offering_id": offering.pk})
        for location in map(_public_location, offering.locations.all()):
            if location.confidential or location.latitude is None or location.longitude is None:
                continue
            town = f"{location.postcode} {location.city}".strip()
            points.append(
                {
                    "title": offering.title,
                    "url": url,
                    "name": location.name,
                    "address": ", ".join(part for part in (location.street, town) if part),
                    "lat": round(location.latitude, 6),
                    "lon": round(location.longitude, 6),
                }
            )
    centre = None
    if result.place is not None:
        centre = {"lat": result.place.latitude, "lon": result.place.longitude, "radius_km": radius_km}
    return {"points": points, "centre": centre}
