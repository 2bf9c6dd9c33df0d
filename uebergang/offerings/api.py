"""Offerings API, mounted at /api/v1/{tenant}/offerings/: the public search and detail as typed JSON.

Open to everyone for published offerings, with the parameters and the results of the public search
page (`search.query_from_params`). Staff (a personal API token or the session, permission
`offerings.view`) also reach the drafts, offerings in review and archived ones they may see
(`queries.visible_offerings`): with `status=…` in the list, and by id in the detail. A confidential
location never shows its street, postcode or coordinates here — the API is an export.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from uebergang.accounts.permissions import has_permission, membership_for
from uebergang.api.auth import optional_user
from uebergang.api.schemas import TENANT, ErrorOut, Id, TenantSlug, Text, ValidationErrorOut
from uebergang.network.models import LegalSphere
from uebergang.tenants.models import Tenant

from . import search
from .models import Offering, OfferingLocation
from .queries import visible_offerings

router = Router(tags=["Angebote"])

# Documents optional authentication: anonymous, a token or the session.
OPTIONAL_AUTH = {"security": [{}, {"TokenAuth": []}, {"SessionAuth": []}]}
MAX_PAGE_SIZE = 100

StatusCode = Literal["draft", "in_review", "published", "archived"]


class OfferingSearchParams(Schema):
    """The parameters of the public search page, with the same names and meaning."""

    q: Text = Field("", max_length=200, description="Suchtext (deutsche Volltextsuche).")
    phases: list[Text] = Field([], description="Phase(n) der Bildungskette (Code, mehrfach).")
    categories: list[Text] = Field([], description="Kategorie(n) (Code, mehrfach).")
    target_groups: list[Text] = Field([], description="Zielgruppe(n) (Code, mehrfach).")
    regions: list[Id] = Field([], description="Region(en) der Kommune (Kennung, mehrfach).")
    legal_spheres: list[Text] = Field([], description="Rechtskreis(e) (Code, mehrfach).")
    funding_sources: list[Text] = Field([], description="Mittelgeber (Code, mehrfach).")
    languages: list[Text] = Field([], description="Sprache(n) (ISO-639-Code, mehrfach).")
    kostenfrei: Literal["0", "1"] | None = Field(None, description="`1`: nur kostenfreie Angebote.")
    alter: int | None = Field(None, ge=0, le=99, description="Alter der suchenden Person in Jahren.")
    plz: Text = Field("", max_length=5, description="Postleitzahl für die Umkreissuche und die Entfernung.")
    umkreis: int | None = Field(None, ge=1, le=search.MAX_RADIUS_KM, description="Umkreis um `plz` in km.")
    sortierung: Literal["relevance", "distance", "newest"] = "relevance"
    seite: int = Field(1, ge=1, le=10_000, description="Seite der Ergebnisse.")
    pro_seite: int = Field(search.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Treffer je Seite.")
    status: list[StatusCode] = Field(
        [],
        description="Nur für angemeldete Fachkräfte (Recht „Angebote ansehen“): Angebote in diesen "
        "Status, die Sie sehen dürfen. Ohne `status` gilt die öffentliche Suche (nur veröffentlichte).",
    )


class CodeOut(Schema):
    code: str
    label: str


class ProviderOut(Schema):
    id: int
    hsds_id: UUID
    name: str


class CategoryOut(Schema):
    code: str
    name: str
    hsds_id: UUID


class LocationOut(Schema):
    hsds_id: UUID
    name: str
    city: str
    region: str | None
    confidential: bool = Field(description="Vertrauliche Adresse: Straße, PLZ und Koordinaten fehlen.")
    street: str | None
    postcode: str | None
    latitude: float | None
    longitude: float | None


class OfferingOut(Schema):
    id: int
    hsds_id: UUID = Field(description="Kennung in der HSDS-Schnittstelle (/api/hsds/{tenant}/services/{id}).")
    title: str
    short_description: str
    status: StatusCode
    service_status: str = Field(description="HSDS-Status: active, inactive, defunct, temporarily closed.")
    provider: ProviderOut
    phases: list[CodeOut]
    categories: list[CategoryOut]
    target_groups: list[CodeOut]
    min_age: int | None
    max_age: int | None
    languages: list[CodeOut]
    is_free: bool
    locations: list[LocationOut]
    distance_km: float | None = Field(description="Entfernung zum nächsten öffentlichen Ort (Umkreissuche).")
    updated_at: datetime


class OfferingDetailOut(OfferingOut):
    description: str
    plain_language: str
    school_types: list[CodeOut]
    min_grade: int | None
    max_grade: int | None
    qualifications: list[CodeOut]
    legal_sphere: CodeOut | None
    legal_basis: str
    funding_source: CodeOut | None
    funder_name: str
    statutory: bool
    programme: str
    funding_start: date | None
    funding_end: date | None
    places_total: int | None
    places_free: int | None
    places_updated_at: date | None
    schedule: str
    cost_amount: Decimal | None
    cost_description: str
    accessibility: str
    how_to_apply: str
    url: str
    contact_name: str
    contact_email: str
    contact_phone: str
    last_checked: date | None
    published_at: datetime | None


class FacetValueOut(Schema):
    code: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str = Field(description="Der Parameter, den der Filter setzt, z. B. `phases`.")
    label: str
    values: list[FacetValueOut]


class OfferingPageOut(Schema):
    tenant: str
    total: int
    page: int
    page_size: int
    results: list[OfferingOut]
    facets: list[FacetOut] = Field(description="Filter mit Anzahlen (leer bei `status`).")
    errors: list[str] = Field(description="Hinweise zur Anfrage, z. B. eine unbekannte Postleitzahl.")


def _codes(offering: Offering, name: str) -> list[dict]:
    field = Offering._meta.get_field(name)
    present = getattr(offering, name)
    return [{"code": code, "label": str(label)} for code, label in field.code_choices if code in present]


def _location(location: OfferingLocation) -> dict:
    public = not location.is_confidential
    return {
        "hsds_id": location.hsds_id,
        "name": location.name if public else "",
        "city": location.city,
        "region": location.region.name if location.region else None,
        "confidential": location.is_confidential,
        "street": location.street if public else None,
        "postcode": location.postcode if public else None,
        "latitude": location.latitude if public else None,
        "longitude": location.longitude if public else None,
    }


def _summary(offering: Offering, distance_km: float | None = None) -> dict:
    return {
        "id": offering.pk,
        "hsds_id": offering.hsds_id,
        "title": offering.title,
        "short_description": offering.short_description,
        "status": offering.status,
        "service_status": offering.service_status,
        "provider": {
            "id": offering.provider_id,
            "hsds_id": offering.provider.hsds_id,
            "name": offering.provider.name,
        },
        "phases": _codes(offering, "phases"),
        "categories": [
            {"code": c.code, "name": c.name, "hsds_id": c.hsds_id} for c in offering.categories.all()
        ],
        "target_groups": _codes(offering, "target_groups"),
        "min_age": offering.min_age,
        "max_age": offering.max_age,
        "languages": _codes(offering, "languages"),
        "is_free": offering.is_free,
        "locations": [_location(location) for location in offering.locations.all()],
        "distance_km": round(distance_km, 1) if distance_km is not None else None,
        "updated_at": offering.updated_at,
    }


def _detail(offering: Offering) -> dict:
    plain = [
        "description",
        "plain_language",
        "min_grade",
        "max_grade",
        "legal_basis",
        "funder_name",
        "statutory",
        "programme",
        "funding_start",
        "funding_end",
        "places_total",
        "places_free",
        "places_updated_at",
        "schedule",
        "cost_amount",
        "cost_description",
        "accessibility",
        "how_to_apply",
        "url",
        "contact_name",
        "contact_email",
        "contact_phone",
        "last_checked",
        "published_at",
    ]
    legal_sphere = (
        {"code": offering.legal_sphere, "label": str(LegalSphere(offering.legal_sphere).label)}
        if offering.legal_sphere
        else None
    )
    return {
        **_summary(offering),
        **{name: getattr(offering, name) for name in plain},
        "school_types": _codes(offering, "school_types"),
        "qualifications": _codes(offering, "qualifications"),
        "legal_sphere": legal_sphere,
        "funding_source": (
            {"code": offering.funding_source, "label": offering.get_funding_source_display()}
            if offering.funding_source
            else None
        ),
    }


def _with_relations(offerings):
    return offerings.select_related("provider").prefetch_related(
        "categories", Prefetch("locations", queryset=OfferingLocation.objects.select_related("region"))
    )


def _staff_offerings(tenant: Tenant, user):
    """The offerings this caller may see beyond the published ones, or None for the public."""
    if not has_permission(user, tenant, "offerings.view"):
        return None
    return visible_offerings(tenant, membership_for(user, tenant))


@router.get(
    "/",
    response={200: OfferingPageOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Angebote suchen",
    description="Die öffentliche Suche der Kommune: veröffentlichte Angebote, gefiltert und sortiert wie "
    "auf der Seite /{tenant}/angebote/, mit Filtern und ihren Anzahlen. Ohne Anmeldung nutzbar. "
    "Mit `status` listen angemeldete Fachkräfte auch Entwürfe und Angebote in Prüfung, die sie sehen "
    "dürfen (nach Titel, ohne Suchfilter).",
    openapi_extra=OPTIONAL_AUTH,
)
def list_offerings(request: HttpRequest, params: Query[OfferingSearchParams], tenant: TenantSlug = TENANT):
    tenant_obj = request.tenant
    user = optional_user(request)
    if params.status:
        return _list_by_status(tenant_obj, user, params)
    query = search.query_from_params(request.GET)
    query.page_size = params.pro_seite
    result = search.search(tenant_obj, query)
    prefetch_related_objects(result.offerings, "locations__region")
    return {
        "tenant": tenant_obj.slug,
        "total": result.total,
        "page": query.page,
        "page_size": query.page_size,
        "results": [_summary(hit.offering, hit.distance_km) for hit in result.hits],
        "facets": result.facets,
        "errors": result.errors,
    }


def _list_by_status(tenant: Tenant, user, params: OfferingSearchParams):
    if not user.is_authenticated:
        raise HttpError(401, _("Für `status` melden Sie sich an oder senden ein API-Token."))
    offerings = _staff_offerings(tenant, user)
    if offerings is None:
        raise HttpError(
            403, _("Sie dürfen die Angebote dieser Kommune nicht über die Veröffentlichung hinaus sehen.")
        )
    offerings = offerings.filter(status__in=params.status).order_by("title", "pk")
    start = (params.seite - 1) * params.pro_seite
    page = _with_relations(offerings)[start : start + params.pro_seite]
    return {
        "tenant": tenant.slug,
        "total": offerings.count(),
        "page": params.seite,
        "page_size": params.pro_seite,
        "results": [_summary(offering) for offering in page],
        "facets": [],
        "errors": [],
    }


@router.get(
    "/{int:offering_id}",
    response={200: OfferingDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="Ein Angebot",
    description="Alle öffentlichen Angaben eines veröffentlichten Angebots. Angemeldete Fachkräfte "
    "erhalten auch Angebote, die sie im Arbeitsbereich sehen dürfen (z. B. eigene Entwürfe).",
    openapi_extra=OPTIONAL_AUTH,
)
def get_offering(request: HttpRequest, offering_id: int, tenant: TenantSlug = TENANT):
    tenant_obj = request.tenant
    offerings = _staff_offerings(tenant_obj, optional_user(request))
    if offerings is None:
        offerings = Offering.objects.for_tenant(tenant_obj).published()
    offering = get_object_or_404(_with_relations(offerings), pk=offering_id)
    return _detail(offering)
