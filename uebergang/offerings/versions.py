"""Versions of an offering: a snapshot of everything editable, applying one, comparing two.

A snapshot is plain JSON (`OfferingVersion.data`): the editable fields, category codes, the ids of
the schools served and the list of locations. Applying a snapshot writes exactly that state back, so
an approved change replaces the published offering in one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from uebergang.lib.codeset import CodeSetField

from .models import Category, Offering, OfferingLocation, OfferingVersion

# The fields of Offering a version carries (not: tenant, status, timestamps, search text).
FIELDS = [
    "provider",
    "service_status",
    "title",
    "short_description",
    "description",
    "plain_language",
    "phases",
    "target_groups",
    "min_age",
    "max_age",
    "school_types",
    "min_grade",
    "max_grade",
    "qualifications",
    "legal_sphere",
    "legal_basis",
    "funding_source",
    "funder_name",
    "statutory",
    "programme",
    "funding_start",
    "funding_end",
    "funding_amount",
    "places_total",
    "places_free",
    "places_updated_at",
    "schedule",
    "is_free",
    "cost_amount",
    "cost_description",
    "languages",
    "accessibility",
    "how_to_apply",
    "url",
    "contact_name",
    "contact_email",
    "contact_phone",
    "last_checked",
]
LOCATION_FIELDS = [
    "name",
    "street",
    "postcode",
    "city",
    "region",
    "latitude",
    "longitude",
    "is_confidential",
    "accessibility",
]


def _to_json(model_field, value):
    if isinstance(model_field, CodeSetField):
        return model_field.ordered(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, CodeSetField):
        return frozenset(value)
    return model_field.to_python(value)


def snapshot(offering: Offering, locations: list[dict] | None = None) -> dict:
    """The offering's editable state as JSON; `locations` overrides the stored ones (unsaved edits)."""
    data = {}
    for name in FIELDS:
        model_field = Offering._meta.get_field(name)
        data[name] = _to_json(model_field, getattr(offering, model_field.attname))
    data["categories"] = sorted(offering.categories.values_list("code", flat=True)) if offering.pk else []
    data["schools_served"] = (
        sorted(offering.schools_served.values_list("pk", flat=True)) if offering.pk else []
    )
    if locations is None:
        locations = [
            {
                "id": str(location.hsds_id),
                **{
                    name: _to_json(OfferingLocation._meta.get_field(name), getattr(location, _attname(name)))
                    for name in LOCATION_FIELDS
                },
            }
            for location in offering.locations.all()
        ]
    data["locations"] = locations
    return data


def _attname(name: str) -> str:
    return OfferingLocation._meta.get_field(name).attname


@transaction.atomic
def apply(offering: Offering, data: dict) -> Offering:
    """Write a snapshot onto the offering (fields, categories, schools, locations) and save it."""
    from .search import refresh_search_text

    for name in FIELDS:
        if name in data:
            model_field = Offering._meta.get_field(name)
            setattr(offering, model_field.attname, _from_json(model_field, data[name]))
    offering.full_clean(exclude=["tenant", "categories", "schools_served"])
    offering.save()
    if "categories" in data:
        offering.categories.set(
            Category.objects.for_tenant(offering.tenant).filter(code__in=data["categories"])
        )
    if "schools_served" in data:
        offering.schools_served.set(data["schools_served"])
    if "locations" in data:
        _apply_locations(offering, data["locations"])
    refresh_search_text(offering)
    return offering


def _apply_locations(offering: Offering, rows: list[dict]) -> None:
    """Update the locations a row names by its "id" (the HSDS id), create the others, delete the rest —
    so a location keeps its identity (and its id in the HSDS API) through edits and approvals."""
    existing = {str(location.hsds_id): location for location in offering.locations.all()}
    kept = set()
    for row in rows:
        location = existing.get(str(row.get("id") or ""))
        if location is None:
            location = OfferingLocation(offering=offering)
        for name in LOCATION_FIELDS:
            if name in row:
                setattr(
                    location, _attname(name), _from_json(OfferingLocation._meta.get_field(name), row[name])
                )
        location.save()
        kept.add(location.pk)
    offering.locations.exclude(pk__in=kept).delete()


def record_version(offering: Offering, data: dict, *, status: str, author) -> OfferingVersion:
    """Keep `data` as the offering's next version (numbers count up per offering, under a row lock)."""
    Offering.objects.select_for_update().filter(pk=offering.pk).first()
    number = (offering.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return OfferingVersion.objects.create(
        offering=offering, number=number, status=status, data=data, author=author
    )


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object


def compare(old: dict, new: dict) -> list[Change]:
    """The fields whose values differ between two snapshots, with their German labels."""
    labels = {name: str(Offering._meta.get_field(name).verbose_name) for name in FIELDS}
    labels.update(
        {
            "categories": str(Offering._meta.get_field("categories").verbose_name),
            "schools_served": str(Offering._meta.get_field("schools_served").verbose_name),
            "locations": str(OfferingLocation._meta.verbose_name_plural),
        }
    )
    changes = []
    for name in [*FIELDS, "categories", "schools_served", "locations"]:
        if old.get(name) != new.get(name):
            changes.append(Change(name, labels[name], old.get(name), new.get(name)))
    return changes
