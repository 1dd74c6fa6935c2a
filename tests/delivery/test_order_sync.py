"""A delivery is created when its order becomes ready, and it keeps in step with its order when
staff move the order themselves (cancel, recall, send, hand over)."""

import re
from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from apps.delivery.handlers import follow_order_status
from apps.delivery.models import Delivery, DeliveryStatus, ProofMethod
from apps.orders.models import Order, OrderStatus, StockState
from apps.orders.services import order_mark_refunded, order_transition
from tests.orders.factories import place_order
from tests.users.factories import AdminFactory, CustomerFactory, OperatorFactory

from .factories import (
    PickupPointFactory,
    ZoneFactory,
    assigned_delivery,
    on_the_way_delivery,
    ready_delivery,
)

pytestmark = pytest.mark.django_db


def _move(order, to: str, actor, reason: str = "") -> Order:
    """An order change made through the orders app, its event delivered after commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return order_transition(order=order, to=to, actor=actor, reason=reason)


# --- creation --------------------------------------------------------------------------------


def test_a_ready_courier_order_gets_a_delivery_with_its_address_zone_and_promise():
    pharmacy = PickupPointFactory()
    zone = ZoneFactory(eta_min_minutes=40, eta_max_minutes=90, pickup_point=pharmacy)
    before = timezone.now()
    delivery = ready_delivery()
    order = delivery.order
    assert (delivery.status, delivery.courier_id, delivery.attempt) == ("ready", None, 1)
    assert (delivery.zone_id, delivery.pickup_point_id) == (zone.pk, pharmacy.pk)
    assert delivery.address_text == order.address_text
    assert (delivery.latitude, delivery.longitude) == (
        order.address_latitude,
        order.address_longitude,
    )
    assert before + timedelta(minutes=40) <= delivery.eta_earliest
    assert delivery.eta_latest - delivery.eta_earliest == timedelta(minutes=50)
    assert list(delivery.history.values_list("from_status", "to_status", "actor_role")) == [
        ("", "ready", "system")
    ]


def test_pickup_orders_get_no_delivery():
    operator = OperatorFactory()
    order = place_order(CustomerFactory(), delivery_type="pickup", payment_method="cash")
    _move(order, OrderStatus.PREPARING, operator)
    _move(order, OrderStatus.READY_FOR_DELIVERY, operator)
    assert not Delivery.objects.exists()


def test_a_repeated_event_creates_nothing_twice():
    delivery = ready_delivery()
    for _ in range(2):
        follow_order_status(
            sender=Order, order_id=delivery.order_id, to_status=OrderStatus.READY_FOR_DELIVERY
        )
    assert Delivery.objects.count() == 1
    assert delivery.history.count() == 1


# --- the order follows the delivery --------------------------------------------------------


def test_the_orders_history_names_the_courier_for_each_step(courier):
    delivery = on_the_way_delivery(courier)
    order = Order.objects.get(pk=delivery.order_id)
    last = order.history.order_by("-id").first()
    assert (last.to_status, last.actor_id, last.actor_role) == ("on_the_way", courier.pk, "courier")


# --- the delivery follows the order --------------------------------------------------------


@pytest.mark.parametrize("assigned", [False, True])
def test_cancelling_an_order_still_at_the_pharmacy_returns_its_delivery(courier, assigned):
    delivery = assigned_delivery(courier) if assigned else ready_delivery()
    order = _move(delivery.order, OrderStatus.CANCELLED, OperatorFactory(), "Out of stock")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETURNED
    assert order.stock_state == StockState.RELEASED
    assert courier.deliveries.filter(status__in=["assigned"]).count() == 0


def test_cancelling_an_order_on_its_way_fails_the_delivery_so_the_parcel_comes_back(
    courier, courier_client
):
    delivery = on_the_way_delivery(courier)
    _move(delivery.order, OrderStatus.CANCELLED, OperatorFactory(), "Customer called to cancel")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.failure_reason) == ("failed", "order_cancelled")
    confirm = reverse("courier-delivery-confirm", kwargs={"delivery_id": delivery.pk})
    response = courier_client.post(confirm, {"code": "0000"}, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (
        409,
        "invalid_delivery_transition",
    )


def test_staff_pulling_an_order_back_to_ready_fails_its_delivery(courier):
    delivery = on_the_way_delivery(courier)
    _move(delivery.order, OrderStatus.READY_FOR_DELIVERY, OperatorFactory(), "Wrong parcel")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.failure_reason) == ("failed", "recalled_by_staff")


def test_an_admin_sending_the_order_sends_the_delivery_and_the_code(courier, sms_gateway):
    delivery = assigned_delivery(courier)
    _move(delivery.order, OrderStatus.ON_THE_WAY, AdminFactory())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ON_THE_WAY
    texts = sms_gateway.texts_to(delivery.order.customer.phone_number)
    assert any(re.search(r"\b\d{4}\b", text) for text in texts)


def test_an_admin_handing_the_order_over_completes_the_delivery(courier):
    delivery = on_the_way_delivery(courier)
    _move(delivery.order, OrderStatus.DELIVERED, AdminFactory())
    delivery.refresh_from_db()
    assert (delivery.status, delivery.proof_method) == ("delivered", ProofMethod.STAFF)
    assert delivery.delivered_at is not None


def test_an_order_moved_through_the_orders_api_is_followed(courier, admin_client_api):
    delivery = on_the_way_delivery(courier, payment_method="cash")
    url = reverse("order-status", kwargs={"number": delivery.order.number})
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client_api.post(url, {"status": "delivered"}, format="json")
    assert response.status_code == 200, response.json()
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED


def test_a_refund_after_cancellation_changes_nothing_more(courier):
    delivery = assigned_delivery(courier, payment_method="payme")
    _move(delivery.order, OrderStatus.CANCELLED, OperatorFactory(), "Customer asked")
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_mark_refunded(order=delivery.order, reference="refund-1")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETURNED
    assert delivery.history.filter(to_status="returned").count() == 1
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.REFUNDED
