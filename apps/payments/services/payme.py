"""Payme Merchant API methods. Each takes validated parameters and returns the `result` object,
or raises `PaymeError`. Repeated calls return the stored times and states, never a fresh "now".

State changes lock the order row, then the payment (see `locks.py`), so concurrent duplicate
callbacks run one after the other and the second sees what the first did. A transaction that
outlived the 12-hour rule is cancelled (reason 4) and committed before the error is replied."""

from datetime import timedelta

from django.db import transaction

from apps.core.money import som_to_tiyin, tiyin_to_som
from apps.orders.errors import OrderAlreadyPaid, OrderNotPayable
from apps.orders.locks import lock_order
from apps.orders.models import Order, OrderStatus
from apps.orders.selectors import order_accepts_payment, order_get_by_number
from apps.orders.services import order_mark_paid, order_mark_refunded, order_reservation_extend

from ..clock import datetime_from_ms, now_ms
from ..locks import lock_payment_with_order
from ..models import (
    PaymeCancelReason,
    Payment,
    PaymentProvider,
    PaymentStatus,
    PaymeState,
)
from ..payme.fiscal import payme_receipt_detail
from ..payme.protocol import (
    ORDER_ALREADY_PAID,
    OTHER_TRANSACTION_ACTIVE,
    TRANSACTION_EXPIRED,
    TRANSACTION_NOT_ACTIVE,
    Code,
    PaymeError,
)
from .audit import payment_status_set
from .holds import (
    order_hold_release,
    order_pending_attempts_close,
    payment_reference,
    refund_notify,
)
from .partial_refunds import partial_refunds_cover

TIMEOUT_MS = 43_200_000
"""Payme's 12-hour rule: a state-1 transaction older than this (by Payme's time) is cancelled."""

FISCAL_TYPES = {"PERFORM": "fiscal_perform", "CANCEL": "fiscal_cancel"}


def payme_is_expired(payment: Payment, *, now: int | None = None) -> bool:
    return (now if now is not None else now_ms()) - payment.payme_time > TIMEOUT_MS


# --- lookups and checks --------------------------------------------------------------------------


def _order_of(account: dict) -> Order:
    order = order_get_by_number(number=str(account["order_id"]))
    if order is None:
        raise PaymeError(Code.ORDER_NOT_FOUND, data="order_id")
    return order


def _amount_check(*, order: Order, amount: int) -> None:
    if som_to_tiyin(order.total) != amount:
        raise PaymeError(Code.WRONG_AMOUNT, data="amount", order=order)


def _payable_check(order: Order) -> None:
    if order.payment_reference:
        raise PaymeError(Code.CANNOT_PERFORM, message=ORDER_ALREADY_PAID, order=order)
    if not order_accepts_payment(order=order):
        raise PaymeError(Code.ORDER_NOT_PAYABLE, data="order_id", order=order)


def _open_transaction_exists(order: Order) -> bool:
    return Payment.objects.filter(
        order=order,
        provider=PaymentProvider.PAYME,
        state__in=[PaymeState.CREATED, PaymeState.PERFORMED],
    ).exists()


def _payment_id(payme_id: str, *, code: int = Code.TRANSACTION_NOT_FOUND) -> int:
    payment_id = (
        Payment.objects.filter(payme_transaction_id=payme_id).values_list("pk", flat=True).first()
    )
    if payment_id is None:
        raise PaymeError(code)
    return payment_id


# --- results -------------------------------------------------------------------------------------


def _create_result(payment: Payment) -> dict:
    return {
        "create_time": payment.create_time,
        "transaction": str(payment.pk),
        "state": payment.state,
    }


def _perform_result(payment: Payment) -> dict:
    return {
        "transaction": str(payment.pk),
        "perform_time": payment.perform_time,
        "state": payment.state,
    }


def _cancel_result(payment: Payment) -> dict:
    return {
        "transaction": str(payment.pk),
        "cancel_time": payment.cancel_time,
        "state": payment.state,
    }


def payme_transaction_view(payment: Payment) -> dict:
    """What CheckTransaction replies for a transaction."""
    return {
        "create_time": payment.create_time,
        "perform_time": payment.perform_time,
        "cancel_time": payment.cancel_time,
        "transaction": str(payment.pk),
        "state": payment.state,
        "reason": payment.reason,
    }


