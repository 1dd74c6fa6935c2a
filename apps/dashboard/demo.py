"""Demo history for the admin dashboard: a few weeks of orders of three demo shoppers (who
cannot sign in: they have no password), made through the real order services and then moved
back in time, and the roll-ups the dashboard reads, computed for the last DEMO_HISTORY_DAYS days
(beat does this in a real install). The demo customer's own orders stay the ones
`apps.orders.demo` makes.

Idempotent: the history is created once (keys `demo-history-…`); the roll-ups and a health
snapshot are refreshed on every run, which also picks up the other apps' demo orders."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from apps.core.errors import DomainError
from apps.core.roles import Role
from apps.orders.models import (
    DeliveryType,
    Order,
    OrderStatus,
    OrderStatusHistory,
    PaymentMethod,
)
from apps.orders.pricing import AddressSnapshot
from apps.orders.services import (
    cart_clear,
    cart_item_add,
    order_cancel,
    order_checkout,
    order_mark_paid,
    order_transition,
)
from apps.products.models import Product
from apps.products.selectors import product_list_with_stock
from apps.users.demo import DEMO_USERS
from apps.users.models import User

from .models import SystemHealthLog
from .periods import SHOP_TZ, shop_today
from .services import rollups_rebuild, system_health_record

DEMO_HISTORY_DAYS = 30
HISTORY_KEY_PREFIX = "demo-history-"
ADDRESS = AddressSnapshot(
    text="Toshkent, Yunusobod tumani, Amir Temur ko'chasi 108",
    latitude=Decimal("41.338000"),
    longitude=Decimal("69.285000"),
)
HISTORY_CUSTOMERS = [
    ("+998900000011", "Jasur", "Aliyev"),
    ("+998900000012", "Madina", "Qodirova"),
    ("+998900000013", "Otabek", "Saidov"),
]
# (days ago, hour in Tashkent, payment method, outcome, minutes on the road)
HISTORY = [
    (27, 10, PaymentMethod.CASH, "delivered", 35),
    (25, 12, PaymentMethod.PAYME, "delivered", 50),
    (22, 16, PaymentMethod.CLICK, "delivered", 75),
    (20, 11, PaymentMethod.CASH, "cancelled", 0),
    (18, 9, PaymentMethod.PAYME, "delivered", 40),
    (15, 14, PaymentMethod.CASH, "delivered", 55),
    (13, 18, PaymentMethod.CLICK, "delivered", 30),
    (11, 10, PaymentMethod.PAYME, "delivered", 45),
    (9, 15, PaymentMethod.CASH, "delivered", 90),
    (7, 12, PaymentMethod.CLICK, "cancelled", 0),
    (6, 17, PaymentMethod.PAYME, "delivered", 25),
    (4, 11, PaymentMethod.CASH, "delivered", 40),
    (3, 13, PaymentMethod.CLICK, "delivered", 60),
    (2, 10, PaymentMethod.PAYME, "delivered", 35),
    (1, 16, PaymentMethod.CASH, "delivered", 45),
]


def _demo_user(role: str) -> User | None:
    return User.objects.filter(phone_number=DEMO_USERS[role][0]).first()


def _checkout(customer: User, products: list[Product], *, key: str, payment_method: str) -> Order:
    """A courier order when the demo zones accept it now, else a pickup order (the zones are
    closed at night, and the history must not depend on when the seed runs)."""
    cart_clear(customer=customer)
    for product in products:
        cart_item_add(customer=customer, product_id=product.pk, quantity=2)
    try:
        with transaction.atomic():
            return order_checkout(
                customer=customer,
                idempotency_key=HISTORY_KEY_PREFIX + key,
                payment_method=payment_method,
                delivery_type=DeliveryType.COURIER,
                address=ADDRESS,
                note="Demo order",
            ).order
    except DomainError:
        return order_checkout(
            customer=customer,
            idempotency_key=HISTORY_KEY_PREFIX + key,
            payment_method=payment_method,
            delivery_type=DeliveryType.PICKUP,
            note="Demo order",
        ).order


def _complete(order: Order, *, outcome: str, operator: User, courier: User) -> Order:
    if order.payment_method != PaymentMethod.CASH:
        order = order_mark_paid(order=order, reference=f"demo-{order.number}")
    if outcome == "cancelled":
        return order_cancel(order=order, actor=operator, reason="Demo: customer changed their mind")
    order = order_transition(order=order, to=OrderStatus.PREPARING, actor=operator)
    order = order_transition(order=order, to=OrderStatus.READY_FOR_DELIVERY, actor=operator)
    if order.delivery_type == DeliveryType.PICKUP:
        return order_transition(order=order, to=OrderStatus.DELIVERED, actor=operator)
    order = order_transition(order=order, to=OrderStatus.ON_THE_WAY, actor=courier)
    return order_transition(order=order, to=OrderStatus.DELIVERED, actor=courier)


def _move_back(order: Order, *, placed_at: datetime, minutes_on_road: int) -> None:
    """Shift the order and its history to `placed_at`, keeping the steps' order; the handover
    comes `minutes_on_road` after the courier set off."""
    shift = placed_at - order.created_at
    Order.objects.filter(pk=order.pk).update(
        created_at=placed_at,
        paid_at=F("paid_at") + shift,
        reservation_expires_at=F("reservation_expires_at") + shift,
    )
    history = OrderStatusHistory.objects.filter(order_id=order.pk)
    history.update(created_at=F("created_at") + shift)
    set_off = history.filter(to_status=OrderStatus.ON_THE_WAY).values_list("created_at", flat=True)
    if set_off and minutes_on_road:
        history.filter(to_status=OrderStatus.DELIVERED).update(
            created_at=set_off[0] + timedelta(minutes=minutes_on_road)
        )


def _history_customers() -> list[User]:
    customers = []
    for phone, first_name, last_name in HISTORY_CUSTOMERS:
        customer = User.objects.filter(phone_number=phone).first()
        if customer is None:
            customer = User.objects.create_user(
                phone,
                None,
                role=Role.CUSTOMER,
                first_name=first_name,
                last_name=last_name,
                is_verified=True,
            )
        customers.append(customer)
    return customers


def _history_create(*, operator: User, courier: User) -> int:
    products = list(
        product_list_with_stock(
            queryset=Product.objects.filter(is_active=True, requires_prescription=False)
        )
        .filter(sellable_quantity__gte=20)
        .order_by("id")[:8]
    )
    if len(products) < 2:
        return 0
    customers = _history_customers()
    joined: dict[int, datetime] = {}
    today = shop_today()
    created = 0
    for index, (days_ago, hour, method, outcome, minutes) in enumerate(HISTORY):
        basket = [products[index % len(products)], products[(index * 3 + 1) % len(products)]]
        customer = customers[index % len(customers)]
        order = _checkout(
            customer, list(dict.fromkeys(basket)), key=str(index), payment_method=method
        )
        _complete(order, outcome=outcome, operator=operator, courier=courier)
        day = today - timedelta(days=days_ago)
        placed_at = datetime.combine(day, time(hour, 15), tzinfo=SHOP_TZ)
        _move_back(order, placed_at=placed_at, minutes_on_road=minutes)
        joined.setdefault(customer.pk, placed_at - timedelta(minutes=10))
        created += 1
    for customer in customers:
        cart_clear(customer=customer)
        if customer.pk in joined:
            User.objects.filter(pk=customer.pk).update(created_at=joined[customer.pk])
    return created


def seed(*, password: str) -> str:
    operator, courier = _demo_user(Role.OPERATOR), _demo_user(Role.COURIER)
    if operator is None or courier is None:
        return "skipped: the demo users are missing"
    created = 0
    if not Order.objects.filter(idempotency_key__startswith=HISTORY_KEY_PREFIX).exists():
        created = _history_create(operator=operator, courier=courier)
    today = shop_today()
    days = rollups_rebuild(start=today - timedelta(days=DEMO_HISTORY_DAYS - 1), end=today)
    if not SystemHealthLog.objects.exists():
        system_health_record()
    return f"{created} past demo orders, roll-ups of {days} days"
