"""The operator's view of deliveries still at the pharmacy and of the couriers on shift."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.delivery.models import DeliveryStatus
from apps.delivery.services import delivery_status_update
from tests.users.factories import CourierFactory

from .factories import ZoneFactory, assigned_delivery, on_shift, ready_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def zone():
    return ZoneFactory()


def test_queue_lists_ready_and_assigned_deliveries_oldest_first(operator_client, courier):
    first = ready_delivery()
    second = assigned_delivery(courier)
    picked_up = assigned_delivery(courier)
    delivery_status_update(delivery=picked_up, actor=courier, to="picked_up")

    response = operator_client.get(reverse("delivery-queue"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = body["results"]
    assert [row["order_number"] for row in rows] == [first.order.number, second.order.number]
    assert rows[0]["status"] == DeliveryStatus.READY
    assert rows[0]["courier"] is None
    assert rows[0]["customer_name"] == first.order.customer.get_full_name()
    assert rows[0]["total"] == str(first.order.total)
    assert rows[1]["courier"]["id"] == courier.pk


def test_queue_reads_a_fixed_number_of_queries(operator_client, courier):
    ready_delivery()
    with CaptureQueriesContext(connection) as few:
        operator_client.get(reverse("delivery-queue"))
    ready_delivery()
    assigned_delivery(courier)
    assigned_delivery(CourierFactory())
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get(reverse("delivery-queue"))
    assert response.json()["count"] == 4
    assert len(many) == len(few)


def test_couriers_on_shift_with_their_load_least_loaded_first(operator_client, settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 3
    busy = CourierFactory(first_name="Busy")
    free = CourierFactory(first_name="Free")
    CourierFactory(first_name="Off")  # never on shift
    assigned_delivery(busy)
    assigned_delivery(busy)
    on_shift(free)

    response = operator_client.get(reverse("delivery-couriers"))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["first_name"], row["active_deliveries"]) for row in rows] == [
        ("Free", 0),
        ("Busy", 2),
    ]
    assert rows[0]["max_active_deliveries"] == 3
    assert rows[0]["id"] == free.pk


def test_couriers_on_shift_skips_ended_shifts_and_reads_a_fixed_number_of_queries(
    operator_client, courier
):
    on_shift(courier)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(reverse("delivery-couriers"))
    for _ in range(3):
        assigned_delivery(CourierFactory())
    ended = on_shift(CourierFactory())
    ended.ended_at = ended.started_at
    ended.save(update_fields=["ended_at"])
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get(reverse("delivery-couriers"))
    assert response.json()["count"] == 4
    assert len(many) == len(few)
