"""Pieces every API router shares: the tenant path parameter, bounded query types and the error bodies.

Every integer a caller can send is bounded (`Id`, `PageNumber`, `Year`) and every text refuses the NUL
character (`Text`): out-of-range numbers would overflow SQLite's 64-bit integers and PostgreSQL refuses
NUL in text, and either would end as a 500. Bad input gets the structured `ValidationErrorOut` with a
German message per parameter (`uebergang.api.base`) — status 422 in /api/v1/, 400 in the HSDS API.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Schema
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from uebergang.tenants.models import Tenant

MAX_ID = 2**63 - 1  # the largest primary key either database can hold
MAX_PAGE = 100_000


def _slug(value: Tenant | str) -> str:
    return value.slug if isinstance(value, Tenant) else value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "The text contains a NUL character.")
    return value


# Routers are mounted under `{tenant:tenant}`: Django's tenant converter resolves the slug to an
# active Tenant (404 otherwise) and the tenant middleware puts it on the request, as for every
# workspace view; the operation sees the slug, and the OpenAPI document a plain string.
TenantSlug = Annotated[str, BeforeValidator(_slug)]
TENANT = Path(..., description="Kürzel der Kommune, z. B. „kreis-a“")

Text = Annotated[str, AfterValidator(_no_nul)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Year = Annotated[int, Field(ge=1900, le=2999)]


class ErrorOut(Schema):
    detail: str


class ValidationIssueOut(Schema):
    loc: list[str]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationIssueOut]
