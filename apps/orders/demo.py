"""Demo orders for the demo customer, one per stage of the life of an order (delivered, being
prepared, cancelled), made through the real services from the catalog's demo stock."""

from decimal import Decimal

from apps.core.roles import Role
from apps.products.models import Product
from apps.products.selectors import product_list_with_stock
from apps.users.demo import DEMO_USERS
from apps.users.models import User

from .models import DeliveryType, Order, OrderStatus, PaymentMethod
from .pricing import AddressSnapshot
from .services import (
    cart_clear,
    cart_item_add,
    order_cancel,
    order_checkout,
    order_mark_paid,
    order_transition,
)

DEMO_KEY_PREFIX = "demo-"
ADDRESS = AddressSnapshot(
    text="Toshkent, Yunusobod tumani, Amir Temur ko'chasi 108",
    latitude=Decimal("41.338000"),
    longitude=Decimal("69.285000"),
)


def _demo_user(role: str) -> User | None:
    return User.objects.filter(phone_number=DEMO_USERS[role][0]).first()


def _checkout(customer: User, product: Product, *, key: str, payment_method: str) -> Order:
    cart_clear(customer=customer)
    cart_item_add(customer=customer, product_id=product.pk, quantity=1)
    return order_checkout(
        customer=customer,
        idempotency_key=DEMO_KEY_PREFIX + key,
        payment_method=payment_method,
        delivery_type=DeliveryType.COURIER,
        address=ADDRESS,
        note="Demo order",
    ).order


def seed(*, password: str) -> str:
    customer, operator, courier = (
        _demo_user(Role.CUSTOMER),
        _demo_user(Role.OPERATOR),
        _demo_user(Role.COURIER),
    )
    if customer is None or operator is None or courier is None:
        return "skipped: the demo users are missing"
    if Order.objects.filter(
        customer=customer, idempotency_key__startswith=DEMO_KEY_PREFIX
    ).exists():
        return "demo orders already present"
    products = list(
        product_list_with_stock(
            queryset=Product.objects.filter(is_active=True, requires_prescription=False)
        )
        .filter(sellable_quantity__gte=2)
        .order_by("id")[:3]
    )
    if not products:
        return "skipped: no product in stock"
    first, second, third = (products * 3)[:3]

    delivered = _checkout(customer, first, key="delivered", payment_method=PaymentMethod.CASH)
    for status, actor in (
        (OrderStatus.PREPARING, operator),
        (OrderStatus.READY_FOR_DELIVERY, operator),
        (OrderStatus.ON_THE_WAY, courier),
        (OrderStatus.DELIVERED, courier),
    ):
        delivered = order_transition(order=delivered, to=status, actor=actor)

    preparing = _checkout(customer, second, key="preparing", payment_method=PaymentMethod.PAYME)
    preparing = order_mark_paid(order=preparing, reference=f"demo-payme-{preparing.number}")
    order_transition(order=preparing, to=OrderStatus.PREPARING, actor=operator)

    cancelled = _checkout(customer, third, key="cancelled", payment_method=PaymentMethod.CLICK)
    order_cancel(order=cancelled, actor=customer, reason="Ordered by mistake")
    return "3 demo orders created (delivered, preparing, cancelled)"
