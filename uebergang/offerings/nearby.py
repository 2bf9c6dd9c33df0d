"""Radius search and distances around a postcode, in SQL on every database.

Distances are measured only to public locations with coordinates: a confidential location's position
(e.g. a shelter) must not leak through a distance, a sort order or repeated radius searches.

An offering whose only locations are confidential still matches a radius search when the centre of its
postcode *area* — all postcodes sharing the first three digits, some 10–30 km across (`geo`'s coarse
fallback) — lies within the radius. That tells no more than the town the public sees anyway, and a
young person in the area still finds the offering. It gets no distance ("Ort vertraulich") and sorts
after the offerings with one.

Both are read from the offering's own row: `search_points` (the coordinates of its public locations)
and `search_areas` (the postcode areas of its confidential locations when it has no public one), kept by
`search.refresh_search_text`. A bounding box pre-checks each point cheaply, the exact haversine distance
decides. Django registers the trigonometric functions on SQLite, so the same SQL runs there (JSON1's
`json_each` where PostgreSQL has `jsonb_array_elements`).
"""

# ruff: noqa: S608 - the SQL here joins column references and constant templates; every value is a parameter

from __future__ import annotations

import math

from django.db.models import BooleanField, Expression, F, FloatField, Q

from . import geo


def _haversine_sql(latitude: str, longitude: str, place: geo.Place) -> tuple[str, list]:
    """The great-circle distance in km from `place` to SQL coordinates, with the functions Django also
    registers on SQLite."""
    sql = (
        f"(%s * ASIN(SQRT(POWER(SIN(RADIANS({latitude} - %s) / 2), 2)"
        f" + %s * COS(RADIANS({latitude})) * POWER(SIN(RADIANS({longitude} - %s) / 2), 2))))"
    )
    params = [
        2 * geo.EARTH_RADIUS_KM,
        place.latitude,
        math.cos(math.radians(place.latitude)),
        place.longitude,
    ]
    return sql, params


class _OnPoints(Expression):
    """SQL over the offering row's own `search_points` ([[latitude, longitude], …] of its public
    locations) and `search_areas` (the postcode areas of an offering located only confidentially), kept
    by `search.refresh_search_text`. Reading them from the row the search reads anyway replaces a scan
    of every tenant's locations in the bounding box plus a probe per offering (bench/README.md)."""

    def __init__(self, build, output_field) -> None:
        super().__init__(output_field=output_field)
        self.build, self.points, self.areas = build, F("search_points"), F("search_areas")

    def get_source_expressions(self):
        return [self.points, self.areas]

    def set_source_expressions(self, exprs):
        self.points, self.areas = exprs

    def as_sql(self, compiler, connection):
        (points, no_params), (areas, none_either) = (compiler.compile(e) for e in (self.points, self.areas))
        assert not no_params and not none_either  # plain columns: the builder's parameters are all
        if connection.vendor == "postgresql":
            elements = f"jsonb_array_elements({points}) p"
            texts = f"jsonb_array_elements_text({areas}) a"
            latitude, longitude = "(p.value->>0)::float8", "(p.value->>1)::float8"
        else:
            elements, texts = f"json_each({points}) p", f"json_each({areas}) a"
            latitude, longitude = "json_extract(p.value, '$[0]')", "json_extract(p.value, '$[1]')"
        return self.build(elements, texts, latitude, longitude)


def stored_places(locations) -> dict[str, list]:
    """What an offering keeps on its row for the radius search (`search_points`, `search_areas`)."""
    public = [location for location in locations if not location.is_confidential]
    points = sorted(
        [location.latitude, location.longitude]
        for location in public
        if location.latitude is not None and location.longitude is not None
    )
    areas = [] if public else sorted({location.postcode[:3] for location in locations if location.postcode})
    return {"search_points": points, "search_areas": areas}


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
    prefixes = area_prefixes(place, radius_km)

    def build(elements, texts, latitude, longitude):
        distance, distance_params = _haversine_sql(latitude, longitude, place)
        sql = (
            f"EXISTS (SELECT 1 FROM {elements} WHERE {latitude} BETWEEN %s AND %s "
            f"AND {longitude} BETWEEN %s AND %s AND {distance} <= %s)"
        )
        params = [min_lat, max_lat, min_lon, max_lon, *distance_params, radius_km]
        if prefixes:
            marks = ", ".join("%s" for _prefix in prefixes)
            sql = f"({sql} OR EXISTS (SELECT 1 FROM {texts} WHERE a.value IN ({marks})))"
            params += prefixes
        return sql, params

    return Q(_OnPoints(build, BooleanField()))


def nearest_distance(place: geo.Place):
    """The distance in km to an offering's nearest public location (NULL without one), for sorting."""

    def build(elements, texts, latitude, longitude):
        distance, params = _haversine_sql(latitude, longitude, place)
        return f"(SELECT MIN({distance}) FROM {elements})", params

    return _OnPoints(build, FloatField())


def distance_to_hit(place: geo.Place, locations) -> float | None:
    """The same distance in Python, from an offering's (prefetched) locations."""
    distances = [
        geo.distance_km(place.latitude, place.longitude, location.latitude, location.longitude)
        for location in locations
        if not location.is_confidential and location.latitude is not None and location.longitude is not None
    ]
    return min(distances) if distances else None
