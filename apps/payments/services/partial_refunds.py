"""Partial refunds: staff took packs off a paid order (`orders.OrderItemRemoval`), so exactly
the amount the order total went down by goes back to the customer, once.

- Click: `payment/partial_reversal` on the Merchant API, from a Celery task after commit,
  claimed under a row lock. A request that may have reached Click is never sent again: an
  unknown outcome (timeout, broken answer, a worker lost mid-call) is flagged for a person,
  because a second partial reversal would refund twice. Only "could not connect" is retried.
- Payme: the Merchant API has no merchant refund; the refund waits (`pending`, listed in admin
  and by reconciliation) until staff refund in the Payme cabinet or by other means and mark it
  done. The payment's own receipt (`Payment.fiscal_detail`) stays as Payme printed it; the
  refund carries its own return receipt detail, so sale minus returns equals the order total.
- Cash: collected cash is returned by whoever holds it at once (the collector owes less);
  cash not collected yet needs nothing: the courier collects the lowered order total.

Lock order: the order row, then its payments (`locks.py`), then the partial refund rows."""

import logging
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.core.money import som_to_tiyin
from apps.orders.locks import lock_order
from apps.orders.models import OrderItemRemoval

from ..click.merchant_api import ClickApiError, click_payment_partial_reversal
from ..locks import lock_order_payments
from ..models import (
    MONEY_HELD_STATUSES,
    MismatchKind,
    PartialRefund,
    PartialRefundStatus,
    Payment,
    PaymentLogKind,
    PaymentProvider,
    PaymentStatus,
)
from ..payme.fiscal import SHIPPING_TITLE
from .audit import payment_log_write
from .holds import refund_notify
from .mismatches import payment_mismatch_flag

logger = logging.getLogger(__name__)

CLICK_PARTIAL_MAX_ATTEMPTS = 5
CLICK_PARTIAL_RETRY_SECONDS = 60
CLICK_PARTIAL_LEASE = timedelta(minutes=5)


def partial_refund_receipt(*, removal: OrderItemRemoval) -> dict:
    """The return receipt of a removal in Payme's `detail` shape (tiyin): the removed packs and
    any delivery fee reduction, adding up to the refunded amount exactly."""
    items = [
        {
            "title": removal.product_name,
            "price": som_to_tiyin(removal.unit_price),
            "count": removal.quantity,
            "code": removal.ikpu_code,
            "package_code": removal.package_code,
            "vat_percent": removal.vat_percent,
        }
    ]
    detail: dict = {"items": items}
    shipping = som_to_tiyin(removal.delivery_fee_reduction)
    if shipping:
        detail["shipping"] = {"title": SHIPPING_TITLE, "price": shipping}
    assert sum(i["price"] * i["count"] for i in items) + shipping == som_to_tiyin(removal.amount)
    return detail


def _dispatch_click_partial(refund_id: int) -> None:
    from ..tasks import click_partial_refund_task

    try:
        click_partial_refund_task.delay(refund_id)
    except Exception:
        logger.warning(
            "broker unavailable; Click partial refund %s left for the sweeper", refund_id
        )


@transaction.atomic
def payments_order_items_removed(*, removal_id: int) -> PartialRefund | None:
    """React to a removal (idempotent: one partial refund per removal, whoever calls first).
    Returns the partial refund, or None when no money had been taken (cash still to collect)."""
    order_id = OrderItemRemoval.objects.values_list("order_id", flat=True).get(pk=removal_id)
    order, payments = lock_order_payments(order_id=order_id)
    removal = OrderItemRemoval.objects.get(pk=removal_id)
    existing = PartialRefund.objects.filter(removal=removal).first()
    if existing is not None:
        return existing
    holder = next(
        (
            p
            for p in payments
            if p.status in (*MONEY_HELD_STATUSES, PaymentStatus.REFUNDED)
            and p.paid_at is not None
            and p.paid_at <= removal.created_at
        ),
        None,
    )
    if holder is None:
        if not removal.was_paid:
            payment_log_write(
                provider=order.payment_method,
                kind=PaymentLogKind.STATE_CHANGE,
                action="removal.less_to_collect",
                order=order,
                request={"removal_id": removal.pk, "amount": str(removal.amount)},
                outcome=f"nothing taken yet: {removal.amount} less to collect, "
                f"total now {removal.total_after}",
                actor=removal.actor,
            )
            return None
        # Paid, but no payment holds the money: reconciliation's order check flags it.
        logger.error("removal %s of a paid order without a payment holding money", removal.pk)
        return None
    refund = PartialRefund(
        payment=holder,
        order=order,
        removal=removal,
        provider=holder.provider,
        amount=removal.amount,
        fiscal_detail=partial_refund_receipt(removal=removal),
    )
    if holder.status != PaymentStatus.PAID:
        # The whole payment is being (or was) refunded: that refund covers this part too.
        refund.status = PartialRefundStatus.CANCELLED
        refund.note = "covered by the refund of the whole payment"
        refund.save()
        _log(refund, "refund.partial.covered", refund.note, actor=removal.actor)
        return refund
    if holder.provider == PaymentProvider.CASH:
        refund.save()
        return _complete(refund, payment=holder, note="cash returned by its holder")
    if holder.provider == PaymentProvider.CLICK:
        refund.next_attempt_at = timezone.now()
        refund.save()
        _log(refund, "refund.partial.requested", "Click partial reversal due", actor=removal.actor)
        transaction.on_commit(partial(_dispatch_click_partial, refund.pk))
        return refund
    refund.note = "refund in the Payme cabinet, then mark it done"
    refund.save()
    holder.needs_review = True
    holder.save(update_fields=["needs_review", "updated_at"])
    _log(refund, "refund.partial.requested", refund.note, actor=removal.actor)
    return refund


