from decimal import Decimal

import pytest

from apps.delivery.geo import (
    InvalidPolygon,
    haversine_km,
    point_in_circle,
    point_in_polygon,
    polygon_validate,
)

# A unit-ish square with a square hole, [longitude, latitude].
SQUARE = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
HOLE = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]
# A concave "L": the notch (3, 3) is outside although inside the bounding box.
L_SHAPE = [[0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4], [0, 0]]


def inside(lat, lng, rings) -> bool:
    return point_in_polygon(latitude=Decimal(lat), longitude=Decimal(lng), rings=rings)


@pytest.mark.parametrize(
    ("lat", "lng", "expected"),
    [
        ("2", "2", True),  # centre
        ("5", "2", False),  # above
        ("2", "-0.000001", False),  # just left of the border
        ("0", "2", True),  # on the bottom edge
        ("2", "4", True),  # on the right edge
        ("4", "4", True),  # on a corner
        ("0", "0", True),  # on the first vertex
        ("0.000001", "3.999999", True),  # just inside a corner
    ],
)
def test_square_inside_outside_and_edges(lat, lng, expected):
    assert inside(lat, lng, [SQUARE]) is expected


@pytest.mark.parametrize(
    ("lat", "lng", "expected"),
    [
        ("1", "1", True),
        ("3", "3", False),  # in the notch
        ("1", "3", True),
        ("3", "1", True),
        ("2.5", "3", False),  # in the notch
        ("2", "3", True),  # on the notch's border
    ],
)
def test_concave_polygon(lat, lng, expected):
    assert inside(lat, lng, [L_SHAPE]) is expected


def test_a_hole_is_outside_but_its_border_belongs_to_the_zone():
    assert inside("2", "2", [SQUARE, HOLE]) is False
    assert inside("1", "2", [SQUARE, HOLE]) is True
    assert inside("0.5", "0.5", [SQUARE, HOLE]) is True


def test_edges_are_decided_exactly_for_real_coordinates():
    # A slanted border between two Tashkent points; its midpoint is on it, exactly.
    triangle = [[69.2, 41.2], [69.3, 41.35], [69.1, 41.35], [69.2, 41.2]]
    assert inside("41.275", "69.25", [triangle]) is True
    assert inside("41.275", "69.250001", [triangle]) is False


def test_haversine_distance():
    # One degree along the equator, and along a meridian, on the mean earth sphere.
    along_equator = haversine_km(
        latitude=Decimal(0), longitude=Decimal(0), to_latitude=Decimal(0), to_longitude=Decimal(1)
    )
    along_meridian = haversine_km(
        latitude=Decimal(41),
        longitude=Decimal(69),
        to_latitude=Decimal(42),
        to_longitude=Decimal(69),
    )
    assert along_equator == pytest.approx(111.195, abs=0.001)
    assert along_meridian == pytest.approx(111.195, abs=0.001)


def test_circle_includes_its_border_within_a_metre():
    centre = {"center_latitude": Decimal("41.3"), "center_longitude": Decimal("69.3")}
    # One degree of latitude is 111.195 km on the mean earth sphere.
    radius = Decimal("1.111950")
    on_border = {"latitude": Decimal("41.31"), "longitude": Decimal("69.3")}
    assert point_in_circle(**on_border, **centre, radius_km=radius)
    assert not point_in_circle(**on_border, **centre, radius_km=radius - Decimal("0.002"))
    assert point_in_circle(
        latitude=Decimal("41.3"), longitude=Decimal("69.3"), **centre, radius_km=radius
    )


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([], "list of rings"),
        ([[[0, 0], [1, 0], [0, 0]]], "4 to"),
        ([[[0, 0], [1, 0], [1, 1], [0, 1]]], "not closed"),
        ([[[0, 0], [1, 0], [1, 0], [0, 0]]], "three distinct"),
        ([[[0, 0], [200, 0], [1, 1], [0, 0]]], "not a place"),
        ([[[0, 0], [1, "0"], [1, 1], [0, 0]]], "[longitude, latitude]"),
        ([[[0, 0], [1, True], [1, 1], [0, 0]]], "[longitude, latitude]"),
        ({"type": "Polygon"}, "list of rings"),
    ],
)
def test_polygon_validation_says_what_is_wrong(coordinates, message):
    with pytest.raises(InvalidPolygon, match=message.replace("[", r"\[").replace("]", r"\]")):
        polygon_validate(coordinates)


def test_a_valid_polygon_passes_validation():
    assert polygon_validate([SQUARE, HOLE]) == [SQUARE, HOLE]
