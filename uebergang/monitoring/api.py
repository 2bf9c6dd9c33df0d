"""Monitoring API: the suppressed figures of the dashboards, mounted at /api/v1/{tenant}/monitoring/.

Sign-in by session or a personal API token (`Authorization: Bearer …`); permission `monitoring.view`.
Every figure is what a page shows: `{"suppressed": true, "display": ".", "count": null, "share": null}`
when hidden ("." = Zahlenwert geheim zu halten), decided once per cohort for every output alike.
A partner gets the tenant and, beside it, only its own school — never a breakdown by school.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import has_permission, membership_for
from uebergang.api.auth import STAFF_AUTH
from uebergang.api.schemas import TENANT, ErrorOut, Id, TenantSlug, ValidationErrorOut, Year
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from . import queries

router = Router(auth=STAFF_AUTH, tags=["Monitoring"])


MAX_DIMENSIONS = 2


LEGEND = (
    "„.“ = Zahlenwert geheim zu halten: Anzahlen unter der Schwelle der Kommune und, wo nötig, weitere "
    "Felder, damit sich keine verdeckte Zahl aus anderen Zahlen errechnen lässt — auch nicht aus anderen "
    "Tabellen, Filtern, Downloads oder Antworten dieser Schnittstelle. Verdeckte Felder können auch "
    "größere Zahlen verbergen."
)


class FigureOut(Schema):
    suppressed: bool = Field(description="true, wenn die Zahl verdeckt ist; dann ohne Wert. " + LEGEND)
    display: str = Field(description="Wie auf jeder Seite angezeigt, z. B. „12“ oder „.“ (verdeckt).")
    count: int | None = Field(description="Die Anzahl; null, wenn verdeckt.")
    share: float | None = Field(description="Anteil in Prozent; null, wenn verdeckt.")


class HeadlineYearOut(Schema):
    year: int
    complete: bool = Field(description="false, solange nicht alle erwarteten Schulen gemeldet haben.")
    total: FigureOut = Field(description="Schulabgänger/innen des Jahrgangs")
    dual: FigureOut = Field(description="in duale Berufsausbildung (Anteil am Jahrgang)")
    transition: FigureOut = Field(description="in den Übergangsbereich (Anteil am Jahrgang)")
    unknown: FigureOut = Field(description="Verbleib unbekannt (Anteil am Jahrgang)")


class HeadlineOut(Schema):
    tenant: str
    threshold: int = Field(description="Zahlen unter dieser Schwelle sind verdeckt.")
    school: int | None = Field(description="Die Schule, auf die sich die Zahlen beschränken, sonst null.")
    years: list[HeadlineYearOut]


class CellOut(Schema):
    keys: dict[str, int | str | None] = Field(
        description="Wert je Dimension: Jahr, Code oder Kennung (Schule, Region)."
    )
    labels: dict[str, str] = Field(description="Bezeichnung je Dimension")
    figure: FigureOut


class TableOut(Schema):
    tenant: str
    threshold: int = Field(description="Zahlen unter dieser Schwelle sind verdeckt.")
    dimensions: list[str]
    years: list[int] | None = Field(description="Die gewählten Abgangsjahre, null für alle.")
    school: int | None = Field(description="Die Schule, auf die sich die Zahlen beschränken, sonst null.")
    total: FigureOut | None = Field(
        description="Die Summe der Tabelle; null bei Tabellen nach Abgangsjahr (Jahre werden nie addiert)."
    )
    incomplete_years: list[int] = Field(
        description="Abgangsjahre, für die noch nicht alle erwarteten Schulen gemeldet haben."
    )
    cells: list[CellOut]


class ScopeFilter(Schema):
    school: Id | None = Field(None, description="Kennung einer Schule der Kommune (Partner: nur die eigene).")


class TableFilter(ScopeFilter):
    dimensions: str = Field(
        "year",
        description="Eine oder zwei Dimensionen, durch Komma getrennt, aus: "
        "year, school, school_type, qualification, gender, region, destination, planned, followup. "
        "Leer, unbekannt oder mehr als zwei: 422.",
    )
    year: list[Year] | None = Field(
        None,
        description="Abgangsjahr(e): mehrere nur für Tabellen mit `year` (je Jahr eine Zeile); ohne "
        "`year` genau eines, sonst das letzte.",
    )


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _figure(figure: queries.Figure | None) -> dict | None:
    if figure is None:
        return None
    if figure.count is None:
        return {"suppressed": True, "display": figure.display, "count": None, "share": None}
    return {"suppressed": False, "display": figure.display, "count": figure.count, "share": figure.share}


def _tenant_for(request: HttpRequest) -> Tenant:
    """The tenant of the URL if the user may read its monitoring (403 otherwise)."""
    tenant = request.tenant
    if not has_permission(request.user, tenant, "monitoring.view"):
        raise HttpError(403, _("Sie dürfen das Monitoring dieser Kommune nicht sehen."))
    return tenant


def _is_partner(request: HttpRequest, tenant: Tenant) -> bool:
    membership = membership_for(request.user, tenant)
    return membership is not None and membership.role == Membership.Role.PARTNER


def _school_for(request: HttpRequest, tenant: Tenant, school_id: int | None) -> int | None:
    """A school of the tenant to narrow the figures to; a partner may name only its own school."""
    if school_id is None:
        return None
    school = get_object_or_404(
        Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL), pk=school_id
    )
    if _is_partner(request, tenant) and membership_for(request.user, tenant).organisation_id != school.pk:
        raise HttpError(403, _("Als Partner sehen Sie die Zahlen der Kommune und nur Ihrer eigenen Schule."))
    return school.pk


def _dimensions(raw: str) -> list[str]:
    dimensions = [part.strip() for part in raw.split(",") if part.strip()]
    problems = []
    unknown = [d for d in dimensions if d not in queries.DIMENSIONS]
    if unknown:
        problems.append(
            {
                "loc": ["query", "dimensions"],
                "msg": _("Unbekannte Dimension: %(unknown)s. Möglich sind: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(queries.DIMENSIONS)},
                "type": "unknown_dimension",
            }
        )
    if not 1 <= len(dimensions) <= MAX_DIMENSIONS or len(set(dimensions)) != len(dimensions):
        problems.append(
            {
                "loc": ["query", "dimensions"],
                "msg": _("Bitte eine oder zwei verschiedene Dimensionen angeben."),
                "type": "dimension_count",
            }
        )
    if problems:
        raise ValidationError(problems)
    return dimensions


@router.get(
    "/headline",
    response={200: HeadlineOut, **ERRORS, 422: ValidationErrorOut},
    summary="Kennzahlen je Abgangsjahr",
    description="Anteile in duale Ausbildung, in den Übergangsbereich und mit unbekanntem Verbleib, "
    "je Abgangsjahr; unvollständige Jahrgänge sind markiert. " + LEGEND,
)
def headline(request: HttpRequest, filters: Query[ScopeFilter], tenant: TenantSlug = TENANT):
    tenant_obj = _tenant_for(request)
    school_id = _school_for(request, tenant_obj, filters.school)
    rows = queries.headline(tenant_obj, school_id=school_id)
    return {
        "tenant": tenant_obj.slug,
        "threshold": tenant_obj.suppression_threshold,
        "school": school_id,
        "years": [
            {
                "year": row["year"],
                "complete": row["complete"],
                **{key: _figure(row[key]) for key in ("total", "dual", "transition", "unknown")},
            }
            for row in rows
        ],
    }


@router.get(
    "/table",
    response={200: TableOut, **ERRORS, 422: ValidationErrorOut},
    summary="Verbleib nach einer oder zwei Dimensionen",
    description="Anzahlen nach einer oder zwei Dimensionen: eine Dimension, eine Dimension mit "
    "`destination` (z. B. `dimensions=gender,destination`) oder mit `year` (je Jahr eine Zeile, keine "
    "Summe über Jahre). Ohne `year` gilt die Tabelle für genau ein Abgangsjahr (`year`, sonst das "
    "letzte). Eine Schule (`school`) schränkt nur `year` und `destination` ein. Andere Formen: 422. "
    + LEGEND,
)
def table(request: HttpRequest, filters: Query[TableFilter], tenant: TenantSlug = TENANT):
    tenant_obj = _tenant_for(request)
    dimensions = _dimensions(filters.dimensions)
    if "school" in dimensions and _is_partner(request, tenant_obj):
        raise HttpError(403, _("Als Partner sehen Sie keine Aufschlüsselung nach Schulen."))
    school_id = _school_for(request, tenant_obj, filters.school)
    try:
        result = queries.table(tenant_obj, dimensions, years=filters.year or None, school_id=school_id)
    except queries.TableNotOffered as problem:
        raise ValidationError(
            [{"loc": ["query", "dimensions"], "msg": str(problem), "type": "table_not_offered"}]
        ) from problem
    return {
        "tenant": tenant_obj.slug,
        "threshold": result.threshold,
        "dimensions": result.dimensions,
        "years": filters.year or None,
        "school": school_id,
        "total": _figure(result.total),
        "incomplete_years": result.incomplete_years,
        "cells": [
            {
                "keys": {d: row[d] for d in result.dimensions},
                "labels": {d: str(row[f"label:{d}"]) for d in result.dimensions},
                "figure": _figure(row["figure"]),
            }
            for row in result.rows
        ],
    }
