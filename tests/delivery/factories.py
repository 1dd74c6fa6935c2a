"""Delivery test data. Deliveries are made the way production makes them: an order is placed,
prepared and marked ready by an operator, and the order's event creates the delivery."""

import re
import uuid
from datetime import time
from decimal import Decimal

import factory
from django.test import TestCase
from django.utils import timezone

from apps.delivery.models import CourierShift, Delivery, DeliveryZone, PickupPoint
from apps.delivery.services import delivery_assign, delivery_status_update
from apps.orders.models import ONLINE_PAYMENT_METHODS, OrderStatus, PaymentMethod
from apps.orders.services import order_mark_paid, order_transition
from tests.orders.factories import ADDRESS, place_order, stocked_product
from tests.users.factories import CustomerFactory, OperatorFactory

# A square over central Tashkent, [longitude, latitude] as GeoJSON writes positions. The
# orders' test address (Chilonzor, 41.285 / 69.204) lies inside it.
TASHKENT_SQUARE = [[[69.10, 41.20], [69.40, 41.20], [69.40, 41.40], [69.10, 41.40], [69.10, 41.20]]]


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    name = factory.Sequence(lambda n: f"Dorixona #{n}")
    address = "Toshkent, Amir Temur ko'chasi, 15"
    latitude = Decimal("41.316000")
    longitude = Decimal("69.281000")
    opens_at = time(8, 0)
    closes_at = time(22, 0)


class ZoneFactory(factory.django.DjangoModelFactory):
    """A polygon zone, open round the clock."""

    class Meta:
        model = DeliveryZone

    name = factory.Sequence(lambda n: f"Zone {n}")
    polygon = factory.LazyFunction(lambda: TASHKENT_SQUARE)
    fee = Decimal("12000.00")
    free_delivery_from = Decimal("200000.00")
    min_order_total = Decimal("0.00")
    eta_min_minutes = 30
    eta_max_minutes = 60


class CircleZoneFactory(ZoneFactory):
    polygon = None
    center_latitude = Decimal("41.311100")
    center_longitude = Decimal("69.279700")
    radius_km = Decimal("5.000")


def on_shift(courier) -> CourierShift:
    return CourierShift.objects.create(courier=courier, started_at=timezone.now())


def ready_delivery(
    customer=None,
    *,
    payment_method: str = PaymentMethod.CASH,
    lines=None,
    address=ADDRESS,
    operator=None,
    prescription_ids: list[int] | None = None,
) -> Delivery:
    """A courier order placed, (paid,) prepared and marked ready; its event runs as after a
    real commit, so the delivery exists (and is auto-assigned when that is on)."""
    customer = customer or CustomerFactory()
    order = place_order(
        customer,
        lines if lines is not None else [(stocked_product(price=Decimal("25000.00")), 2)],
        payment_method=payment_method,
        address=address,
        prescription_ids=prescription_ids,
    )
    if payment_method in ONLINE_PAYMENT_METHODS:
        order = order_mark_paid(order=order, reference=uuid.uuid4().hex)
    operator = operator or OperatorFactory()
    order_transition(order=order, to=OrderStatus.PREPARING, actor=operator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_transition(order=order, to=OrderStatus.READY_FOR_DELIVERY, actor=operator)
    return Delivery.objects.get(order=order)


def assigned_delivery(courier, **kwargs) -> Delivery:
    """A ready delivery given to `courier` (put on shift if they are not)."""
    if not CourierShift.objects.filter(courier=courier, ended_at__isnull=True).exists():
        on_shift(courier)
    delivery = ready_delivery(**kwargs)
    return delivery_assign(delivery=delivery, courier_id=courier.pk, actor=OperatorFactory())


def on_the_way_delivery(courier, **kwargs) -> Delivery:
    """A delivery the courier picked up and set off with (the customer got the code)."""
    delivery = assigned_delivery(courier, **kwargs)
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    with TestCase.captureOnCommitCallbacks(execute=True):
        delivery_status_update(delivery=delivery, actor=courier, to="on_the_way")
    delivery.refresh_from_db()
    return delivery


def handover_code(sms_gateway, delivery) -> str:
    """The last handover code texted to the delivery's customer (through the fake gateway): the
    only stand-alone four-digit number in the text, whatever its language."""
    texts = sms_gateway.texts_to(delivery.order.customer.phone_number)
    codes = [match.group(1) for text in texts if (match := re.search(r"\b(\d{4})\b", text))]
    assert codes, texts
    return codes[-1]
