"""Raw order rows at chosen moments. Roll-ups are checked against aggregates over exactly these
rows, so they are written directly (the services stamp `now`, and cannot place an order at
23:59 Tashkent last Tuesday); `created_at` / history times are set after insert because the
columns are auto-stamped."""

import random
import uuid
from datetime import datetime
from decimal import Decimal

from apps.orders.models import (
    DeliveryType,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusHistory,
    PaymentMethod,
)

ADDRESS = "Toshkent, Chilonzor 9-kvartal, 12-uy"


def raw_order(
    *,
    customer,
    created_at: datetime,
    lines: list[tuple] = (),
    status: str = OrderStatus.CREATED,
    payment_method: str = PaymentMethod.PAYME,
    paid: bool = False,
    requires_prescription: bool = False,
    delivery_type: str = DeliveryType.COURIER,
) -> Order:
    """An order with `lines` [(product, quantity, unit_price)] placed at `created_at`."""
    items_total = sum((Decimal(price) * qty for _product, qty, price in lines), Decimal("0.00"))
    order = Order.objects.create(
        number=f"DX-{uuid.uuid4().hex[:8].upper()}",
        customer=customer,
        status=status,
        payment_method=payment_method,
        delivery_type=delivery_type,
        address_text=ADDRESS,
        items_total=items_total,
        delivery_fee=Decimal("15000.00"),
        total=items_total + Decimal("15000.00"),
        requires_prescription=requires_prescription,
        paid_at=created_at if paid else None,
        idempotency_key=uuid.uuid4().hex,
        request_fingerprint=uuid.uuid4().hex,
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=product,
            product_name=product.name_uz,
            unit_price=Decimal(price),
            quantity=qty,
            line_total=Decimal(price) * qty,
            ikpu_code=product.ikpu_code,
            package_code=product.package_code,
            vat_percent=product.vat_percent,
        )
        for product, qty, price in lines
    )
    Order.objects.filter(pk=order.pk).update(created_at=created_at)
    order.refresh_from_db()
    return order


def history(*, order: Order, to: str, actor, at: datetime, from_status: str = "") -> None:
    row = OrderStatusHistory.objects.create(
        order=order,
        from_status=from_status,
        to_status=to,
        actor=actor,
        actor_role=actor.role if actor else "system",
    )
    OrderStatusHistory.objects.filter(pk=row.pk).update(created_at=at)


def random_order(rng: random.Random, *, customers, products, created_at: datetime) -> Order:
    """An order in any status, paid or not as that status allows, with 1-3 random lines."""
    status = rng.choice(list(OrderStatus.values))
    method = rng.choice(list(PaymentMethod.values))
    online_paid_statuses = {
        OrderStatus.PAID,
        OrderStatus.PREPARING,
        OrderStatus.READY_FOR_DELIVERY,
        OrderStatus.ON_THE_WAY,
        OrderStatus.DELIVERED,
        OrderStatus.REFUNDED,
    }
    if status in (OrderStatus.REFUNDED, OrderStatus.PAID):
        method = rng.choice([PaymentMethod.PAYME, PaymentMethod.CLICK])
    paid = method != PaymentMethod.CASH and (
        status in online_paid_statuses or (status == OrderStatus.CANCELLED and rng.random() < 0.5)
    )
    chosen = rng.sample(products, rng.randint(1, 3))
    lines = [(p, rng.randint(1, 4), Decimal(rng.randint(1000, 90000))) for p in chosen]
    return raw_order(
        customer=rng.choice(customers),
        created_at=created_at,
        lines=lines,
        status=status,
        payment_method=method,
        paid=paid,
        requires_prescription=rng.random() < 0.3,
    )
