"""The typed REST API (django-ninja) with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from uebergang.monitoring.api import router as monitoring_router
from uebergang.tenants.models import Tenant

api = NinjaAPI(
    title="Übergang API",
    version="1",
    urls_namespace="api-v1",
    description="Öffentliche und interne Schnittstellen von Übergang. Kleine Zahlen sind stets unterdrückt.",
)


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