def _log(refund: PartialRefund, action: str, outcome: str, *, actor=None, **fields) -> None:
    payment_log_write(
        provider=refund.provider,
        kind=PaymentLogKind.STATE_CHANGE,
        action=action,
        payment=refund.payment,
        request={
            "partial_refund_id": refund.pk,
            "removal_id": refund.removal_id,
            "amount": str(refund.amount),
        },
        outcome=outcome,
        to_status=refund.status,
        actor=actor,
        **fields,
    )


def _complete(refund: PartialRefund, *, payment: Payment, note: str, actor=None) -> PartialRefund:
    """Record the money as returned: the refund, the payment's refunded part, the log, the
    customer's message. Callers hold the order, payment and refund locks."""
    refund.status = PartialRefundStatus.REFUNDED
    refund.refunded_at = timezone.now()
    refund.next_attempt_at = None
    refund.completed_by = actor
    refund.note = note[:255]
    refund.save()
    Payment.objects.filter(pk=payment.pk).update(
        refunded_amount=F("refunded_amount") + refund.amount, updated_at=timezone.now()
    )
    payment.refresh_from_db(fields=["refunded_amount", "updated_at"])
    _log(refund, "refund.partial.completed", note, actor=actor)
    refund_notify(order=refund.order, amount=refund.amount)
    return refund


@transaction.atomic
def partial_refund_complete(*, refund_id: int, actor, note: str) -> PartialRefund:
    """Staff refunded by other means (the Payme cabinet, a bank transfer, a failed Click
    reversal done by hand) and record it. Idempotent for a refunded one."""
    order_id = PartialRefund.objects.values_list("order_id", flat=True).get(pk=refund_id)
    lock_order(order_id=order_id)
    refund = PartialRefund.objects.select_for_update().select_related("order").get(pk=refund_id)
    payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
    if refund.status in (PartialRefundStatus.REFUNDED, PartialRefundStatus.CANCELLED):
        return refund
    if refund.status == PartialRefundStatus.PENDING and refund.sent_at is not None:
        note = f"{note} (Click request outcome was unknown)"
    refund = _complete(refund, payment=payment, note=note or "refunded by staff", actor=actor)
    if not payment.partial_refunds.filter(status=PartialRefundStatus.PENDING).exists():
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PAID).update(needs_review=False)
    return refund


