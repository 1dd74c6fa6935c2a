"""Click SHOP API: Prepare (check the order and amount, hold the stock) and Complete (the money
was debited: mark the order paid once; or Click reports a failure: cancel). Both are idempotent
by `click_trans_id`. Each returns a `ClickOutcome`; outcomes that change state (a cancellation,
a review flag) are committed before the error is replied."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.orders.errors import OrderAlreadyPaid, OrderNotPayable
from apps.orders.locks import lock_order
from apps.orders.models import Order, OrderStatus
from apps.orders.selectors import order_accepts_payment, order_get_by_number
from apps.orders.services import order_mark_paid, order_reservation_extend

from ..click.protocol import ClickCode, ClickRequest
from ..clock import now_ms
from ..models import (
    MONEY_HELD_STATUSES,
    MismatchKind,
    Payment,
    PaymentProvider,
    PaymentStatus,
)
from .audit import payment_status_set
from .holds import order_hold_release, order_pending_attempts_close, payment_reference
from .mismatches import payment_mismatch_flag

CANCELLED_ORDER_STATUSES = frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED})


@dataclass(frozen=True)
class ClickOutcome:
    error: int
    payment: Payment | None = None
    order: Order | None = None


def _order_of(request: ClickRequest) -> Order | None:
    return order_get_by_number(number=request.merchant_trans_id)


def _not_payable_code(order: Order) -> int:
    if order.status in CANCELLED_ORDER_STATUSES:
        return ClickCode.TRANSACTION_CANCELLED
    return ClickCode.ORDER_NOT_FOUND


def click_prepare(*, request: ClickRequest) -> ClickOutcome:
    """Prepare: the same `click_trans_id` again gets the same `merchant_prepare_id`."""
    order = _order_of(request)
    if order is None:
        return ClickOutcome(ClickCode.ORDER_NOT_FOUND)
    with transaction.atomic():
        order = lock_order(order_id=order.pk)
        payment = (
            Payment.objects.select_for_update()
            .filter(click_trans_id=request.click_trans_id)
            .first()
        )
        if payment is not None and payment.order_id != order.pk:
            return ClickOutcome(ClickCode.BAD_REQUEST, order=order)
        if order.payment_reference:
            return ClickOutcome(ClickCode.ALREADY_PAID, payment, order)
        if request.amount != order.total:
            return ClickOutcome(ClickCode.INCORRECT_AMOUNT, payment, order)
        if payment is not None and payment.status == PaymentStatus.CANCELLED:
            return ClickOutcome(ClickCode.TRANSACTION_CANCELLED, payment, order)
        if not order_accepts_payment(order=order):
            return ClickOutcome(_not_payable_code(order), payment, order)
        if payment is None:
            payment = _click_payment_open(order=order, request=request)
        return ClickOutcome(ClickCode.SUCCESS, payment, order)


def _click_payment_open(*, order: Order, request: ClickRequest) -> Payment:
    payment = (
        Payment.objects.select_for_update()
        .filter(
            order=order,
            provider=PaymentProvider.CLICK,
            status=PaymentStatus.PENDING,
            click_trans_id__isnull=True,
        )
        .order_by("-pk")
        .first()
    ) or Payment(order=order, provider=PaymentProvider.CLICK)
    payment_status_set(
        payment=payment,
        to=PaymentStatus.PROCESSING,
        action="click.prepare",
        amount=order.total,
        click_trans_id=request.click_trans_id,
        click_paydoc_id=request.click_paydoc_id,
        create_time=now_ms(),
    )
    order_reservation_extend(
        order=order,
        until=timezone.now() + timedelta(minutes=settings.ORDER_RESERVATION_MINUTES),
    )
    return payment


def click_complete(*, request: ClickRequest) -> ClickOutcome:
    """Complete: error 0 marks the order paid (once); error < 0 cancels the attempt."""
    order = _order_of(request)
    if order is None:
        return ClickOutcome(ClickCode.ORDER_NOT_FOUND)
    with transaction.atomic():
        order = lock_order(order_id=order.pk)
        payment = (
            Payment.objects.select_for_update()
            .filter(
                pk=request.merchant_prepare_id,
                order=order,
                provider=PaymentProvider.CLICK,
                click_trans_id=request.click_trans_id,
            )
            .first()
        )
        if payment is None:
            return ClickOutcome(ClickCode.TRANSACTION_NOT_FOUND, order=order)
        if payment.status in (*MONEY_HELD_STATUSES, PaymentStatus.REFUNDED):
            if request.error < 0:
                return _confirmed_payment_cancelled(payment=payment, order=order, request=request)
            return ClickOutcome(ClickCode.ALREADY_PAID, payment, order)
        if request.amount != payment.amount:
            return ClickOutcome(ClickCode.INCORRECT_AMOUNT, payment, order)
        if payment.status == PaymentStatus.CANCELLED:
            return ClickOutcome(ClickCode.TRANSACTION_CANCELLED, payment, order)
        if request.error < 0:
            _click_payment_cancel(payment=payment, order=order, request=request)
            return ClickOutcome(ClickCode.TRANSACTION_CANCELLED, payment, order)
        return _click_payment_confirm(payment=payment, order=order, request=request)


def _click_payment_cancel(
    *, payment: Payment, order: Order, request: ClickRequest, note: str = ""
) -> None:
    payment_status_set(
        payment=payment,
        to=PaymentStatus.CANCELLED,
        action="click.complete",
        note=note or f"Click error {request.error}",
        provider_error=request.error,
        provider_error_note=request.error_note,
        cancel_time=now_ms(),
    )
    order_hold_release(order=order, timed_out=False)


def _click_payment_confirm(
    *, payment: Payment, order: Order, request: ClickRequest
) -> ClickOutcome:
    """Mark the order paid. An order paid meanwhile by another attempt, or cancelled, refuses:
    the attempt is cancelled and the error replied, so Click returns the money."""
    try:  # order_mark_paid runs in its own savepoint: a refusal leaves this transaction usable
        order_mark_paid(order=order, reference=payment_reference(payment))
    except OrderAlreadyPaid:
        _click_payment_cancel(payment=payment, order=order, request=request, note="already paid")
        return ClickOutcome(ClickCode.ALREADY_PAID, payment, order)
    except OrderNotPayable:
        _click_payment_cancel(payment=payment, order=order, request=request, note="not payable")
        return ClickOutcome(ClickCode.TRANSACTION_CANCELLED, payment, order)
    payment_status_set(
        payment=payment,
        to=PaymentStatus.PAID,
        action="click.complete",
        provider_error=request.error,
        provider_error_note=request.error_note,
        perform_time=now_ms(),
    )
    order_pending_attempts_close(order=order)
    return ClickOutcome(ClickCode.SUCCESS, payment, order)


def _confirmed_payment_cancelled(
    *, payment: Payment, order: Order, request: ClickRequest
) -> ClickOutcome:
    """(disputed) Click reports a failure for a payment it had confirmed. The order stays paid;
    the payment is flagged for a person to check with Click, and the configured code replied."""
    if not payment.needs_review:
        payment.needs_review = True
        payment.save(update_fields=["needs_review", "updated_at"])
    payment_mismatch_flag(
        payment=payment,
        kind=MismatchKind.CANCEL_AFTER_CONFIRM,
        details={"click_error": request.error, "click_error_note": request.error_note},
    )
    return ClickOutcome(settings.CLICK_CANCEL_CONFIRMED_ERROR, payment, order)
