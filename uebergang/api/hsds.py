"""The HSDS 3.0 API of each municipality at /api/hsds/{tenant}/, with its own OpenAPI document.

Public and read-only: published offerings as HSDS services, the active organisations, and the
taxonomies of the "Übergang German youth profile" (`docs/hsds-profile.md`, also served at
/api/hsds/profile). Paging and filters follow the HSDS API description (Open Referral `openapi.json`):
`page`, `per_page`, `search`, `taxonomy_term_id`, `organization_id`, `modified_after`, `full`; the page
envelope has `total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`,
`contents`. Bad parameters get a structured 400, unknown ids (or another municipality's) a 404.
The mapping itself lives in `uebergang/offerings/hsds.py`.
"""

from __future__ import annotations

import math
from datetime import datetime, time
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from uebergang.api.base import Api
from uebergang.api.schemas import (
    TENANT,
    ErrorOut,
    PageNumber,
    TenantSlug,
    Text,
    ValidationErrorOut,
)
from uebergang.offerings import hsds
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

PROFILE_DOC = Path(settings.BASE_DIR) / "docs" / "hsds-profile.md"
MAX_PER_PAGE = 500


class HsdsApi(Api):
    """The HSDS API with its object schemas as local components of its OpenAPI document."""

    def get_openapi_schema(self, **kwargs):
        document = super().get_openapi_schema(**kwargs)
        document.setdefault("components", {}).setdefault("schemas", {}).update(_hsds_components())
        return document


hsds_api = HsdsApi(
    validation_status=400,
    title="Übergang HSDS API",
    version=hsds.HSDS_VERSION,
    urls_namespace="api-hsds",
    description="Der öffentliche Angebotskatalog jeder Kommune im Format Open Referral HSDS 3.0 "
    "(Human Services Data Specification), Profil „Übergang German youth profile“: "
    "veröffentlichte Angebote, Akteure und Taxonomien. Ohne Anmeldung; vertrauliche Adressen "
    "erscheinen nie.",
)


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@hsds_api.exception_handler(BadParameter)
def _bad_parameter(request: HttpRequest, exc: BadParameter):
    issue = {"loc": ["query", exc.name], "msg": exc.message, "type": "invalid"}
    return hsds_api.create_response(request, {"detail": [issue]}, status=400)


@hsds_api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return hsds_api.create_response(request, {"detail": _("Nicht gefunden.")}, status=404)


# Schemas for the OpenAPI document; the HSDS objects themselves are described by the HSDS schemas.


class PageParams(Schema):
    page: PageNumber = Field(1, description="Seite (ab 1).")
    per_page: int = Field(
        50, ge=1, le=MAX_PER_PAGE, description=f"Einträge je Seite (höchstens {MAX_PER_PAGE})."
    )


class ServiceParams(PageParams):
    search: Text = Field(
        "", max_length=200, description="Volltextsuche (deutsch), wie die Suche der Kommune."
    )
    taxonomy_term_id: UUID | None = Field(
        None, description="Nur Angebote mit diesem Begriff (Kategorie, Phase…)."
    )
    organization_id: UUID | None = Field(None, description="Nur Angebote dieses Anbieters.")
    modified_after: Text | None = Field(
        None, description="Nur Angebote, die an oder nach diesem Zeitpunkt geändert wurden (ISO 8601)."
    )
    full: bool = Field(False, description="`true`: vollständig verschachtelte Angebote statt der Grunddaten.")


class OrganizationParams(PageParams):
    search: Text = Field("", max_length=200, description="Sucht im Namen und Kurznamen.")
    full: bool = Field(False, description="`true`: vollständig verschachtelte Akteure.")


class TaxonomyParams(PageParams):
    search: Text = Field("", max_length=200, description="Sucht im Namen.")


class TaxonomyTermParams(TaxonomyParams):
    taxonomy_id: UUID | None = Field(None, description="Nur Begriffe dieser Taxonomie.")


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict] = Field(description="Die Objekte dieser Seite (HSDS-Schema des Endpunkts).")


