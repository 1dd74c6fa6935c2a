"""Zones, quotes and checkout pricing: inside, outside, on the border, overlapping zones (the
cheapest wins), the free-delivery threshold, the minimum order and the hours served."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.delivery.selectors import delivery_quote
from apps.orders.models import Order
from apps.products.models import StockBatch
from tests.conftest import client_for
from tests.orders.factories import fill_cart, stocked_product
from tests.users.factories import AddressFactory, CustomerFactory

from .factories import CircleZoneFactory, ZoneFactory

pytestmark = pytest.mark.django_db

QUOTE = reverse("delivery-quote")
TASHKENT = ZoneInfo("Asia/Tashkent")
CENTRE = {"latitude": "41.311100", "longitude": "69.279700"}
SAMARKAND = {"latitude": "39.654200", "longitude": "66.959700"}


def _quote(client, cart_total="100000.00", **where):
    return client.post(QUOTE, {"cart_total": cart_total, **where}, format="json")


def _quote_at(local: datetime, *, cart_total="100000.00", where=CENTRE):
    return delivery_quote(
        latitude=Decimal(where["latitude"]),
        longitude=Decimal(where["longitude"]),
        items_total=Decimal(cart_total),
        at=local,
    )


# --- where we deliver ------------------------------------------------------------------------


def test_a_point_inside_a_zone_gets_its_fee_and_time_window(customer_client):
    zone = ZoneFactory(fee=Decimal("12000.00"), eta_min_minutes=30, eta_max_minutes=60)
    body = _quote(customer_client, **CENTRE).json()
    assert body["is_deliverable"] is True
    assert body["zone"] == {"id": zone.pk, "name": zone.name}
    assert (body["fee"], body["eta_min_minutes"], body["eta_max_minutes"]) == ("12000.00", 30, 60)
    assert (body["reason"], body["message"]) == ("", "")


def test_a_point_outside_every_zone_is_refused_with_a_reason(customer_client):
    ZoneFactory()
    response = _quote(customer_client, **SAMARKAND)
    assert response.status_code == 200
    body = response.json()
    assert (body["is_deliverable"], body["reason"], body["fee"]) == (
        False,
        "address_outside_zones",
        None,
    )
    assert body["message"]


@pytest.mark.parametrize(
    "point",
    [
        {"latitude": "41.200000", "longitude": "69.250000"},  # bottom edge of the square
        {"latitude": "41.400000", "longitude": "69.400000"},  # its north-east corner
    ],
)
def test_a_point_on_the_border_is_inside(customer_client, point):
    ZoneFactory()
    assert _quote(customer_client, **point).json()["is_deliverable"] is True


def test_a_point_just_outside_the_border_is_outside(customer_client):
    ZoneFactory()
    body = _quote(customer_client, latitude="41.199999", longitude="69.250000").json()
    assert body["reason"] == "address_outside_zones"


def test_circle_zones_include_their_border(customer_client):
    CircleZoneFactory(radius_km=Decimal("5.000"))
    # 5 km north of the centre is 0.044966 degrees of latitude.
    assert _quote(customer_client, latitude="41.356066", longitude="69.279700").json()[
        "is_deliverable"
    ]
    body = _quote(customer_client, latitude="41.357000", longitude="69.279700").json()
    assert body["reason"] == "address_outside_zones"


def test_overlapping_zones_give_the_cheapest(customer_client):
    ZoneFactory(name="Wide", fee=Decimal("15000.00"))
    cheap = CircleZoneFactory(name="Centre", fee=Decimal("8000.00"))
    ZoneFactory(name="Cheaper but inactive", fee=Decimal("1000.00"), is_active=False)
    body = _quote(customer_client, **CENTRE).json()
    assert (body["zone"]["name"], body["fee"]) == (cheap.name, "8000.00")


def test_overlap_compares_fees_for_this_cart_including_free_delivery(customer_client):
    ZoneFactory(name="Flat", fee=Decimal("5000.00"), free_delivery_from=None)
    free = CircleZoneFactory(
        name="Free from 150k", fee=Decimal("15000.00"), free_delivery_from=Decimal("150000.00")
    )
    small = _quote(customer_client, cart_total="100000.00", **CENTRE).json()
    large = _quote(customer_client, cart_total="150000.00", **CENTRE).json()
    assert (small["zone"]["name"], small["fee"]) == ("Flat", "5000.00")
    assert (large["zone"]["name"], large["fee"]) == (free.name, "0.00")


# --- fees, minimum and hours ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cart_total", "fee"),
    [("199999.99", "12000.00"), ("200000.00", "0.00"), ("500000.00", "0.00")],
)
def test_delivery_is_free_from_the_zones_threshold(customer_client, cart_total, fee):
    ZoneFactory(fee=Decimal("12000.00"), free_delivery_from=Decimal("200000.00"))
    body = _quote(customer_client, cart_total=cart_total, **CENTRE).json()
    assert (body["fee"], body["free_delivery_from"]) == (fee, "200000.00")


def test_below_the_minimum_order_is_refused_with_the_minimum(customer_client):
    ZoneFactory(min_order_total=Decimal("50000.00"))
    below = _quote(customer_client, cart_total="49999.99", **CENTRE).json()
    at = _quote(customer_client, cart_total="50000.00", **CENTRE).json()
    assert (below["is_deliverable"], below["reason"], below["min_order_total"]) == (
        False,
        "below_minimum_order",
        "50000.00",
    )
    assert at["is_deliverable"] is True


def test_an_overlapping_zone_with_a_lower_minimum_takes_the_small_order(customer_client):
    ZoneFactory(name="Cheap, big orders", fee=Decimal("5000.00"), min_order_total=Decimal("90000"))
    CircleZoneFactory(name="Any order", fee=Decimal("20000.00"))
    body = _quote(customer_client, cart_total="30000.00", **CENTRE).json()
    assert (body["zone"]["name"], body["fee"]) == ("Any order", "20000.00")


def _local(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=TASHKENT)


@pytest.mark.parametrize(
    ("hour", "minute", "open_"),
    [(8, 59, False), (9, 0, True), (20, 59, True), (21, 0, False), (23, 30, False)],
)
def test_zone_hours_are_tashkent_time_and_closing_time_is_excluded(hour, minute, open_):
    ZoneFactory(opens_at=time(9, 0), closes_at=time(21, 0))
    quote = _quote_at(_local(hour, minute))
    assert quote.is_deliverable is open_
    if not open_:
        assert (quote.reason, quote.opens_at) == ("outside_delivery_hours", time(9, 0))


@pytest.mark.parametrize(("hour", "open_"), [(22, True), (1, True), (2, False), (12, False)])
def test_a_night_zone_runs_past_midnight(hour, open_):
    ZoneFactory(opens_at=time(22, 0), closes_at=time(2, 0))
    assert _quote_at(_local(hour)).is_deliverable is open_


def test_outside_hours_names_the_next_opening_of_any_zone_there():
    ZoneFactory(name="Day", opens_at=time(9, 0), closes_at=time(18, 0))
    CircleZoneFactory(name="Evening", opens_at=time(19, 0), closes_at=time(23, 0))
    assert _quote_at(_local(18, 30)).opens_at == time(19, 0)
    assert _quote_at(_local(23, 30)).opens_at == time(9, 0)
    assert _quote_at(_local(20, 0)).zone.name == "Evening"


def test_the_quote_endpoint_uses_the_current_tashkent_time(customer):
    ZoneFactory(opens_at=time(9, 0), closes_at=time(21, 0))
    with time_machine.travel(_local(22, 0), tick=False):
        body = _quote(client_for(customer), **CENTRE).json()
    assert (body["reason"], body["opens_at"]) == ("outside_delivery_hours", "09:00")


# --- saved addresses and bad input -------------------------------------------------------------


def test_a_saved_address_is_quoted_by_its_map_pin(customer, customer_client):
    ZoneFactory()
    address = AddressFactory(user=customer)
    body = _quote(customer_client, address_id=address.pk).json()
    assert body["is_deliverable"] is True


@pytest.mark.parametrize(
    ("whose", "fields", "code"),
    [
        ("other", {}, "address_not_found"),
        ("own_deleted", {}, "address_not_found"),
        ("own", {"latitude": None, "longitude": None}, "address_location_required"),
    ],
)
def test_an_address_that_cannot_be_quoted_is_a_400(customer, customer_client, whose, fields, code):
    ZoneFactory()
    owner = CustomerFactory() if whose == "other" else customer
    address = AddressFactory(user=owner, **fields)
    if whose == "own_deleted":
        address.deleted_at = timezone.now()
        address.save()
    response = _quote(customer_client, address_id=address.pk)
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)


@pytest.mark.parametrize(
    "body",
    [
        {"cart_total": "1000.00"},
        {"cart_total": "1000.00", "latitude": "41.3"},
        {"cart_total": "1000.00", **CENTRE, "address_id": 1},
        {"cart_total": "-1.00", **CENTRE},
        {"cart_total": "abc", **CENTRE},
        {"cart_total": "1000.00", "latitude": "91", "longitude": "69"},
        {"cart_total": "1000.00", "latitude": "41", "longitude": "181"},
        {**CENTRE},
    ],
)
def test_malformed_quotes_are_validation_errors(customer_client, body):
    response = customer_client.post(QUOTE, body, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "validation_error")


# --- the zones list ----------------------------------------------------------------------------


def test_the_zones_list_is_public_and_shows_only_active_zones(anon_client):
    ZoneFactory(name="Polygon", fee=Decimal("9000.00"), opens_at=time(0, 0), closes_at=time(23, 59))
    CircleZoneFactory(name="Circle", fee=Decimal("7000.00"))
    ZoneFactory(name="Hidden", is_active=False)
    body = anon_client.get(reverse("delivery-zones")).json()
    assert [(z["name"], z["shape"], z["fee"]) for z in body["results"]] == [
        ("Circle", "circle", "7000.00"),
        ("Polygon", "polygon", "9000.00"),
    ]
    polygon = body["results"][1]
    assert polygon["polygon"][0][0] == [69.1, 41.2]
    assert (polygon["opens_at"], polygon["closes_at"]) == ("00:00", "23:59")


@pytest.mark.parametrize("count", [1, 5, 12])
def test_the_zones_list_runs_a_fixed_number_of_queries(
    anon_client, django_assert_max_num_queries, count
):
    ZoneFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        response = anon_client.get(reverse("delivery-zones"))
    assert response.json()["count"] == count


# --- checkout takes the fee from the zone -----------------------------------------------------

CHECKOUT = reverse("checkout")
INLINE_ADDRESS = {"text": "Toshkent, Chilonzor 9-12", "latitude": "41.285", "longitude": "69.204"}


def _checkout(client, address=INLINE_ADDRESS, key="k-1", payment_method="cash"):
    return client.post(
        CHECKOUT,
        {"payment_method": payment_method, "delivery_type": "courier", "address": address},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_checkout_charges_the_zones_fee(customer, customer_client):
    ZoneFactory(fee=Decimal("11000.00"), free_delivery_from=Decimal("200000.00"))
    fill_cart(customer, [(stocked_product(price=Decimal("40000.00")), 1)])
    body = _checkout(customer_client).json()
    assert (body["delivery_fee"], body["total"]) == ("11000.00", "51000.00")


def test_checkout_delivers_free_from_the_zones_threshold(customer, customer_client):
    ZoneFactory(fee=Decimal("11000.00"), free_delivery_from=Decimal("50000.00"))
    fill_cart(customer, [(stocked_product(price=Decimal("25000.00")), 2)])
    body = _checkout(customer_client).json()
    assert (body["delivery_fee"], body["total"]) == ("0.00", "50000.00")


def _closed_now() -> dict:
    """Hours that exclude the present moment: a one-hour window starting in two hours."""
    now = datetime.now(TASHKENT)
    return {
        "opens_at": (now + timedelta(hours=2)).time().replace(second=0, microsecond=0),
        "closes_at": (now + timedelta(hours=3)).time().replace(second=0, microsecond=0),
    }


OUTSIDE = {**INLINE_ADDRESS, "latitude": "39.6542", "longitude": "66.9597"}


@pytest.mark.parametrize(
    ("zone", "address", "code"),
    [
        (dict, OUTSIDE, "address_outside_zones"),
        (dict, {"text": "Toshkent, no pin"}, "address_location_required"),
        (lambda: {"min_order_total": Decimal("100000.00")}, INLINE_ADDRESS, "below_minimum_order"),
        (_closed_now, INLINE_ADDRESS, "outside_delivery_hours"),
    ],
)
def test_checkout_refuses_what_the_zones_refuse_and_reserves_nothing(
    customer, customer_client, zone, address, code
):
    ZoneFactory(**zone())
    product = stocked_product(price=Decimal("40000.00"))
    fill_cart(customer, [(product, 1)])
    response = _checkout(customer_client, address=address)
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)
    assert not Order.objects.exists()
    assert StockBatch.objects.get(product=product).reserved == 0


def test_without_any_zone_checkout_keeps_the_flat_fee(customer, customer_client, settings):
    settings.ORDER_DELIVERY_FEE = Decimal("15000.00")
    settings.ORDER_FREE_DELIVERY_FROM = Decimal("300000.00")
    fill_cart(customer, [(stocked_product(price=Decimal("40000.00")), 1)])
    body = _checkout(customer_client, address={"text": "Anywhere"}).json()
    assert body["delivery_fee"] == "15000.00"


def test_pickup_needs_no_zone(customer, customer_client):
    ZoneFactory()
    fill_cart(customer, [(stocked_product(price=Decimal("40000.00")), 1)])
    response = customer_client.post(
        CHECKOUT,
        {"payment_method": "cash", "delivery_type": "pickup"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert (response.status_code, response.json()["delivery_fee"]) == (201, "0.00")
