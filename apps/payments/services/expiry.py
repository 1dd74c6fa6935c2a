"""Payme's 12-hour rule, enforced on a clock too: state-1 transactions older than 12 hours (by
Payme's time) are cancelled with reason 4 and their orders' stock holds given up, so abandoned
checkouts return their stock even if Payme never calls again."""

from django.db import transaction

from ..clock import now_ms
from ..locks import lock_payment_with_order
from ..models import PaymeCancelReason, Payment, PaymentProvider, PaymeState
from .payme import TIMEOUT_MS, payme_is_expired, payme_open_cancel


def payme_transactions_expire(*, now: int | None = None, limit: int = 500) -> int:
    """Cancel stale state-1 Payme transactions; returns how many this run cancelled. Each is
    handled in its own transaction under the order → payment locks, so a run racing a
    callback or another run acts on the current state."""
    now = now if now is not None else now_ms()
    due = list(
        Payment.objects.filter(
            provider=PaymentProvider.PAYME,
            state=PaymeState.CREATED,
            payme_time__lt=now - TIMEOUT_MS,
        )
        .order_by("payme_time", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    cancelled = 0
    for payment_id in due:
        with transaction.atomic():
            order, payment = lock_payment_with_order(payment_id=payment_id)
            if payment.state != PaymeState.CREATED or not payme_is_expired(payment, now=now):
                continue
            payme_open_cancel(payment=payment, order=order, reason=PaymeCancelReason.TIMEOUT)
            cancelled += 1
    return cancelled
