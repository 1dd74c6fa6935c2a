"""Reconciliation: compare our payments with the providers' over a period and flag every
disagreement for an admin (`PaymentMismatch`, one open flag per payment and kind).

- Payme offers the merchant no statement to download: the statement is ours (GetStatement
  semantics: every transaction by Payme's time in the period) and is checked against the
  orders and the 12-hour rule.
- Click is asked for each payment's status (`payment/status`), outside any transaction; for
  attempts whose Click payment id never reached us, by our order number
  (`payment/status_by_mti`).
- Orders marked paid in the period must point at a payment that holds (or returned) money."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from apps.core.money import som_to_tiyin
from apps.orders.models import Order, OrderStatus

from ..click.merchant_api import (
    ClickApiError,
    click_payment_status,
    click_payment_status_by_mti,
)
from ..clock import ms_from_datetime, now_ms
from ..models import (
    MONEY_HELD_STATUSES,
    MismatchKind,
    Payment,
    PaymentMismatch,
    PaymentProvider,
    PaymentStatus,
    PaymeState,
)
from .holds import payment_reference
from .mismatches import payment_mismatch_flag
from .partial_refunds import partial_refunds_total
from .payme import payme_is_expired


@dataclass
class ReconciliationReport:
    start: datetime
    end: datetime
    payme_checked: int = 0
    click_checked: int = 0
    click_mti_checked: int = 0
    orders_checked: int = 0
    flags: list[PaymentMismatch] = field(default_factory=list)


def _order_state_problem(payment: Payment) -> str | None:
    """How the order disagrees with a payment that took (or returned) money, if it does."""
    order = payment.order
    if payment.status in MONEY_HELD_STATUSES:
        if order.payment_reference != payment_reference(payment):
            return "the order does not record this payment"
        if order.status == OrderStatus.REFUNDED:
            return "the order is refunded but the payment is not"
    refunded_online = (
        payment.status == PaymentStatus.REFUNDED and payment.provider != PaymentProvider.CASH
    )
    if refunded_online and order.status != OrderStatus.REFUNDED:
        return "the payment is refunded but the order is not"
    return None


def _flag_order_state(report: ReconciliationReport, payment: Payment) -> None:
    problem = _order_state_problem(payment)
    if problem:
        report.flags.append(
            payment_mismatch_flag(
                payment=payment,
                kind=MismatchKind.ORDER_STATE,
                details={"problem": problem, "order_status": payment.order.status},
            )
        )


def _payme_reconcile(report: ReconciliationReport) -> None:
    now = now_ms()
    transactions = (
        Payment.objects.filter(
            provider=PaymentProvider.PAYME,
            payme_transaction_id__isnull=False,
            payme_time__gte=ms_from_datetime(report.start),
            payme_time__lt=ms_from_datetime(report.end),
        )
        .select_related("order")
        .prefetch_related("partial_refunds")
        .order_by("payme_time", "pk")
    )
    for payment in transactions:
        report.payme_checked += 1
        # Packs removed after payment lower the order total by what is (to be) refunded.
        parts = partial_refunds_total(payment=payment)
        if som_to_tiyin(payment.amount - parts) != som_to_tiyin(payment.order.total):
            report.flags.append(
                payment_mismatch_flag(
                    payment=payment,
                    kind=MismatchKind.AMOUNT,
                    details={
                        "payment": str(payment.amount),
                        "partial_refunds": str(parts),
                        "order": str(payment.order.total),
                    },
                )
            )
        if payment.state == PaymeState.CANCELLED_AFTER_PERFORM and payment.refunded_amount:
            # Payme's CancelTransaction returns the whole payment, parts already given back
            # included: the customer got those parts twice.
            report.flags.append(
                payment_mismatch_flag(
                    payment=payment,
                    kind=MismatchKind.AMOUNT,
                    details={
                        "problem": "refunded in full by Payme after parts were refunded",
                        "refunded_twice": str(payment.refunded_amount),
                    },
                )
            )
        if payment.state == PaymeState.CREATED and payme_is_expired(payment, now=now):
            report.flags.append(
                payment_mismatch_flag(
                    payment=payment,
                    kind=MismatchKind.STALE_TRANSACTION,
                    details={"payme_time": payment.payme_time},
                )
            )
        _flag_order_state(report, payment)


def _click_disagreement(payment: Payment, status) -> str | None:
    if status.is_paid and payment.status in (
        PaymentStatus.PENDING,
        PaymentStatus.PROCESSING,
        PaymentStatus.CANCELLED,
    ):
        return MismatchKind.PROVIDER_PAID_NOT_HERE
    if payment.status in MONEY_HELD_STATUSES and not status.is_paid:
        return MismatchKind.PAID_HERE_NOT_AT_PROVIDER
    if payment.status == PaymentStatus.REFUNDED and status.is_paid:
        return MismatchKind.REFUND_NOT_AT_PROVIDER
    return None


def _click_reconcile(report: ReconciliationReport) -> None:
    payments = (
        Payment.objects.filter(
            provider=PaymentProvider.CLICK,
            click_paydoc_id__isnull=False,
            created_at__gte=report.start,
            created_at__lt=report.end,
        )
        .select_related("order")
        .order_by("pk")
    )
    for payment in payments:
        report.click_checked += 1
        _flag_order_state(report, payment)
        try:
            status = click_payment_status(payment_id=payment.click_paydoc_id)
        except ClickApiError as error:
            if error.error_code is None:
                kind, details = MismatchKind.PROVIDER_UNREACHABLE, {"error": str(error)}
            elif payment.status in MONEY_HELD_STATUSES:
                kind, details = MismatchKind.PAID_HERE_NOT_AT_PROVIDER, {"error": str(error)}
            else:
                continue
            report.flags.append(payment_mismatch_flag(payment=payment, kind=kind, details=details))
            continue
        kind = _click_disagreement(payment, status)
        if kind:
            report.flags.append(
                payment_mismatch_flag(
                    payment=payment,
                    kind=kind,
                    details={"ours": payment.status, "click_payment_status": status.payment_status},
                )
            )


def _click_mti_reconcile(report: ReconciliationReport) -> None:
    """Click attempts we never got a Click payment id for (no Prepare reached us, or it was
    lost): ask Click by our order number (`payment/status_by_mti`) whether it took money
    anyway. One question per order and day; a payment Click holds that none of ours records is
    flagged."""
    unknown = (
        Payment.objects.filter(
            provider=PaymentProvider.CLICK,
            click_paydoc_id__isnull=True,
            created_at__gte=report.start,
            created_at__lt=report.end,
        )
        .select_related("order")
        .order_by("pk")
    )
    asked: set[tuple[int, object]] = set()
    for payment in unknown:
        day = timezone.localdate(payment.created_at)
        if (payment.order_id, day) in asked:
            continue
        asked.add((payment.order_id, day))
        report.click_mti_checked += 1
        try:
            status = click_payment_status_by_mti(merchant_trans_id=payment.order.number, day=day)
        except ClickApiError as error:
            if error.error_code is None:
                report.flags.append(
                    payment_mismatch_flag(
                        payment=payment,
                        kind=MismatchKind.PROVIDER_UNREACHABLE,
                        details={"error": str(error), "lookup": "status_by_mti"},
                    )
                )
            continue  # Click knows no payment for this order: nothing was taken
        if not status.is_paid:
            continue
        ours = Payment.objects.filter(
            order_id=payment.order_id,
            provider=PaymentProvider.CLICK,
            click_paydoc_id=status.payment_id,
            status__in=[*MONEY_HELD_STATUSES, PaymentStatus.REFUNDED],
        )
        if status.payment_id is None or not ours.exists():
            report.flags.append(
                payment_mismatch_flag(
                    payment=payment,
                    kind=MismatchKind.PROVIDER_PAID_NOT_HERE,
                    details={
                        "ours": payment.status,
                        "lookup": "status_by_mti",
                        "merchant_trans_id": payment.order.number,
                        "click_payment_id": status.payment_id,
                        "click_payment_status": status.payment_status,
                    },
                )
            )


def _orders_reconcile(report: ReconciliationReport) -> None:
    """Orders paid in the period whose payment reference points at no payment holding money."""
    orders = Order.objects.filter(paid_at__gte=report.start, paid_at__lt=report.end).exclude(
        payment_reference=""
    )
    references = {
        payment_reference(payment): payment
        for payment in Payment.objects.filter(
            order__in=orders,
            status__in=[*MONEY_HELD_STATUSES, PaymentStatus.REFUNDED],
        )
    }
    for order in orders:
        report.orders_checked += 1
        if order.payment_reference not in references:
            report.flags.append(
                payment_mismatch_flag(
                    provider=order.payment_method,
                    order=order,
                    kind=MismatchKind.ORDER_STATE,
                    details={
                        "problem": "the order is paid but no payment holds its money",
                        "payment_reference": order.payment_reference,
                    },
                )
            )


def payments_reconcile(*, start: datetime, end: datetime) -> ReconciliationReport:
    """Check every payment of [start, end) and flag what disagrees; returns what was checked
    and flagged. Safe to run again over the same period: open flags are refreshed, not
    duplicated."""
    report = ReconciliationReport(start=start, end=end)
    _payme_reconcile(report)
    _click_reconcile(report)
    _click_mti_reconcile(report)
    _orders_reconcile(report)
    return report
