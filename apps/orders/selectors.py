"""Reads of carts and orders. List and detail reads run a fixed number of queries whatever
their size (select_related / prefetch_related / annotations)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.core.roles import STAFF_ROLES, Role
from apps.products.models import Product
from apps.products.selectors import product_sellable_quantities

from .errors import OrderAlreadyPaid, OrderNotFound, OrderNotPayable
from .models import (
    ONLINE_PAYMENT_METHODS,
    CartItem,
    Order,
    OrderItem,
    OrderItemAllocation,
    OrderItemRemoval,
    OrderStatus,
    OrderStatusHistory,
)

# --- cart --------------------------------------------------------------------------------------


class StockWarning:
    INACTIVE = "inactive"
    OUT_OF_STOCK = "out_of_stock"
    INSUFFICIENT_STOCK = "insufficient_stock"


@dataclass(frozen=True)
class CartLine:
    id: int
    product: Product
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    available_quantity: int
    stock_warning: str | None
    requires_prescription: bool


@dataclass(frozen=True)
class CartView:
    lines: list[CartLine] = field(default_factory=list)
    items_total: Decimal = Decimal("0.00")
    requires_prescription: bool = False
    can_checkout: bool = False
    prescription_policy: str = ""
    max_quantity_per_product: int = 0


def _stock_warning(*, product: Product, quantity: int, available: int) -> str | None:
    if not product.is_active:
        return StockWarning.INACTIVE
    if available <= 0:
        return StockWarning.OUT_OF_STOCK
    if available < quantity:
        return StockWarning.INSUFFICIENT_STOCK
    return None


def cart_get(*, customer) -> CartView:
    """The customer's cart at current prices, with a stock warning per line (inactive, out of
    stock, fewer sellable than in the cart) and prescription flags. Two queries."""
    items = list(
        CartItem.objects.filter(cart__customer=customer)
        .select_related("product")
        .order_by("created_at", "id")
    )
    sellable = product_sellable_quantities(product_ids=[item.product_id for item in items])
    lines = [
        CartLine(
            id=item.pk,
            product=item.product,
            quantity=item.quantity,
            unit_price=item.product.price,
            line_total=item.product.price * item.quantity,
            available_quantity=max(sellable[item.product_id], 0),
            stock_warning=_stock_warning(
                product=item.product, quantity=item.quantity, available=sellable[item.product_id]
            ),
            requires_prescription=item.product.requires_prescription,
        )
        for item in items
    ]
    return CartView(
        lines=lines,
        items_total=sum((line.line_total for line in lines), start=Decimal("0.00")),
        requires_prescription=any(line.requires_prescription for line in lines),
        can_checkout=bool(lines) and all(line.stock_warning is None for line in lines),
        prescription_policy=settings.ORDER_PRESCRIPTION_POLICY,
        max_quantity_per_product=settings.CART_MAX_QUANTITY_PER_PRODUCT,
    )


# --- orders ------------------------------------------------------------------------------------


def _visible_orders(*, user) -> QuerySet[Order]:
    """Customers see their own orders, pharmacy staff every order, anyone else none."""
    if user.role == Role.CUSTOMER:
        return Order.objects.filter(customer=user)
    if user.role in STAFF_ROLES:
        return Order.objects.all()
    return Order.objects.none()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def order_list(*, user, filters: dict | None = None) -> QuerySet[Order]:
    """Orders `user` may see, newest first, filtered by any of: `status` (list),
    `payment_method`, `delivery_type`, `requires_prescription`, `created_from`/`created_to`
    (dates, inclusive, shop time zone) and `search` (order number or customer phone).
    `ordering="created_at"` lists oldest first (the operator's work queues)."""
    filters = filters or {}
    orders = (
        _visible_orders(user=user)
        .select_related("customer")
        .annotate(items_count=Count("items"))
        .order_by("-created_at", "-id")
    )
    if filters.get("status"):
        orders = orders.filter(status__in=filters["status"])
    for name in ("payment_method", "delivery_type", "requires_prescription"):
        if filters.get(name) is not None:
            orders = orders.filter(**{name: filters[name]})
    if filters.get("created_from"):
        orders = orders.filter(created_at__gte=_day_start(filters["created_from"]))
    if filters.get("created_to"):
        orders = orders.filter(created_at__lt=_day_start(filters["created_to"] + timedelta(1)))
    if filters.get("search"):
        term = filters["search"].strip()
        orders = orders.filter(
            Q(number__iexact=term) | Q(customer__phone_number__contains=term.lstrip("+"))
        )
    if filters.get("ordering") == "created_at":
        orders = orders.order_by("created_at", "id")
    return orders


def order_get(*, user, number: str) -> Order:
    """One order `user` may see, with items, batch allocations, history, removed lines and
    prescriptions (a fixed number of queries). Anyone else's order is `OrderNotFound` (404)."""
    order = (
        _visible_orders(user=user)
        .select_related("customer")
        .annotate(items_count=Count("items"))
        .prefetch_related(
            Prefetch(
                "items",
                queryset=OrderItem.objects.order_by("id").prefetch_related(
                    Prefetch(
                        "allocations",
                        queryset=OrderItemAllocation.objects.select_related("batch").order_by(
                            "batch__expiry_date", "id"
                        ),
                    )
                ),
            ),
            Prefetch("history", queryset=OrderStatusHistory.objects.order_by("id")),
            Prefetch("removals", queryset=OrderItemRemoval.objects.order_by("id")),
            "prescriptions",
        )
        .filter(number=number.upper())
        .first()
    )
    if order is None:
        raise OrderNotFound()
    return order


def order_get_by_number(*, number: str) -> Order | None:
    """The order with this public number, for callers that check access themselves
    (payment callbacks)."""
    return Order.objects.filter(number=number.upper()).first()


# --- payments ----------------------------------------------------------------------------------


def order_accepts_payment(*, order: Order) -> bool:
    """True when an online payment of the order's total may start or complete now. The stock
    stays reserved until the expiry task actually cancels the order, so an order past its
    reservation time but not yet cancelled still accepts payment."""
    return (
        order.status == OrderStatus.AWAITING_PAYMENT
        and order.payment_method in ONLINE_PAYMENT_METHODS
        and not order.payment_reference
    )


def order_payable_amount(*, order: Order) -> Decimal:
    """The sum to charge for the order, or `OrderAlreadyPaid` / `OrderNotPayable` (409)."""
    if order.payment_reference:
        raise OrderAlreadyPaid(details={"order_number": order.number})
    if not order_accepts_payment(order=order):
        raise OrderNotPayable(details={"order_number": order.number, "status": order.status})
    return order.total


@dataclass(frozen=True)
class FiscalLine:
    """One receipt line as Payme/Click fiscalisation needs it (price per unit in so'm)."""

    title: str
    unit_price: Decimal
    quantity: int
    ikpu_code: str
    package_code: str
    vat_percent: int


def order_fiscal_lines(*, order: Order) -> tuple[list[FiscalLine], Decimal]:
    """The receipt lines of an order (snapshot at checkout) and its delivery fee; the lines
    times their quantities plus the fee equal `order.total`."""
    lines = [
        FiscalLine(
            title=item.product_name,
            unit_price=item.unit_price,
            quantity=item.quantity,
            ikpu_code=item.ikpu_code,
            package_code=item.package_code,
            vat_percent=item.vat_percent,
        )
        for item in order.items.order_by("id")
    ]
    return lines, order.delivery_fee


# --- privacy -----------------------------------------------------------------------------------


def orders_for_export(user) -> list[dict]:
    """Every order of `user` as plain data (strings, numbers, lists) for a personal data export."""
    orders = (
        Order.objects.filter(customer=user)
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.order_by("id")),
            Prefetch("history", queryset=OrderStatusHistory.objects.order_by("id")),
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "number": order.number,
            "status": order.status,
            "created_at": order.created_at.isoformat(),
            "payment_method": order.payment_method,
            "delivery_type": order.delivery_type,
            "address": order.address_text,
            "latitude": None if order.address_latitude is None else str(order.address_latitude),
            "longitude": None if order.address_longitude is None else str(order.address_longitude),
            "note": order.customer_note,
            "items_total": str(order.items_total),
            "delivery_fee": str(order.delivery_fee),
            "total": str(order.total),
            "paid_at": order.paid_at.isoformat() if order.paid_at else None,
            "items": [
                {
                    "product": item.product_name,
                    "quantity": item.quantity,
                    "unit_price": str(item.unit_price),
                    "line_total": str(item.line_total),
                }
                for item in order.items.all()
            ],
            "history": [
                {
                    "from": entry.from_status,
                    "to": entry.to_status,
                    "at": entry.created_at.isoformat(),
                    "reason": entry.reason,
                }
                for entry in order.history.all()
            ],
        }
        for order in orders
    ]
