"""Location pings (rate limited in the database, short history) and the customer's tracking
view: the courier's last location only while the parcel is on its way, only to the order's
customer and pharmacy staff."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.delivery.models import DeliveryLocationPing
from apps.delivery.services import (
    delivery_fail,
    delivery_location_record,
    delivery_locations_purge,
    delivery_status_update,
)
from apps.delivery.tasks import delivery_locations_purge_task
from tests.conftest import client_for
from tests.orders.factories import place_order
from tests.users.factories import CourierFactory, CustomerFactory

from .factories import ZoneFactory, assigned_delivery, on_the_way_delivery, ready_delivery

pytestmark = pytest.mark.django_db

HERE = {"latitude": "41.300001", "longitude": "69.250002"}


def location(delivery) -> str:
    return reverse("courier-delivery-location", kwargs={"delivery_id": delivery.pk})


def track(order) -> str:
    return reverse("delivery-track", kwargs={"order_number": order.number})


def _error(response) -> str:
    return response.json()["error"]["code"]


def _ping(delivery, courier, lat="41.3", lng="69.2"):
    return delivery_location_record(
        delivery=delivery, courier=courier, latitude=Decimal(lat), longitude=Decimal(lng)
    )


# --- pings ---------------------------------------------------------------------------------


def test_a_ping_is_stored_and_becomes_the_last_known_location(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(
        location(delivery), {**HERE, "latitude": "41.30000149", "accuracy_m": 12}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["latitude"], response.json()["longitude"]) == (
        "41.300001",
        "69.250002",
    )
    delivery.refresh_from_db()
    assert (str(delivery.last_latitude), str(delivery.last_longitude)) == (
        "41.300001",
        "69.250002",
    )
    ping = DeliveryLocationPing.objects.get(delivery=delivery)
    assert (ping.courier_id, ping.accuracy_m) == (courier.pk, 12)


def test_pings_are_throttled_per_delivery_with_retry_after(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert courier_client.post(location(delivery), HERE, format="json").status_code == 201
    with time_machine.travel(start + timedelta(seconds=4), tick=False):
        cache.clear()  # the limit lives in the database, not in the cache
        too_soon = courier_client.post(location(delivery), HERE, format="json")
    with time_machine.travel(start + timedelta(seconds=10), tick=False):
        later = courier_client.post(location(delivery), HERE, format="json")
    assert (too_soon.status_code, _error(too_soon)) == (429, "location_too_frequent")
    assert too_soon["Retry-After"] == "6"
    assert later.status_code == 201
    assert DeliveryLocationPing.objects.filter(delivery=delivery).count() == 2


def test_only_a_short_history_is_kept(courier, settings):
    settings.DELIVERY_LOCATION_MIN_INTERVAL_SECONDS = 0
    settings.DELIVERY_LOCATION_HISTORY_SIZE = 5
    delivery = on_the_way_delivery(courier)
    pings = [_ping(delivery, courier, lat=f"41.3{i}") for i in range(8)]
    kept = list(
        DeliveryLocationPing.objects.filter(delivery=delivery)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert kept == [p.pk for p in pings[-5:]]


def test_old_pings_are_purged(courier, settings):
    settings.DELIVERY_LOCATION_MIN_INTERVAL_SECONDS = 0
    settings.DELIVERY_LOCATION_RETENTION_HOURS = 24
    delivery = on_the_way_delivery(courier)
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        old = _ping(delivery, courier)
    recent = _ping(delivery, courier)
    assert delivery_locations_purge_task.delay().get() == 1
    assert list(DeliveryLocationPing.objects.values_list("pk", flat=True)) == [recent.pk]
    assert delivery_locations_purge() == 0
    assert not DeliveryLocationPing.objects.filter(pk=old.pk).exists()


def test_pings_are_refused_while_the_courier_does_not_carry_the_parcel(courier, courier_client):
    delivery = assigned_delivery(courier)
    response = courier_client.post(location(delivery), HERE, format="json")
    assert (response.status_code, _error(response)) == (409, "delivery_not_in_transit")
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    assert courier_client.post(location(delivery), HERE, format="json").status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"latitude": "91", "longitude": "69"},
        {"latitude": "41", "longitude": "-181"},
        {"latitude": "41"},
        {**HERE, "accuracy_m": -1},
        {"latitude": "north", "longitude": "69"},
    ],
)
def test_malformed_pings_are_validation_errors(courier, courier_client, body):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(location(delivery), body, format="json")
    assert (response.status_code, _error(response)) == (400, "validation_error")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_pings_store_one_within_the_interval():
    courier = CourierFactory()
    delivery = on_the_way_delivery(courier)
    barrier = threading.Barrier(6)
    outcomes = []

    def ping():
        try:
            barrier.wait()
            _ping(delivery, courier)
            outcomes.append("stored")
        except Exception as error:  # the outcome is what the test asserts
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=ping) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["LocationTooFrequent"] * 5 + ["stored"]
    assert DeliveryLocationPing.objects.filter(delivery=delivery).count() == 1


# --- tracking --------------------------------------------------------------------------------


def test_the_customer_tracks_the_parcel_and_sees_the_courier_on_the_way(courier, settings):
    settings.DELIVERY_LOCATION_MIN_INTERVAL_SECONDS = 0
    ZoneFactory(eta_min_minutes=30, eta_max_minutes=60)
    customer = CustomerFactory()
    delivery = assigned_delivery(courier, customer=customer)
    client = client_for(customer)

    assigned = client.get(track(delivery.order)).json()
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    _ping(delivery, courier, lat="41.31", lng="69.27")
    picked_up = client.get(track(delivery.order)).json()
    delivery_status_update(delivery=delivery, actor=courier, to="on_the_way")
    _ping(delivery, courier, lat="41.32", lng="69.28")
    on_the_way = client.get(track(delivery.order)).json()

    assert (assigned["status"], assigned["courier_first_name"]) == (
        "assigned",
        courier.first_name,
    )
    assert assigned["eta_latest"] is not None
    assert picked_up["location"] is None  # not yet on the way to this customer
    assert on_the_way["location"]["latitude"] == "41.320000"
    assert on_the_way["location"]["longitude"] == "69.280000"
    assert [step["status"] for step in on_the_way["timeline"]] == [
        "ready",
        "assigned",
        "picked_up",
        "on_the_way",
    ]
    assert set(on_the_way) == {
        "order_number",
        "status",
        "attempt",
        "courier_first_name",
        "eta_earliest",
        "eta_latest",
        "location",
        "delivered_at",
        "proof_method",
        "timeline",
    }


def test_the_location_disappears_once_the_parcel_is_not_on_its_way(courier):
    customer = CustomerFactory()
    delivery = on_the_way_delivery(courier, customer=customer)
    _ping(delivery, courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_absent")
    body = client_for(customer).get(track(delivery.order)).json()
    assert (body["status"], body["location"]) == ("failed", None)


def test_a_ready_delivery_has_no_courier_yet(customer):
    delivery = ready_delivery(customer)
    body = client_for(customer).get(track(delivery.order)).json()
    assert (body["status"], body["courier_first_name"], body["location"]) == ("ready", None, None)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("customer", 200),
        ("customer_b", 404),
        ("courier", 404),
        ("courier_b", 404),
        ("operator", 200),
        ("admin", 200),
    ],
)
def test_only_the_orders_customer_and_staff_can_track(clients, customer, courier, role, expected):
    delivery = on_the_way_delivery(courier, customer=customer)
    _ping(delivery, courier)
    response = clients[role].get(track(delivery.order))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["location"] is not None
    if expected == 404:
        assert "latitude" not in response.content.decode()


def test_orders_without_a_delivery_are_not_tracked(customer, customer_client):
    pickup = place_order(customer, delivery_type="pickup", payment_method="cash")
    waiting = place_order(customer, payment_method="cash")
    assert customer_client.get(track(pickup)).status_code == 404
    assert customer_client.get(track(waiting)).status_code == 404
    assert customer_client.get("/api/v1/delivery/DX-NOPE0000/track/").status_code == 404


def test_tracking_runs_a_fixed_number_of_queries(
    courier, customer, customer_client, django_assert_max_num_queries
):
    url = track(on_the_way_delivery(courier, customer=customer).order)
    with django_assert_max_num_queries(3):
        assert customer_client.get(url).status_code == 200