# --- state changes -------------------------------------------------------------------------------


def payme_open_cancel(*, payment: Payment, order: Order, reason: int) -> Payment:
    """State 1 → -1 on a locked payment and order; the order's stock hold is given up."""
    payment_status_set(
        payment=payment,
        to=PaymentStatus.CANCELLED,
        action="payme.cancel",
        note=f"reason {reason}",
        state=PaymeState.CANCELLED,
        reason=reason,
        cancel_time=now_ms(),
    )
    order_hold_release(order=order, timed_out=reason == PaymeCancelReason.TIMEOUT)
    return payment


def _expired_cancel(*, payment: Payment, order: Order) -> Payment:
    return payme_open_cancel(payment=payment, order=order, reason=PaymeCancelReason.TIMEOUT)


# --- methods -------------------------------------------------------------------------------------


def payme_check_perform(*, amount: int, account: dict) -> dict:
    """CheckPerformTransaction: may this order be paid with this amount now?"""
    order = _order_of(account)
    _amount_check(order=order, amount=amount)
    _payable_check(order)
    if _open_transaction_exists(order):
        raise PaymeError(Code.CANNOT_PERFORM, message=OTHER_TRANSACTION_ACTIVE, order=order)
    return {"allow": True, "detail": payme_receipt_detail(order=order)}


def payme_create(*, payme_id: str, time: int, amount: int, account: dict) -> tuple[dict, Payment]:
    """CreateTransaction: open a transaction (state 1) and hold the order's stock until it is
    performed or cancelled, or return the stored result of the same transaction."""
    order = _order_of(account)
    _amount_check(order=order, amount=amount)
    expired = None
    with transaction.atomic():
        order = lock_order(order_id=order.pk)
        payment = Payment.objects.select_for_update().filter(payme_transaction_id=payme_id).first()
        if payment is not None:
            if payment.order_id != order.pk or payment.state != PaymeState.CREATED:
                raise PaymeError(
                    Code.CANNOT_PERFORM, message=TRANSACTION_NOT_ACTIVE, payment=payment
                )
            if not payme_is_expired(payment):
                return _create_result(payment), payment
            expired = _expired_cancel(payment=payment, order=order)
        else:
            payment = _payme_transaction_open(
                order=order, payme_id=payme_id, time=time, amount=amount, account=account
            )
            return _create_result(payment), payment
    raise PaymeError(Code.CANNOT_PERFORM, message=TRANSACTION_EXPIRED, payment=expired)


def _payme_transaction_open(
    *, order: Order, payme_id: str, time: int, amount: int, account: dict
) -> Payment:
    _payable_check(order)
    now = now_ms()
    if now - time > TIMEOUT_MS:
        raise PaymeError(Code.CANNOT_PERFORM, message=TRANSACTION_EXPIRED, order=order)
    if _open_transaction_exists(order):
        raise PaymeError(Code.CANNOT_PERFORM, message=OTHER_TRANSACTION_ACTIVE, order=order)
    # The attempt the customer started with /payments/create/ becomes this transaction.
    payment = (
        Payment.objects.select_for_update()
        .filter(
            order=order,
            provider=PaymentProvider.PAYME,
            status=PaymentStatus.PENDING,
            payme_transaction_id__isnull=True,
        )
        .order_by("-pk")
        .first()
    ) or Payment(order=order, provider=PaymentProvider.PAYME)
    payment.amount = tiyin_to_som(amount)
    payment_status_set(
        payment=payment,
        to=PaymentStatus.PROCESSING,
        action="payme.create",
        payme_transaction_id=payme_id,
        payme_time=time,
        state=PaymeState.CREATED,
        create_time=now,
        account=account,
        fiscal_detail=payme_receipt_detail(order=order),
    )
    order_reservation_extend(
        order=order, until=datetime_from_ms(time) + timedelta(milliseconds=TIMEOUT_MS)
    )
    return payment