def _claim(refund_id: int) -> PartialRefund | None:
    """Take a due Click partial refund for this worker. One already sent whose outcome never
    came back (a worker lost mid-call) is not sent again but handed to a person."""
    order_id = PartialRefund.objects.filter(pk=refund_id).values_list("order_id", flat=True).first()
    if order_id is None:
        return None
    with transaction.atomic():
        lock_order(order_id=order_id)
        refund = (
            PartialRefund.objects.select_for_update(skip_locked=True)
            .select_related("payment", "order")
            .filter(
                pk=refund_id,
                provider=PaymentProvider.CLICK,
                status=PartialRefundStatus.PENDING,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if refund is None:
            return None
        if refund.sent_at is not None:
            _fail(refund, reason="outcome of an earlier request unknown", error_code=None)
            return None
        refund.attempts += 1
        refund.sent_at = timezone.now()
        refund.next_attempt_at = timezone.now() + CLICK_PARTIAL_LEASE
        refund.save(update_fields=["attempts", "sent_at", "next_attempt_at", "updated_at"])
        return refund


def _fail(refund: PartialRefund, *, reason: str, error_code: int | None) -> None:
    refund.status = PartialRefundStatus.FAILED
    refund.next_attempt_at = None
    refund.note = reason[:255]
    refund.save(update_fields=["status", "next_attempt_at", "note", "updated_at"])
    Payment.objects.filter(pk=refund.payment_id).update(needs_review=True)
    payment_mismatch_flag(
        payment=refund.payment,
        kind=MismatchKind.REFUND_FAILED,
        details={
            "partial_refund_id": refund.pk,
            "amount": str(refund.amount),
            "error": reason,
            "error_code": error_code,
        },
    )
    _log(refund, "refund.partial.failed", reason, error_code=error_code)


def click_partial_refund(*, refund_id: int) -> PartialRefund | None:
    """Ask Click to return part of a payment; record the outcome. Safe to call twice at once
    or again later: Click is asked at most once per partial refund unless it surely was not
    reached."""
    refund = _claim(refund_id)
    if refund is None:
        return None
    paydoc = refund.payment.click_paydoc_id
    request = {"payment_id": paydoc, "amount": str(refund.amount)}
    try:
        body = click_payment_partial_reversal(payment_id=paydoc, amount=refund.amount)
    except ClickApiError as error:
        payment_log_write(
            provider=PaymentProvider.CLICK,
            kind=PaymentLogKind.PROVIDER_CALL,
            action="click.partial_reversal",
            payment=refund.payment,
            request=request,
            response=error.body,
            outcome=str(error),
            error_code=error.error_code,
        )
        return _click_partial_failed(refund_id=refund.pk, error=error)
    payment_log_write(
        provider=PaymentProvider.CLICK,
        kind=PaymentLogKind.PROVIDER_CALL,
        action="click.partial_reversal",
        payment=refund.payment,
        request=request,
        response=body,
        outcome="reversed",
    )
    with transaction.atomic():
        lock_order(order_id=refund.order_id)
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund = PartialRefund.objects.select_for_update().select_related("order").get(pk=refund.pk)
        return _complete(refund, payment=payment, note="Click partial reversal")


def _click_partial_failed(*, refund_id: int, error: ClickApiError) -> PartialRefund:
    with transaction.atomic():
        lock_order(
            order_id=PartialRefund.objects.values_list("order_id", flat=True).get(pk=refund_id)
        )
        refund = (
            PartialRefund.objects.select_for_update().select_related("payment").get(pk=refund_id)
        )
        if error.error_code is not None:
            _fail(refund, reason=f"Click refused: {error}", error_code=error.error_code)
        elif error.sent:
            _fail(refund, reason=f"outcome unknown: {error}", error_code=None)
        elif refund.attempts >= CLICK_PARTIAL_MAX_ATTEMPTS:
            _fail(refund, reason=f"Click unreachable: {error}", error_code=None)
        else:
            delay = CLICK_PARTIAL_RETRY_SECONDS * 2 ** (refund.attempts - 1)
            refund.sent_at = None  # it never reached Click: safe to send again
            refund.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            refund.save(update_fields=["sent_at", "next_attempt_at", "updated_at"])
        return refund


def partial_refunds_sweep() -> dict[str, int]:
    """Catch up: removals from paid orders whose event was missed, and due Click partial
    reversals (the broker was down, or a retry is due)."""
    missed = list(
        OrderItemRemoval.objects.filter(was_paid=True, partial_refund__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    for removal_id in missed:
        payments_order_items_removed(removal_id=removal_id)
    due = list(
        PartialRefund.objects.filter(
            provider=PaymentProvider.CLICK,
            status=PartialRefundStatus.PENDING,
            next_attempt_at__lte=timezone.now(),
        ).values_list("pk", flat=True)[:200]
    )
    for refund_id in due:
        _dispatch_click_partial(refund_id)
    return {"removals": len(missed), "click_partial_refunds": len(due)}


def partial_refunds_cover(*, payment: Payment) -> int:
    """The whole (rest of the) payment is going back: parts not yet sent need nothing more.
    Callers hold the payment's lock. Returns how many were closed."""
    return PartialRefund.objects.filter(
        payment=payment, status=PartialRefundStatus.PENDING, sent_at__isnull=True
    ).update(
        status=PartialRefundStatus.CANCELLED,
        next_attempt_at=None,
        note="covered by the refund of the whole payment",
        updated_at=timezone.now(),
    )


def partial_refunds_total(*, payment: Payment) -> Decimal:
    """What the payment has given back or owes back in parts (every partial refund but those
    the whole refund covered): the payment minus this is what the order should total."""
    return sum(
        (
            refund.amount
            for refund in payment.partial_refunds.all()
            if refund.status != PartialRefundStatus.CANCELLED
        ),
        start=Decimal("0.00"),
    )
