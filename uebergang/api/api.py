"""The typed REST API (django-ninja) with its OpenAPI document at /api/v1/openapi.json.

Staff endpoints accept a personal API token (`Authorization: Bearer …`, see /konto/api-tokens/) or the
browser session (`uebergang.api.auth`). The HSDS API has its own instance (`uebergang.api.hsds`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from uebergang.api.base import Api
from uebergang.monitoring.api import router as monitoring_router
from uebergang.offerings.api import router as offerings_router
from uebergang.tenants.models import Tenant

api = Api(
    title="Übergang API",
    version="1",
    urls_namespace="api-v1",
    description="Öffentliche und interne Schnittstellen von Übergang. Kleine Zahlen sind stets unterdrückt. "
    "Interne Endpunkte nehmen ein persönliches API-Token (`Authorization: Bearer <Token>`, anzulegen unter "
    "/konto/api-tokens/) oder die Anmeldung im Browser; das Token handelt mit den Rechten seiner Person. "
    "Der Angebotskatalog im Format HSDS 3.0: /api/hsds/{tenant}/ (eigene Beschreibung unter "
    "/api/hsds/docs).",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": _("Nicht gefunden.")}, status=404)


class TenantOut(Schema):
    slug: str
    name: str
    kind: str
    population: int | None
    summary: str


@api.get("/tenants", response=list[TenantOut], tags=["Kommunen"], summary="Mitgliedskommunen des Verbunds")
def list_tenants(request: HttpRequest):
    return Tenant.objects.active()


api.add_router("/{tenant:tenant}/monitoring/", monitoring_router)
api.add_router("/{tenant:tenant}/offerings/", offerings_router)
