"""Refunds when a paid order is cancelled, and what happens to unfinished attempts.

- Payme: Payme's Merchant API has no call for the merchant to refund; staff cancel the
  transaction in the Payme cabinet, Payme then sends CancelTransaction (state 2 → -2) and that
  completes the refund (`services.payme.payme_cancel`). Until then the payment is
  "refund pending" and listed for staff.
- Click: a reversal through the Click Merchant API, called by a Celery task after commit (never
  inside a transaction), claimed under a row lock with a lease so two workers never call Click
  twice for one payment, retried with backoff, and flagged for a person when Click refuses.
- Cash: recorded as returned to the customer.
The stock comes back through orders (cancelling returns it)."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.orders.models import Order, OrderStatus
from apps.orders.services import order_mark_refunded

from ..click.merchant_api import (
    ClickApiError,
    click_payment_partial_reversal,
    click_payment_reversal,
)
from ..errors import PaymeRefundByCabinet
from ..locks import lock_order_payments, lock_payment_with_order
from ..models import (
    MismatchKind,
    PartialRefundStatus,
    Payment,
    PaymentLogKind,
    PaymentProvider,
    PaymentStatus,
)
from .audit import payment_log_write, payment_status_set
from .holds import payment_reference, refund_notify
from .mismatches import payment_mismatch_flag
from .partial_refunds import partial_refunds_cover, partial_refunds_sweep

logger = logging.getLogger(__name__)

CLICK_REFUND_MAX_ATTEMPTS = 5
CLICK_REFUND_RETRY_SECONDS = 60
CLICK_REFUND_LEASE = timedelta(minutes=5)
"""While one worker calls Click for a payment, no other worker claims it."""


def _dispatch_click_refund(payment_id: int) -> None:
    from ..tasks import click_refund_task

    try:
        click_refund_task.delay(payment_id)
    except Exception:
        logger.warning(
            "broker unavailable; Click refund of payment %s left for the sweeper", payment_id
        )


@transaction.atomic
def payments_order_cancelled(*, order_id: int) -> list[Payment]:
    """React to a cancelled order (idempotent): open attempts are closed, money taken is
    returned (or its return requested). Returns the payments changed."""
    order, payments = lock_order_payments(order_id=order_id)
    if order.status != OrderStatus.CANCELLED:
        return []
    changed = []
    for payment in payments:
        if payment.status == PaymentStatus.PENDING or (
            payment.status == PaymentStatus.PROCESSING and payment.provider == PaymentProvider.CLICK
        ):
            # Click prepares expire with the order; a Payme state-1 transaction is left to
            # Payme (its Perform is refused now, its timeout or cancel closes it).
            payment_status_set(
                payment=payment, to=PaymentStatus.CANCELLED, action="order.cancelled"
            )
        elif payment.status == PaymentStatus.PAID:
            _refund_start(payment=payment, order=order)
        else:
            continue
        changed.append(payment)
    return changed


def _refund_start(*, payment: Payment, order: Order) -> None:
    if payment.provider == PaymentProvider.CASH:
        payment_status_set(
            payment=payment,
            to=PaymentStatus.REFUNDED,
            action="cash.returned",
            note="order cancelled: cash returned to the customer",
        )
        refund_notify(order=order, amount=payment.amount)
        return
    payment_status_set(
        payment=payment,
        to=PaymentStatus.REFUND_PENDING,
        action="refund.requested",
        note="order cancelled",
        refund_next_attempt_at=timezone.now(),
    )
    # Parts not yet returned are covered by returning the rest of the payment.
    partial_refunds_cover(payment=payment)
    if payment.provider == PaymentProvider.CLICK:
        transaction.on_commit(partial(_dispatch_click_refund, payment.pk))


def _claim_click_refund(payment_id: int) -> Payment | None:
    """Take the refund of a due Click payment for this worker (None when it is not due or
    another worker holds it)."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(skip_locked=True)
            .filter(
                pk=payment_id,
                provider=PaymentProvider.CLICK,
                status=PaymentStatus.REFUND_PENDING,
                refund_next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if payment is None:
            return None
        payment.refund_attempts += 1
        payment.refund_next_attempt_at = timezone.now() + CLICK_REFUND_LEASE
        payment.save(update_fields=["refund_attempts", "refund_next_attempt_at", "updated_at"])
        return payment


def click_refund(*, payment_id: int) -> Payment | None:
    """Ask Click to reverse a payment whose refund is due; record the outcome. Safe to call
    twice at once: only one caller claims the payment."""
    payment = _claim_click_refund(payment_id)
    if payment is None:
        return None
    in_doubt = payment.partial_refunds.filter(
        Q(status=PartialRefundStatus.FAILED)
        | Q(status=PartialRefundStatus.PENDING, sent_at__isnull=False)
    ).exists()
    if in_doubt:
        # Whether a part already went back is unknown: the rest cannot be computed safely, so a
        # person refunds it (no call to Click; the flag says why).
        return _click_refund_failed(
            payment=payment,
            error=ClickApiError("not sent: a partial reversal's outcome is unknown", error_code=0),
        )
    rest = payment.amount - payment.refunded_amount
    request = {"payment_id": payment.click_paydoc_id}
    try:
        if payment.refunded_amount:
            # Parts were returned already: reverse only the rest.
            request["amount"] = str(rest)
            body = click_payment_partial_reversal(payment_id=payment.click_paydoc_id, amount=rest)
        else:
            body = click_payment_reversal(payment_id=payment.click_paydoc_id)
    except ClickApiError as error:
        return _click_refund_failed(payment=payment, error=error, request=request)
    payment_log_write(
        provider=PaymentProvider.CLICK,
        kind=PaymentLogKind.PROVIDER_CALL,
        action="click.reversal" if "amount" not in request else "click.partial_reversal",
        payment=payment,
        request=request,
        response=body,
        outcome="reversed",
    )
    return payment_refund_complete(payment_id=payment.pk, note="Click reversal")


def _click_refund_failed(
    *, payment: Payment, error: ClickApiError, request: dict | None = None
) -> Payment:
    payment_log_write(
        provider=PaymentProvider.CLICK,
        kind=PaymentLogKind.PROVIDER_CALL,
        action="click.reversal",
        payment=payment,
        request=request or {"payment_id": payment.click_paydoc_id},
        response=error.body,
        outcome=str(error),
        error_code=error.error_code,
    )
    with transaction.atomic():
        _order, payment = lock_payment_with_order(payment_id=payment.pk)
        exhausted = error.error_code is not None or payment.refund_attempts >= (
            CLICK_REFUND_MAX_ATTEMPTS
        )
        if exhausted:
            # Click refused (e.g. a payment of an earlier month) or stays unreachable: a
            # person refunds by other means and resolves the flag.
            payment.refund_next_attempt_at = None
            payment.needs_review = True
            payment_mismatch_flag(
                payment=payment,
                kind=MismatchKind.REFUND_FAILED,
                details={"error": str(error), "attempts": payment.refund_attempts},
            )
        else:
            delay = CLICK_REFUND_RETRY_SECONDS * 2 ** (payment.refund_attempts - 1)
            payment.refund_next_attempt_at = timezone.now() + timedelta(seconds=delay)
        payment.save(update_fields=["refund_next_attempt_at", "needs_review", "updated_at"])
    return payment


@transaction.atomic
def payment_refund_complete(*, payment_id: int, note: str, actor=None) -> Payment:
    """The money went back (a Click reversal, or staff refunding by other means): the payment
    is refunded, the order too (its stock was returned when it was cancelled), the customer is
    told. Idempotent. A Payme refund completes only through Payme's CancelTransaction."""
    order, payment = lock_payment_with_order(payment_id=payment_id)
    if payment.status != PaymentStatus.REFUND_PENDING:
        return payment
    if payment.provider == PaymentProvider.PAYME:
        raise PaymeRefundByCabinet(details={"payment_id": payment.pk})
    payment_status_set(
        payment=payment,
        to=PaymentStatus.REFUNDED,
        action="refund.completed",
        note=note,
        actor=actor,
        refund_next_attempt_at=None,
    )
    order_mark_refunded(order=order, reference=payment_reference(payment), reason=note)
    refund_notify(order=order, amount=payment.amount - payment.refunded_amount)
    return payment


def payment_refunds_sweep() -> dict[str, int]:
    """Catch up on refunds: paid payments of cancelled orders whose event was missed, and Click
    reversals that are due (the broker was down, or a retry is due)."""
    missed = list(
        Payment.objects.filter(status=PaymentStatus.PAID, order__status=OrderStatus.CANCELLED)
        .values_list("order_id", flat=True)
        .distinct()[:200]
    )
    for order_id in missed:
        payments_order_cancelled(order_id=order_id)
    due = list(
        Payment.objects.filter(
            provider=PaymentProvider.CLICK,
            status=PaymentStatus.REFUND_PENDING,
            refund_next_attempt_at__lte=timezone.now(),
        ).values_list("pk", flat=True)[:200]
    )
    for payment_id in due:
        _dispatch_click_refund(payment_id)
    return {"orders": len(missed), "click_refunds": len(due), **partial_refunds_sweep()}
