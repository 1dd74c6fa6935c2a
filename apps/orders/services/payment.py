"""What the payments app calls. Every function locks the order row, so a payment confirmation,
a reservation extension and the expiry task never act on a stale status."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ValidationFailed

from ..errors import OrderAlreadyPaid, OrderNotPayable
from ..locks import lock_order
from ..models import Order, OrderStatus, PaymentMethod
from ..state import transition_check
from .lifecycle import order_status_record


def _reference(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference or len(reference) > 64:
        raise ValidationFailed(
            _("A payment reference of 1 to 64 characters is required."),
            details={"reference": reference[:80]},
        )
    return reference


@transaction.atomic
def order_mark_paid(*, order: Order, reference: str) -> Order:
    """Record a confirmed online payment (AWAITING_PAYMENT → PAID). Idempotent: the same
    reference again returns the order unchanged; another payment of a paid order is refused
    (`order_already_paid`), as is paying an order that does not await payment."""
    reference = _reference(reference)
    order = lock_order(order_id=order.pk)
    if order.payment_reference:
        if order.payment_reference == reference:
            return order
        raise OrderAlreadyPaid(details={"order_number": order.number})
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise OrderNotPayable(details={"order_number": order.number, "status": order.status})
    transition_check(order=order, to=OrderStatus.PAID, actor=None)
    order.paid_at = timezone.now()
    order.payment_reference = reference
    return order_status_record(
        order=order, to=OrderStatus.PAID, actor=None, reason=f"Payment {reference}"
    )


@transaction.atomic
def order_reservation_extend(*, order: Order, until: datetime) -> Order:
    """Hold an unpaid order's stock at least until `until` (a Payme/Click transaction is in
    progress). Never shortens a hold; refused unless the order awaits payment."""
    order = lock_order(order_id=order.pk)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise OrderNotPayable(details={"order_number": order.number, "status": order.status})
    if order.reservation_expires_at is None or until > order.reservation_expires_at:
        order.reservation_expires_at = until
        order.save(update_fields=["reservation_expires_at", "updated_at"])
    return order


@transaction.atomic
def order_reservation_release(*, order: Order, until: datetime) -> Order:
    """A payment attempt that extended the hold ended unpaid: an order still awaiting payment
    keeps its stock only until `until` (never longer than it already does), so the expiry task
    returns the stock of abandoned checkouts while the customer can still retry until then.
    Does nothing for an order in any other status."""
    order = lock_order(order_id=order.pk)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return order
    if order.reservation_expires_at is None or until < order.reservation_expires_at:
        order.reservation_expires_at = until
        order.save(update_fields=["reservation_expires_at", "updated_at"])
    return order


# A cash order is paid when its goods are handed over: at the counter or by the courier.
CASH_PAYABLE_STATUSES = frozenset(
    {OrderStatus.READY_FOR_DELIVERY, OrderStatus.ON_THE_WAY, OrderStatus.DELIVERED}
)


@transaction.atomic
def order_mark_paid_in_cash(*, order: Order, reference: str) -> Order:
    """Record the cash received for a cash order at handover (its status is not changed: the
    delivery flow moves it). Idempotent for the same reference; a paid order is refused
    (`order_already_paid`), as is an order that is not cash or not being handed over."""
    reference = _reference(reference)
    order = lock_order(order_id=order.pk)
    if order.payment_reference:
        if order.payment_reference == reference:
            return order
        raise OrderAlreadyPaid(details={"order_number": order.number})
    if order.payment_method != PaymentMethod.CASH or order.status not in CASH_PAYABLE_STATUSES:
        raise OrderNotPayable(details={"order_number": order.number, "status": order.status})
    order.paid_at = timezone.now()
    order.payment_reference = reference
    order.save(update_fields=["paid_at", "payment_reference", "updated_at"])
    return order


@transaction.atomic
def order_mark_refunded(*, order: Order, reference: str, reason: str = "") -> Order:
    """Record that the money of an order paid online went back to the customer (→ REFUNDED).
    Stock still held is returned. Idempotent: a refunded order is returned unchanged."""
    reference = _reference(reference)
    order = lock_order(order_id=order.pk)
    if order.status == OrderStatus.REFUNDED:
        return order
    transition_check(order=order, to=OrderStatus.REFUNDED, actor=None)
    return order_status_record(
        order=order,
        to=OrderStatus.REFUNDED,
        actor=None,
        reason=(reason or "Refund").strip()[:400] + f" ({reference})",
    )