def payme_perform(*, payme_id: str) -> tuple[dict, Payment]:
    """PerformTransaction: the money is taken; the order becomes paid, exactly once."""
    payment_id = _payment_id(payme_id)
    with transaction.atomic():
        order, payment = lock_payment_with_order(payment_id=payment_id)
        if payment.state == PaymeState.PERFORMED:
            return _perform_result(payment), payment
        if payment.state != PaymeState.CREATED:
            raise PaymeError(Code.CANNOT_PERFORM, message=TRANSACTION_NOT_ACTIVE, payment=payment)
        if payme_is_expired(payment):
            expired = _expired_cancel(payment=payment, order=order)
        else:
            try:
                order_mark_paid(order=order, reference=payment_reference(payment))
            except OrderAlreadyPaid as exc:
                raise PaymeError(
                    Code.CANNOT_PERFORM, message=ORDER_ALREADY_PAID, payment=payment
                ) from exc
            except OrderNotPayable as exc:
                raise PaymeError(Code.CANNOT_PERFORM, payment=payment) from exc
            payment_status_set(
                payment=payment,
                to=PaymentStatus.PAID,
                action="payme.perform",
                state=PaymeState.PERFORMED,
                perform_time=now_ms(),
            )
            order_pending_attempts_close(order=order)
            return _perform_result(payment), payment
    raise PaymeError(Code.CANNOT_PERFORM, message=TRANSACTION_EXPIRED, payment=expired)


def payme_cancel(*, payme_id: str, reason: int) -> tuple[dict, Payment]:
    """CancelTransaction: state 1 → -1 (the hold is given up); state 2 → -2, a refund (the
    order is refunded and its stock returned) unless the order was delivered (-31007); an
    already cancelled transaction → the stored result, reason and time unchanged."""
    payment_id = _payment_id(payme_id)
    with transaction.atomic():
        order, payment = lock_payment_with_order(payment_id=payment_id)
        if payment.state == PaymeState.CREATED:
            payme_open_cancel(payment=payment, order=order, reason=reason)
        elif payment.state == PaymeState.PERFORMED:
            if order.status == OrderStatus.DELIVERED:
                raise PaymeError(Code.CANNOT_CANCEL, payment=payment)
            # Payme returns the whole payment: parts still waiting for the cabinet are covered.
            partial_refunds_cover(payment=payment)
            payment_status_set(
                payment=payment,
                to=PaymentStatus.REFUNDED,
                action="payme.cancel",
                note=f"refund, reason {reason}",
                state=PaymeState.CANCELLED_AFTER_PERFORM,
                reason=reason,
                cancel_time=now_ms(),
            )
            order_mark_refunded(
                order=order,
                reference=payment_reference(payment),
                reason=f"Payme transaction cancelled (reason {reason})",
            )
            refund_notify(order=order, amount=payment.amount)
        return _cancel_result(payment), payment


def payme_check(*, payme_id: str) -> tuple[dict, Payment]:
    """CheckTransaction: the transaction as stored (read-only)."""
    payment = Payment.objects.get(pk=_payment_id(payme_id))
    return payme_transaction_view(payment), payment


def payme_statement(*, time_from: int, time_to: int) -> dict:
    """GetStatement: every transaction created with `from <= Payme time <= to`, in every
    state, ascending by Payme's time (never by our clock)."""
    payments = Payment.objects.filter(
        provider=PaymentProvider.PAYME,
        payme_transaction_id__isnull=False,
        payme_time__gte=time_from,
        payme_time__lte=time_to,
    ).order_by("payme_time", "pk")
    return {
        "transactions": [
            {
                "id": payment.payme_transaction_id,
                "time": payment.payme_time,
                "amount": som_to_tiyin(payment.amount),
                "account": payment.account,
                **payme_transaction_view(payment),
                "receivers": None,
            }
            for payment in payments
        ]
    }


def payme_fiscal_data_set(*, payme_id: str, kind: str, fiscal_data: dict) -> tuple[dict, Payment]:
    """SetFiscalData: keep the fiscal receipt of the payment (PERFORM) or refund (CANCEL)."""
    payment_id = _payment_id(payme_id, code=Code.FISCAL_TRANSACTION_NOT_FOUND)
    with transaction.atomic():
        _order, payment = lock_payment_with_order(payment_id=payment_id)
        setattr(payment, FISCAL_TYPES[kind], fiscal_data)
        payment.save(update_fields=[FISCAL_TYPES[kind], "updated_at"])
    return {"success": True}, payment
