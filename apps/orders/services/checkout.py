"""Checkout: the cart becomes an order in one transaction — price and fiscal snapshot per line,
totals, FEFO stock reservation recorded per line, prescription gate, cart emptied.

Idempotent per customer and `Idempotency-Key`: the customer's cart row is locked first, so two
requests with one key run one after the other and the second finds the first one's order."""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.notifications.models import NotificationType
from apps.products.services import stock_reserve

from ..errors import (
    AddressNotFound,
    AddressRequired,
    CartEmpty,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
    OpenOrderLimit,
    PrescriptionRequiresPickup,
    ProductUnavailable,
)
from ..locks import lock_cart
from ..models import (
    ONLINE_PAYMENT_METHODS,
    CartItem,
    DeliveryType,
    Order,
    OrderItem,
    OrderItemAllocation,
    OrderStatus,
)
from ..pricing import AddressSnapshot, delivery_fee_quote
from ..state import OPEN_UNPAID_STATUSES, transition_check
from .lifecycle import (
    order_history_record,
    order_notify,
    order_prescription_claim,
    order_prescriptions_validate,
    order_status_record,
)

IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Crockford's base32: no I, L, O or U, so numbers read out over the phone are unambiguous.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_LENGTH = 8
COORDINATE_QUANT = Decimal("0.000001")


class PrescriptionPolicy:
    UPLOAD_REVIEW = "upload_review"
    PICKUP_ONLY = "pickup_only"


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    created: bool


def order_number_generate() -> str:
    """A new public order number, `DX-` and eight random base32 characters."""
    for _attempt in range(10):
        number = "DX-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))
        if not Order.objects.filter(number=number).exists():
            break
    return number


def checkout_address_resolve(
    *, customer, delivery_type: str, address: AddressSnapshot | None, address_id: int | None
) -> AddressSnapshot | None:
    """Where a courier order goes: a saved address of the customer (`address_id`) or an inline
    one. Pickup needs none. Saved addresses come with the accounts app; until then no id is
    one of the customer's, so every id is refused like someone else's (400)."""
    if delivery_type == DeliveryType.PICKUP:
        return None
    if address_id is not None:
        raise AddressNotFound(details={"address_id": address_id})
    if address is None or not address.text.strip():
        raise AddressRequired(details={"address": [_("This field is required.")]})
    return AddressSnapshot(
        text=address.text.strip(), latitude=address.latitude, longitude=address.longitude
    )


def _address_key(address: AddressSnapshot | None) -> list[str] | None:
    if address is None:
        return None
    coordinates = [
        "" if value is None else str(value.quantize(COORDINATE_QUANT))
        for value in (address.latitude, address.longitude)
    ]
    return [address.text.strip(), *coordinates]


