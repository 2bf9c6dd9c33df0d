"""Radius search and distances around a postcode, in SQL on every database.

Distances are measured only to public locations with coordinates: a confidential location's position
(e.g. a shelter) must not leak through a distance, a sort order or repeated radius searches.

An offering whose only locations are confidential still matches a radius search when the centre of its
postcode *area* — all postcodes sharing the first three digits, some 10–30 km across (`geo`'s coarse
fallback) — lies within the radius. That tells no more than the town the public sees anyway, and a
young person in the area still finds the offering. It gets no distance ("Ort vertraulich") and sorts
after the offerings with one.

Public locations: a bounding box on latitude/longitude narrows them in SQL (indexable), the exact
haversine distance decides. Django registers the trigonometric functions on SQLite, so the same
expressions run there.
"""

from __future__ import annotations

import math

from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from . import geo
from .models import OfferingLocation


class _Haversine(Func):
    """The great-circle distance in km from `place` to a location's coordinates, as one SQL template
    over the location's latitude and longitude (the functions Django also registers on SQLite). One
    node instead of a tree of twenty: a radius search resolves and compiles it twice per search."""

    template = (
        "(%(radius)s * ASIN(SQRT(POWER(SIN(RADIANS(%(expressions)s) / 2), 2)"
        " + %(cos)s * COS(RADIANS(%(latitude)s)) * POWER(SIN(RADIANS(%(longitude)s) / 2), 2))))"
    )
    output_field = FloatField()

    def __init__(self, place: geo.Place) -> None:
        super().__init__(F("latitude"), F("longitude"))
        self.place = place

    def as_sql(self, compiler, connection, **extra_context):
        (latitude, latitude_params), (longitude, longitude_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        place = self.place
        sql = self.template % {
            "radius": "%s",
            "expressions": f"{latitude} - %s",
            "cos": "%s",
            "latitude": latitude,
            "longitude": f"{longitude} - %s",
        }
        params = [
            2 * geo.EARTH_RADIUS_KM,
            *latitude_params,
            place.latitude,
            math.cos(math.radians(place.latitude)),
            *latitude_params,
            *longitude_params,
            place.longitude,
        ]
        return sql, params


def _haversine(place: geo.Place):
    return _Haversine(place)


def _public_locations():
    return OfferingLocation.objects.filter(
        offering_id=OuterRef("pk"), is_confidential=False, latitude__isnull=False, longitude__isnull=False
    )


def area_prefixes(place: geo.Place, radius_km: float) -> list[str]:
    """The three-digit postcode areas whose centre lies within the radius."""
    return sorted(
        prefix
        for prefix, (latitude, longitude) in geo.prefix_centres().items()
        if geo.distance_km(place.latitude, place.longitude, latitude, longitude) <= radius_km
    )


def within(place: geo.Place, radius_km: float) -> Q:
    """Offerings with a public location within the radius, or only confidential ones in an area near it."""
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(place.latitude, place.longitude, radius_km)
    public = (
        _public_locations()
        .filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        .alias(distance=_haversine(place))
        .filter(distance__lte=radius_km)
    )
    condition = Q(Exists(public))
    prefixes = area_prefixes(place, radius_km)
    if prefixes:
        confidential_only = (
            OfferingLocation.objects.filter(offering_id=OuterRef("pk"), is_confidential=True)
            .alias(area=Substr("postcode", 1, 3))
            .filter(area__in=prefixes)
            .exclude(
                Exists(
                    OfferingLocation.objects.filter(
                        offering_id=OuterRef("offering_id"), is_confidential=False
                    )
                )
            )
        )
        condition |= Q(Exists(confidential_only))
    return condition


def nearest_distance(place: geo.Place):
    """The distance in km to an offering's nearest public location (NULL without one), for sorting."""
    nearest = _public_locations().annotate(distance=_haversine(place)).order_by("distance").values("distance")
    return Subquery(nearest[:1], output_field=FloatField())


def distance_to_hit(place: geo.Place, locations) -> float | None:
    """The same distance in Python, from an offering's (prefetched) locations."""
    distances = [
        geo.distance_km(place.latitude, place.longitude, location.latitude, location.longitude)
        for location in locations
        if not location.is_confidential and location.latitude is not None and location.longitude is not None
    ]
    return min(distances) if distances else None
