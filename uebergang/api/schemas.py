"""Pieces every tenant-scoped API router shares: the tenant path parameter and the error bodies."""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Schema
from pydantic import BeforeValidator

from uebergang.tenants.models import Tenant


def _slug(value: Tenant | str) -> str:
    return value.slug if isinstance(value, Tenant) else value


# Routers are mounted under `{tenant:tenant}`: Django's tenant converter resolves the slug to an
# active Tenant (404 otherwise) and the tenant middleware puts it on the request, as for every
# workspace view; the operation sees the slug, and the OpenAPI document a plain string.
TenantSlug = Annotated[str, BeforeValidator(_slug)]
TENANT = Path(..., description="Kürzel der Kommune, z. B. „kreis-a“")


class ErrorOut(Schema):
    detail: str


class ValidationIssueOut(Schema):
    loc: list[str]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationIssueOut]