def _fingerprint(**request) -> str:
    canonical = json.dumps(request, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replayed(*, order: Order, fingerprint: str, cart_lines: list[CartItem]) -> Order:
    """The order a repeated request made, if it is the same request: same body, and a cart that
    is either empty (the first request emptied it) or holds exactly the order's lines."""
    if order.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    in_cart = {line.product_id: line.quantity for line in cart_lines}
    if in_cart and in_cart != dict(order.items.values_list("product_id", "quantity")):
        raise IdempotencyKeyReused()
    return order


def _sellable_lines_check(cart_lines: list[CartItem]) -> None:
    inactive = [
        {"product_id": line.product_id, "name": line.product.name_uz}
        for line in cart_lines
        if not line.product.is_active
    ]
    if inactive:
        raise ProductUnavailable(details={"items": inactive})


def _open_orders_check(customer) -> None:
    limit = settings.ORDER_MAX_OPEN_UNPAID
    open_orders = Order.objects.filter(customer=customer, status__in=OPEN_UNPAID_STATUSES).count()
    if open_orders >= limit:
        raise OpenOrderLimit(details={"open_orders": open_orders, "max": limit})


def _order_lines_create(*, order: Order, cart_lines: list[CartItem], customer) -> None:
    items = OrderItem.objects.bulk_create(
        [
            OrderItem(
                order=order,
                product=line.product,
                product_name=str(line.product)[:400],
                unit_price=line.product.price,
                quantity=line.quantity,
                line_total=line.product.price * line.quantity,
                requires_prescription=line.product.requires_prescription,
                ikpu_code=line.product.ikpu_code,
                package_code=line.product.package_code,
                vat_percent=line.product.vat_percent,
            )
            for line in cart_lines
        ]
    )
    allocations = stock_reserve(
        items=[(line.product_id, line.quantity) for line in cart_lines],
        reference=order.number,
        actor=customer,
    )
    OrderItemAllocation.objects.bulk_create(
        [
            OrderItemAllocation(
                item=item, batch_id=allocation.batch.pk, quantity=allocation.quantity
            )
            for item in items
            for allocation in allocations[item.product_id]
        ]
    )


def _prescription_policy_check(*, cart_lines: list[CartItem], delivery_type: str) -> None:
    rx_products = [line.product_id for line in cart_lines if line.product.requires_prescription]
    if (
        rx_products
        and settings.ORDER_PRESCRIPTION_POLICY == PrescriptionPolicy.PICKUP_ONLY
        and delivery_type != DeliveryType.PICKUP
    ):
        raise PrescriptionRequiresPickup(details={"product_ids": rx_products})


def _order_route(*, order: Order) -> None:
    """The first move of a new order: to the prescription gate if its prescription lines are
    not covered yet, else to payment (online), else it stays CREATED (cash, for the pharmacy)."""
    gated = (
        order.requires_prescription
        and settings.ORDER_PRESCRIPTION_POLICY == PrescriptionPolicy.UPLOAD_REVIEW
    )
    if gated and not order_prescription_claim(order=order):
        to = OrderStatus.AWAITING_PRESCRIPTION
    elif order.payment_method in ONLINE_PAYMENT_METHODS:
        to = OrderStatus.AWAITING_PAYMENT
    else:
        return
    transition_check(order=order, to=to, actor=None)
    order_status_record(order=order, to=to, actor=None, reason="Checkout")


@transaction.atomic
def order_checkout(
    *,
    customer,
    idempotency_key: str,
    payment_method: str,
    delivery_type: str,
    address: AddressSnapshot | None = None,
    address_id: int | None = None,
    note: str = "",
    prescription_ids: list[int] | None = None,
) -> CheckoutResult:
    """Turn the customer's cart into an order, or return the order an earlier request with the
    same key made. Prices, names and fiscal codes come from the catalog, never the client.

    Raises 409 `insufficient_stock` (nothing reserved), `idempotency_key_reused`,
    `open_order_limit`; 400 for an empty cart, unavailable products, a missing or foreign
    address, foreign prescriptions, or prescription items for courier delivery under the
    `pickup_only` policy."""
    if not isinstance(idempotency_key, str) or not IDEMPOTENCY_KEY_RE.match(idempotency_key):
        raise IdempotencyKeyInvalid()
    prescription_ids = sorted(set(prescription_ids or []))
    fingerprint = _fingerprint(
        payment_method=payment_method,
        delivery_type=delivery_type,
        address=_address_key(address),
        address_id=address_id,
        note=note,
        prescription_ids=prescription_ids,
    )
    cart = lock_cart(customer=customer)
    cart_lines = list(cart.items.select_related("product").order_by("product_id"))
    earlier = Order.objects.filter(customer=customer, idempotency_key=idempotency_key).first()
    if earlier is not None:
        order = _replayed(order=earlier, fingerprint=fingerprint, cart_lines=cart_lines)
        return CheckoutResult(order=order, created=False)
    if not cart_lines:
        raise CartEmpty()
    _sellable_lines_check(cart_lines)
    _open_orders_check(customer)
    _prescription_policy_check(cart_lines=cart_lines, delivery_type=delivery_type)
    prescription_ids = order_prescriptions_validate(
        customer=customer, prescription_ids=prescription_ids
    )
    destination = checkout_address_resolve(
        customer=customer, delivery_type=delivery_type, address=address, address_id=address_id
    )
    items_total = sum(
        (line.product.price * line.quantity for line in cart_lines), start=Decimal("0.00")
    )
    delivery_fee = delivery_fee_quote(
        customer=customer,
        delivery_type=delivery_type,
        address=destination,
        items_total=items_total,
    )
    order = Order.objects.create(
        number=order_number_generate(),
        customer=customer,
        status=OrderStatus.CREATED,
        payment_method=payment_method,
        delivery_type=delivery_type,
        address_text=destination.text if destination else "",
        address_latitude=destination.latitude if destination else None,
        address_longitude=destination.longitude if destination else None,
        customer_note=note,
        items_total=items_total,
        delivery_fee=delivery_fee,
        total=items_total + delivery_fee,
        requires_prescription=any(line.product.requires_prescription for line in cart_lines),
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    _order_lines_create(order=order, cart_lines=cart_lines, customer=customer)
    if prescription_ids:
        order.prescriptions.set(prescription_ids)
    order_history_record(order=order, from_status="", actor=customer)
    order_notify(order=order, type=NotificationType.ORDER_CREATED)
    _order_route(order=order)
    CartItem.objects.filter(pk__in=[line.pk for line in cart_lines]).delete()
    return CheckoutResult(order=order, created=True)
