"""Plane geometry for delivery zones, in pure Python (no GIS server).

Polygons are GeoJSON `Polygon` coordinates: a list of linear rings, the first the outer border and
any others holes, each ring a closed list of `[longitude, latitude]` positions. Inside-tests run in
exact rational arithmetic on the decimal values, so a point exactly on a border is decided
exactly: it counts as inside (the zone's edge belongs to the zone). Within a city the curvature
of the earth is far below the precision of an address pin, so treating degrees as plane
coordinates is safe for zones of a few tens of kilometres."""

import itertools
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

EARTH_RADIUS_KM = 6371.0088
# A circle's border is fuzzy by this much (1 metre, below what a phone's GPS resolves), so a
# point on the circle is inside whatever the floating-point rounding of the distance.
CIRCLE_EDGE_TOLERANCE_KM = 0.001
MAX_RING_POSITIONS = 1000
MAX_RINGS = 20

Point = tuple[Fraction, Fraction]


class InvalidPolygon(ValueError):
    """The value is not usable GeoJSON Polygon coordinates (the message says why)."""


def _exact(value) -> Fraction:
    # str() first: Fraction(0.1) would carry the binary float's error into the comparison.
    return Fraction(str(value)) if not isinstance(value, (int, Fraction)) else Fraction(value)


def polygon_validate(coordinates: object) -> list[list[list[float]]]:
    """Return `coordinates` if they are a GeoJSON Polygon's rings in range, else raise
    `InvalidPolygon`. Each ring needs at least three distinct positions and must be closed."""
    if not isinstance(coordinates, list) or not coordinates:
        raise InvalidPolygon("Give a list of rings: [[[longitude, latitude], ...], ...].")
    if len(coordinates) > MAX_RINGS:
        raise InvalidPolygon(f"At most {MAX_RINGS} rings (one border and its holes).")
    for number, ring in enumerate(coordinates, start=1):
        if not isinstance(ring, list) or not 4 <= len(ring) <= MAX_RING_POSITIONS:
            raise InvalidPolygon(
                f"Ring {number} needs 4 to {MAX_RING_POSITIONS} positions (closed: the last "
                "equals the first)."
            )
        for position in ring:
            if (
                not isinstance(position, list)
                or len(position) != 2
                or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in position
                )
            ):
                raise InvalidPolygon(f"Ring {number}: every position is [longitude, latitude].")
            longitude, latitude = position
            if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
                raise InvalidPolygon(f"Ring {number}: {position} is not a place on earth.")
        if ring[0] != ring[-1]:
            raise InvalidPolygon(f"Ring {number} is not closed: repeat the first position last.")
        if len({tuple(position) for position in ring}) < 3:
            raise InvalidPolygon(f"Ring {number} needs at least three distinct positions.")
    return coordinates


def _on_segment(point: Point, start: Point, end: Point) -> bool:
    (px, py), (ax, ay), (bx, by) = point, start, end
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    return cross == 0 and min(ax, bx) <= px <= max(ax, bx) and min(ay, by) <= py <= max(ay, by)


def _ring_position(point: Point, ring: Sequence[Point]) -> str:
    """`edge`, `inside` or `outside` of one closed ring (ray casting, exact)."""
    px, py = point
    inside = False
    for start, end in itertools.pairwise(ring):
        if _on_segment(point, start, end):
            return "edge"
        (ax, ay), (bx, by) = start, end
        if (ay > py) != (by > py):
            crossing_x = ax + (py - ay) * (bx - ax) / (by - ay)
            if px < crossing_x:
                inside = not inside
    return "inside" if inside else "outside"


def point_in_polygon(*, latitude: Decimal, longitude: Decimal, rings: Sequence) -> bool:
    """True when the point is inside the outer ring or on any border, and not strictly
    inside a hole."""
    point = (_exact(longitude), _exact(latitude))
    exact_rings = [[(_exact(x), _exact(y)) for x, y in ring] for ring in rings]
    outer, holes = exact_rings[0], exact_rings[1:]
    position = _ring_position(point, outer)
    if position == "edge":
        return True
    if position == "outside":
        return False
    return all(_ring_position(point, hole) != "inside" for hole in holes)


def haversine_km(
    *, latitude: Decimal, longitude: Decimal, to_latitude: Decimal, to_longitude: Decimal
) -> float:
    """Great-circle distance between two points, in kilometres."""
    lat1, lng1, lat2, lng2 = map(
        math.radians, map(float, (latitude, longitude, to_latitude, to_longitude))
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_in_circle(
    *,
    latitude: Decimal,
    longitude: Decimal,
    center_latitude: Decimal,
    center_longitude: Decimal,
    radius_km: Decimal,
) -> bool:
    """True when the point is within `radius_km` of the centre (the circle itself included)."""
    distance = haversine_km(
        latitude=latitude,
        longitude=longitude,
        to_latitude=center_latitude,
        to_longitude=center_longitude,
    )
    return distance <= float(radius_km) + CIRCLE_EDGE_TOLERANCE_KM
