"""Cash on delivery: the courier (or an operator at the counter) confirms the cash received, the
order is then paid, and the cash stays in the collector's ledger until staff record that it was
handed in."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.orders.errors import OrderAlreadyPaid, OrderNotFound
from apps.orders.locks import lock_order
from apps.orders.models import Order, PaymentMethod
from apps.orders.services import order_mark_paid_in_cash

from ..clock import now_ms
from ..errors import CashAlreadyHandedIn, CashAmountMismatch, NotCashOrder, PaymentNotFound
from ..hooks import cash_collector_allowed
from ..models import (
    MONEY_HELD_STATUSES,
    Payment,
    PaymentLogKind,
    PaymentProvider,
    PaymentStatus,
)
from .audit import payment_log_write, payment_status_set
from .holds import order_pending_attempts_close, payment_reference


@dataclass(frozen=True)
class CashConfirmation:
    payment: Payment
    created: bool


@transaction.atomic
def cash_payment_confirm(*, order_id: int, amount: Decimal, collector) -> CashConfirmation:
    """Record the cash of a cash order as received by `collector`. The amount must be the order
    total exactly. Repeating the same confirmation returns the same payment.

    404 for an order the collector may not settle; 400 `cash_amount_mismatch`; 409
    `not_cash_order`, `order_already_paid`, `order_not_payable` (not being handed over)."""
    if not Order.objects.filter(pk=order_id).exists():
        raise OrderNotFound()
    order = lock_order(order_id=order_id)
    if not cash_collector_allowed(order=order, user=collector):
        raise OrderNotFound()
    if order.payment_method != PaymentMethod.CASH:
        raise NotCashOrder(details={"order_number": order.number})
    earlier = (
        Payment.objects.select_for_update()
        .filter(order=order, provider=PaymentProvider.CASH, status__in=MONEY_HELD_STATUSES)
        .first()
    )
    if earlier is not None:
        if earlier.collected_by_id == collector.pk and earlier.amount == amount:
            return CashConfirmation(payment=earlier, created=False)
        raise OrderAlreadyPaid(details={"order_number": order.number})
    if amount != order.total:
        raise CashAmountMismatch(details={"expected": str(order.total), "received": str(amount)})
    now = now_ms()
    payment = Payment(order=order, provider=PaymentProvider.CASH, amount=order.total)
    payment_status_set(
        payment=payment,
        to=PaymentStatus.PAID,
        action="cash.confirm",
        actor=collector,
        collected_by=collector,
        create_time=now,
        perform_time=now,
    )
    order_mark_paid_in_cash(order=order, reference=payment_reference(payment))
    order_pending_attempts_close(order=order)
    return CashConfirmation(payment=payment, created=True)


@dataclass(frozen=True)
class CashHandIn:
    count: int
    amount: Decimal


@transaction.atomic
def cash_hand_in(*, payment_ids: list[int], amount: Decimal, received_by) -> CashHandIn:
    """Staff record the cash of these collections as handed in, after counting `amount`, which
    must be their sum exactly. All or nothing.

    404 naming unknown ids; 409 `cash_already_handed_in` (or refunded: nothing to hand in);
    400 `cash_amount_mismatch`."""
    ids = sorted(set(payment_ids))
    payments = list(
        Payment.objects.select_for_update()
        .filter(pk__in=ids, provider=PaymentProvider.CASH)
        .order_by("pk")
    )
    missing = sorted(set(ids) - {payment.pk for payment in payments})
    if missing:
        raise PaymentNotFound(details={"payment_ids": missing})
    settled = [p.pk for p in payments if p.handed_in_at or p.status != PaymentStatus.PAID]
    if settled:
        raise CashAlreadyHandedIn(details={"payment_ids": settled})
    # What the collectors owe: collected less what they gave back for removed packs.
    owed = {payment.pk: payment.amount - payment.refunded_amount for payment in payments}
    expected = sum(owed.values(), start=Decimal("0.00"))
    if amount != expected:
        raise CashAmountMismatch(details={"expected": str(expected), "received": str(amount)})
    now = timezone.now()
    for payment in payments:
        payment.handed_in_at = now
        payment.handed_in_to = received_by
        payment.save(update_fields=["handed_in_at", "handed_in_to", "updated_at"])
        payment_log_write(
            provider=PaymentProvider.CASH,
            kind=PaymentLogKind.STAFF_ACTION,
            action="cash.hand_in",
            payment=payment,
            outcome=f"{owed[payment.pk]} handed in",
            actor=received_by,
        )
    return CashHandIn(count=len(payments), amount=expected)
