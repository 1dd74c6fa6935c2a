"""Assignment: an operator's choice or the least-loaded courier on shift, never beyond the
configured number of active deliveries per courier, also under concurrency."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from apps.delivery.errors import CourierOffShift
from apps.delivery.models import CourierShift, Delivery, DeliveryStatus
from apps.delivery.services import (
    courier_shift_end,
    courier_shift_start,
    deliveries_assign_pending,
    delivery_assign,
    delivery_auto_assign,
    delivery_fail,
    delivery_status_update,
)
from apps.delivery.tasks import deliveries_dispatch_task
from apps.orders.models import OrderStatus
from apps.orders.services import order_transition
from tests.orders.factories import place_order
from tests.users.factories import CourierFactory, CustomerFactory, OperatorFactory

from .factories import assigned_delivery, on_shift, ready_delivery

pytestmark = pytest.mark.django_db

ASSIGN = reverse("delivery-assign-courier")
SHIFT = reverse("courier-shift")


def _error(response) -> str:
    return response.json()["error"]["code"]


# --- an operator assigns -----------------------------------------------------------------------


def test_operator_assigns_a_courier_on_shift(operator_client, courier):
    on_shift(courier)
    delivery = ready_delivery()
    response = operator_client.post(
        ASSIGN, {"delivery_id": delivery.pk, "courier_id": courier.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["courier"]["id"]) == ("assigned", courier.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.courier_id) == (DeliveryStatus.ASSIGNED, courier.pk)
    assert delivery.assigned_at is not None
    assert list(delivery.history.values_list("to_status", "courier_id")) == [
        ("ready", None),
        ("assigned", courier.pk),
    ]


def test_a_delivery_can_be_named_by_its_order_number(operator_client, courier):
    on_shift(courier)
    delivery = ready_delivery()
    response = operator_client.post(
        ASSIGN,
        {"order_number": delivery.order.number.lower(), "courier_id": courier.pk},
        format="json",
    )
    assert response.json()["order_number"] == delivery.order.number


def test_a_courier_off_shift_cannot_be_assigned(operator_client, courier):
    delivery = ready_delivery()
    response = operator_client.post(
        ASSIGN, {"delivery_id": delivery.pk, "courier_id": courier.pk}, format="json"
    )
    assert (response.status_code, _error(response)) == (409, "courier_off_shift")
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.READY


def test_a_courier_at_the_limit_is_refused(operator_client, courier, settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 2
    assigned_delivery(courier)
    assigned_delivery(courier)
    third = ready_delivery()
    response = operator_client.post(
        ASSIGN, {"delivery_id": third.pk, "courier_id": courier.pk}, format="json"
    )
    assert (response.status_code, _error(response)) == (409, "courier_at_capacity")
    assert response.json()["error"]["details"] == {
        "courier_id": courier.pk,
        "active_deliveries": 2,
        "max": 2,
    }


def test_delivered_and_failed_deliveries_free_the_slot(courier, settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 1
    first = assigned_delivery(courier)
    delivery_status_update(delivery=first, actor=courier, to="picked_up")
    delivery_fail(delivery=first, actor=courier, reason="parcel_damaged")
    second = ready_delivery()
    assigned = delivery_assign(delivery=second, courier_id=courier.pk, actor=OperatorFactory())
    assert assigned.courier_id == courier.pk


@pytest.mark.parametrize(
    "body",
    [
        {"delivery_id": 999999, "courier_id": 1},
        {"order_number": "DX-00000000", "courier_id": 1},
    ],
)
def test_an_unknown_delivery_is_a_400(operator_client, body):
    response = operator_client.post(ASSIGN, body, format="json")
    assert (response.status_code, _error(response)) == (400, "delivery_not_found")


@pytest.mark.parametrize("role", ["customer", "operator", "inactive_courier"])
def test_only_an_active_courier_can_be_assigned(operator_client, role):
    users = {
        "customer": CustomerFactory,
        "operator": OperatorFactory,
        "inactive_courier": lambda: CourierFactory(is_active=False),
    }
    user = users[role]()
    delivery = ready_delivery()
    response = operator_client.post(
        ASSIGN, {"delivery_id": delivery.pk, "courier_id": user.pk}, format="json"
    )
    assert (response.status_code, _error(response)) == (400, "courier_not_found")


@pytest.mark.parametrize(
    "body",
    [{"courier_id": 1}, {"delivery_id": 1, "order_number": "DX-00000000"}, {"delivery_id": 0}],
)
def test_malformed_assignments_are_validation_errors(operator_client, body):
    response = operator_client.post(ASSIGN, body, format="json")
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_reassigning_before_pickup_moves_the_delivery(courier, courier_b):
    delivery = assigned_delivery(courier)
    on_shift(courier_b)
    moved = delivery_assign(delivery=delivery, courier_id=courier_b.pk, actor=OperatorFactory())
    assert moved.courier_id == courier_b.pk
    assert moved.history.filter(to_status="assigned").count() == 2


def test_assigning_the_same_courier_again_changes_nothing(courier):
    delivery = assigned_delivery(courier)
    again = delivery_assign(delivery=delivery, courier_id=courier.pk, actor=OperatorFactory())
    assert again.history.filter(to_status="assigned").count() == 1


def test_a_picked_up_delivery_cannot_be_reassigned(operator_client, courier, courier_b):
    delivery = assigned_delivery(courier)
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    on_shift(courier_b)
    response = operator_client.post(
        ASSIGN, {"delivery_id": delivery.pk, "courier_id": courier_b.pk}, format="json"
    )
    assert (response.status_code, _error(response)) == (409, "invalid_delivery_transition")


# --- automatic assignment ----------------------------------------------------------------------


def test_auto_assign_picks_the_least_loaded_courier_on_shift(operator_client, settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 3
    busy, free, off = CourierFactory(), CourierFactory(), CourierFactory()
    assigned_delivery(busy)
    on_shift(free)
    delivery = ready_delivery()
    response = operator_client.post(ASSIGN, {"delivery_id": delivery.pk}, format="json")
    assert response.json()["courier"]["id"] == free.pk
    assert off.deliveries.count() == 0


def test_ties_go_to_the_courier_who_waited_longest(settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 3
    first, second = CourierFactory(), CourierFactory()
    on_shift(first)
    on_shift(second)
    operator = OperatorFactory()
    assigned = [
        delivery_auto_assign(delivery=ready_delivery(), actor=operator).courier_id for _ in range(4)
    ]
    assert sorted(assigned[:2]) == sorted([first.pk, second.pk])
    assert sorted(assigned[2:]) == sorted([first.pk, second.pk])


def test_auto_assign_with_nobody_free_is_a_409_and_the_delivery_waits(operator_client, courier):
    assigned_delivery(courier)
    assigned_delivery(courier)
    delivery = ready_delivery()
    response = operator_client.post(ASSIGN, {"delivery_id": delivery.pk}, format="json")
    assert (response.status_code, _error(response)) == (409, "no_courier_available")
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.READY


def test_with_auto_assignment_on_a_ready_order_goes_straight_to_a_courier(courier, settings):
    settings.DELIVERY_AUTO_ASSIGN = True
    on_shift(courier)
    delivery = ready_delivery()
    assert (delivery.status, delivery.courier_id) == (DeliveryStatus.ASSIGNED, courier.pk)
    assert delivery.history.get(to_status="assigned").actor_role == "system"


def test_waiting_deliveries_go_to_a_courier_who_starts_a_shift(courier, settings):
    settings.DELIVERY_AUTO_ASSIGN = True
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 2
    waiting = [ready_delivery() for _ in range(3)]
    assert {d.status for d in waiting} == {DeliveryStatus.READY}
    with TestCase.captureOnCommitCallbacks(execute=True):
        courier_shift_start(courier=courier)
    statuses = [Delivery.objects.get(pk=d.pk).status for d in waiting]
    assert statuses == ["assigned", "assigned", "ready"]  # oldest first, up to the limit


def test_the_periodic_sweep_assigns_and_creates_what_events_missed(courier, settings):
    settings.DELIVERY_AUTO_ASSIGN = True
    operator = OperatorFactory()
    order = place_order(CustomerFactory(), payment_method="cash")
    order_transition(order=order, to=OrderStatus.PREPARING, actor=operator)
    order_transition(order=order, to=OrderStatus.READY_FOR_DELIVERY, actor=operator)
    assert not Delivery.objects.filter(order=order).exists()  # the event never ran
    on_shift(courier)
    assert deliveries_dispatch_task.delay().get() == 1
    assert Delivery.objects.get(order=order).courier_id == courier.pk


def test_pending_sweep_stops_when_nobody_is_free():
    ready_delivery()
    assert deliveries_assign_pending() == 0


# --- shifts ------------------------------------------------------------------------------------


def test_courier_starts_and_ends_a_shift(courier, courier_client):
    assert courier_client.get(SHIFT).json()["on_shift"] is False
    body = courier_client.post(SHIFT, {"on_shift": True}, format="json").json()
    assert body["on_shift"] is True
    assert body["started_at"]
    assert body["max_active_deliveries"] == 2
    again = courier_client.post(SHIFT, {"on_shift": True}, format="json").json()
    assert again["started_at"] == body["started_at"]
    assert CourierShift.objects.filter(courier=courier).count() == 1
    off = courier_client.post(SHIFT, {"on_shift": False}, format="json").json()
    assert off["on_shift"] is False
    shift = CourierShift.objects.get(courier=courier)
    assert shift.ended_at is not None
    assert courier_client.post(SHIFT, {"on_shift": False}, format="json").status_code == 200


def test_a_courier_holding_deliveries_cannot_end_the_shift(courier, courier_client):
    assigned_delivery(courier)
    response = courier_client.post(SHIFT, {"on_shift": False}, format="json")
    assert (response.status_code, _error(response)) == (409, "courier_has_active_deliveries")
    assert response.json()["error"]["details"] == {"active_deliveries": 1}
    assert courier_client.get(SHIFT).json() | {"started_at": None} == {
        "on_shift": True,
        "started_at": None,
        "active_deliveries": 1,
        "max_active_deliveries": 2,
    }


def test_an_ended_shift_stops_assignments(courier):
    on_shift(courier)
    courier_shift_end(courier=courier)
    with pytest.raises(CourierOffShift):
        delivery_assign(delivery=ready_delivery(), courier_id=courier.pk, actor=OperatorFactory())


def test_shifts_record_their_times(courier):
    shift = courier_shift_start(courier=courier)
    ended = courier_shift_end(courier=courier)
    assert ended.pk == shift.pk
    assert timezone.now() - timedelta(minutes=1) < ended.ended_at <= timezone.now()


# --- concurrency -------------------------------------------------------------------------------


def _in_threads(count: int, target) -> list:
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # the outcome is what the test asserts
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_auto_assignments_never_exceed_the_limit(settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 2
    couriers = [CourierFactory(), CourierFactory()]
    for courier in couriers:
        on_shift(courier)
    deliveries = [ready_delivery() for _ in range(8)]
    operator = OperatorFactory()

    results = _in_threads(8, lambda i: delivery_auto_assign(delivery=deliveries[i], actor=operator))

    assigned = [r for r in results if isinstance(r, Delivery)]
    refused = [r for r in results if not isinstance(r, Delivery)]
    assert len(assigned) == 4
    assert {type(r).__name__ for r in refused} == {"NoCourierAvailable"}
    for courier in couriers:
        assert courier.deliveries.filter(status=DeliveryStatus.ASSIGNED).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_operators_cannot_both_take_a_couriers_last_slot(settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 1
    courier = CourierFactory()
    on_shift(courier)
    deliveries = [ready_delivery() for _ in range(6)]
    operator = OperatorFactory()

    results = _in_threads(
        6,
        lambda i: delivery_assign(delivery=deliveries[i], courier_id=courier.pk, actor=operator),
    )

    assert sum(isinstance(r, Delivery) for r in results) == 1
    assert {type(r).__name__ for r in results if not isinstance(r, Delivery)} == {
        "CourierAtCapacity"
    }
    assert courier.deliveries.count() == 1