class ApiInfoOut(Schema):
    version: str = Field(description="HSDS-Version")
    profile: str = Field(description="Beschreibung des Profils „Übergang German youth profile“")
    openapi_url: str
    tenant: str
    name: str


# The HSDS objects in the OpenAPI document: local components (no reference to another host), with the
# fields HSDS 3.0 requires of each and any further ones; the full schemas are Open Referral's
# `schema/*.json` of HSDS 3.0, against which the tests validate every answer.
HSDS_OBJECTS = {
    "service": ("HsdsService", ["id", "name", "status"]),
    "organization": ("HsdsOrganization", ["id", "name", "description"]),
    "taxonomy": ("HsdsTaxonomy", ["id", "name", "description"]),
    "taxonomy_term": ("HsdsTaxonomyTerm", ["id", "name", "description"]),
}


def _hsds_components() -> dict:
    components = {}
    for name, (component, required) in HSDS_OBJECTS.items():
        components[component] = {
            "title": component,
            "description": f"Ein Objekt `{name}` nach HSDS 3.0 (Open Referral, Schema `{name}.json`), "
            "Profil „Übergang German youth profile“.",
            "type": "object",
            "required": required,
            "properties": {field: {"type": "string"} for field in required},
            "additionalProperties": True,
        }
        components[f"{component}Page"] = {
            "allOf": [
                {"$ref": "#/components/schemas/PageOut"},
                {
                    "properties": {
                        "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}}
                    }
                },
            ]
        }
    return components


def _hsds_schema(name: str) -> dict:
    component = HSDS_OBJECTS[name][0]
    return {"responses": {200: _json_schema(component)}}


def _page_schema(name: str) -> dict:
    return {"responses": {200: _json_schema(HSDS_OBJECTS[name][0] + "Page")}}


def _json_schema(component: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}}


def _page(items: list, total: int, params: PageParams) -> dict:
    total_pages = math.ceil(total / params.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(items),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not items,
        "contents": items,
    }


def _slice(items: list, params: PageParams) -> list:
    start = (params.page - 1) * params.per_page
    return items[start : start + params.per_page]


def _modified_after(raw: str | None) -> datetime | None:
    if not raw:
        return None
    value = None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(
            "modified_after",
            _(
                "„%(value)s“ ist kein Zeitpunkt. Bitte im ISO-8601-Format angeben, z. B. 2026-01-31T12:00:00+01:00."
            )
            % {"value": raw[:50]},
        )
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _words_filter(items: list[dict], text: str, *keys: str) -> list[dict]:
    words = text.lower().split()
    return [item for item in items if all(any(w in item.get(k, "").lower() for k in keys) for w in words)]


router = Router(tags=["HSDS"])


