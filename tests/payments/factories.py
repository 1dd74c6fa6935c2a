"""Payment test data is made through the real services and callbacks, so rows, logs and orders
always look as production would leave them."""

from decimal import Decimal

from django.test import TestCase

from apps.delivery.models import CourierShift, Delivery
from apps.delivery.services import delivery_assign, delivery_status_update
from apps.orders.models import DeliveryType, Order, OrderStatus, PaymentMethod
from apps.orders.services import order_transition
from tests.delivery.factories import on_shift
from tests.orders.factories import place_order, stocked_product
from tests.users.factories import AdminFactory, CustomerFactory, OperatorFactory


def awaiting_order(
    customer=None,
    *,
    method: str = PaymentMethod.PAYME,
    quantity: int = 2,
    price: Decimal = Decimal("12000.00"),
    delivery_type: str = DeliveryType.COURIER,
    stock: int = 20,
) -> Order:
    """An order awaiting online payment (or, for cash, confirmed): `quantity` packs at `price`
    plus the courier fee (15 000 so'm by default)."""
    product = stocked_product(stock, price=price)
    return place_order(
        customer or CustomerFactory(),
        [(product, quantity)],
        payment_method=method,
        delivery_type=delivery_type,
    )


def advance(order: Order, *statuses: str, actor=None) -> Order:
    """Move an order through `statuses` as staff would (operator by default)."""
    actor = actor or OperatorFactory()
    for status in statuses:
        order = order_transition(order=order, to=status, actor=actor, reason="test")
    return order


def on_the_way(order, courier):
    """A courier cash order whose delivery `courier` was given, picked up and set off with."""
    advance(order, OrderStatus.PREPARING)
    with TestCase.captureOnCommitCallbacks(execute=True):
        advance(order, OrderStatus.READY_FOR_DELIVERY)
    delivery = Delivery.objects.get(order=order)
    if delivery.courier_id != courier.pk:
        if not CourierShift.objects.filter(courier=courier, ended_at__isnull=True).exists():
            on_shift(courier)
        delivery = delivery_assign(delivery=delivery, courier_id=courier.pk, actor=AdminFactory())
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    with TestCase.captureOnCommitCallbacks(execute=True):
        delivery_status_update(delivery=delivery, actor=courier, to="on_the_way")
    order.refresh_from_db()
    return order
