"""Payment test data is made through the real services and callbacks, so rows, logs and orders
always look as production would leave them."""

from decimal import Decimal

from apps.orders.models import DeliveryType, Order, PaymentMethod
from apps.orders.services import order_transition
from tests.orders.factories import place_order, stocked_product
from tests.users.factories import CustomerFactory, OperatorFactory


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
