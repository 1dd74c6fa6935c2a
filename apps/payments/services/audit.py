"""The payment log: written by the services only, one row per callback, state change, provider
call or staff action. Requests are stored without credentials (Payme's Authorization header and
Click's secret never reach it)."""

from typing import Any

from django.utils import timezone

from ..models import Payment, PaymentLog, PaymentLogKind, PaymentStatus


def payment_log_write(
    *,
    provider: str,
    kind: str,
    action: str,
    payment: Payment | None = None,
    order=None,
    request: Any = None,
    response: Any = None,
    outcome: str = "",
    error_code: int | None = None,
    from_status: str = "",
    to_status: str = "",
    actor=None,
) -> PaymentLog:
    return PaymentLog.objects.create(
        payment=payment,
        order_id=order.pk if order is not None else (payment.order_id if payment else None),
        provider=provider,
        kind=kind,
        action=action[:64],
        request=request if request is not None else {},
        response=response if response is not None else {},
        outcome=outcome[:255],
        error_code=error_code,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
    )


def payment_status_set(
    *, payment: Payment, to: str, action: str, actor=None, note: str = "", **fields: Any
) -> Payment:
    """Move a locked payment to `to` (with any other fields), stamp paid/refunded times and log
    the change in the caller's transaction."""
    from_status, now = payment.status, timezone.now()
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.status = to
    if to == PaymentStatus.PAID and payment.paid_at is None:
        payment.paid_at = now
    if to == PaymentStatus.REFUND_PENDING and payment.refund_requested_at is None:
        payment.refund_requested_at = now
    if to == PaymentStatus.REFUNDED:
        payment.refunded_at = now
    payment.save()
    payment_log_write(
        provider=payment.provider,
        kind=PaymentLogKind.STATE_CHANGE,
        action=action,
        payment=payment,
        outcome=note,
        from_status=from_status,
        to_status=to,
        actor=actor,
    )
    return payment