@hsds_api.get(
    "/profile",
    url_name="profile",
    summary="Das Profil „Übergang German youth profile“ (Markdown)",
    openapi_extra={"responses": {200: {"content": {"text/markdown": {}}}}},
)
def profile(request: HttpRequest):
    return HttpResponse(PROFILE_DOC.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8")


@router.get(
    "/",
    response={200: ApiInfoOut, 404: ErrorOut},
    url_name="root",
    summary="HSDS-Version und Profil dieser Schnittstelle",
)
def api_info(request: HttpRequest, tenant: TenantSlug = TENANT):
    tenant_obj: Tenant = request.tenant
    return {
        "version": hsds.HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("api-hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("api-hsds:openapi-json")),
        "tenant": tenant_obj.slug,
        "name": tenant_obj.name,
    }


@router.get(
    "/services",
    response={200: PageOut, 400: ValidationErrorOut, 404: ErrorOut},
    url_name="services",
    summary="Angebote (Services), seitenweise",
    description="Veröffentlichte Angebote; ohne `full` nur die 1:1-Felder (HSDS `service_list`). "
    "Mit `search` nach Relevanz, sonst nach Name sortiert.",
    openapi_extra=_page_schema("service"),
)
def services(request: HttpRequest, params: Query[ServiceParams], tenant: TenantSlug = TENANT):
    tenant_obj = request.tenant
    filters = hsds.ServiceFilters(
        search=params.search.strip(),
        taxonomy_term_id=params.taxonomy_term_id,
        organization_id=params.organization_id,
        modified_after=_modified_after(params.modified_after),
    )
    ids = hsds.matching_service_ids(tenant_obj, filters)
    page_ids = _slice(ids, params)
    queryset = (
        hsds.services_queryset(tenant_obj) if params.full else Offering.objects.select_related("provider")
    )
    by_id = {offering.pk: offering for offering in queryset.filter(pk__in=page_ids)}
    contents = [hsds.service(by_id[pk], full=params.full) for pk in page_ids]
    return _page(contents, len(ids), params)


@router.get(
    "/services/{uuid:service_id}",
    response={200: dict, 404: ErrorOut},
    url_name="service",
    summary="Ein Angebot, vollständig verschachtelt",
    description="Mit Anbieter, Orten (vertrauliche nur mit dem Ort), Zeiten, Kosten, Förderung, "
    "Sprachen, Kontakt und den Attributen des Profils.",
    openapi_extra=_hsds_schema("service"),
)
def service(request: HttpRequest, service_id: UUID, tenant: TenantSlug = TENANT):
    offering = get_object_or_404(hsds.services_queryset(request.tenant), hsds_id=service_id)
    return hsds.service(offering)


@router.get(
    "/organizations",
    response={200: PageOut, 400: ValidationErrorOut, 404: ErrorOut},
    url_name="organizations",
    summary="Akteure (Organizations), seitenweise",
    description="Die aktiven Akteure der Kommune, wie die öffentliche Akteursliste sie zeigt.",
    openapi_extra=_page_schema("organization"),
)
def organizations(request: HttpRequest, params: Query[OrganizationParams], tenant: TenantSlug = TENANT):
    queryset = hsds.organizations_queryset(request.tenant)
    for word in params.search.split():
        queryset = queryset.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
    total = queryset.count()
    page = list(_slice(queryset, params))
    return _page([hsds.organization(o, full=params.full) for o in page], total, params)


@router.get(
    "/organizations/{uuid:organization_id}",
    response={200: dict, 404: ErrorOut},
    url_name="organization",
    summary="Ein Akteur mit seinen veröffentlichten Angeboten",
    openapi_extra=_hsds_schema("organization"),
)
def organization(request: HttpRequest, organization_id: UUID, tenant: TenantSlug = TENANT):
    tenant_obj = request.tenant
    organisation = get_object_or_404(hsds.organizations_queryset(tenant_obj), hsds_id=organization_id)
    offerings = Offering.objects.for_tenant(tenant_obj).published().filter(provider=organisation)
    return hsds.organization(organisation, services=offerings.order_by("title", "pk"))


@router.get(
    "/taxonomies",
    response={200: PageOut, 400: ValidationErrorOut, 404: ErrorOut},
    url_name="taxonomies",
    summary="Taxonomien des Profils",
    openapi_extra=_page_schema("taxonomy"),
)
def taxonomies(request: HttpRequest, params: Query[TaxonomyParams], tenant: TenantSlug = TENANT):
    items = _words_filter(hsds.taxonomies(), params.search, "name")
    return _page(_slice(items, params), len(items), params)


@router.get(
    "/taxonomy_terms",
    response={200: PageOut, 400: ValidationErrorOut, 404: ErrorOut},
    url_name="taxonomy_terms",
    summary="Begriffe aller Taxonomien",
    description="Kategorien (gemeinsame und eigene der Kommune) und die festen Wertelisten.",
    openapi_extra=_page_schema("taxonomy_term"),
)
def taxonomy_terms(request: HttpRequest, params: Query[TaxonomyTermParams], tenant: TenantSlug = TENANT):
    items = hsds.taxonomy_terms(request.tenant)
    if params.taxonomy_id is not None:
        items = [item for item in items if item["taxonomy_id"] == str(params.taxonomy_id)]
    items = _words_filter(items, params.search, "name", "code")
    return _page(_slice(items, params), len(items), params)


hsds_api.add_router("/{tenant:tenant}/", router)
