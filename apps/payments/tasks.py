"""Celery entry points of payments: thin, idempotent, safe to run twice at once."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def payme_transactions_expire_task() -> int:
    """Cancel Payme transactions left in state 1 past 12 hours (reason 4)."""
    return services.payme_transactions_expire()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def click_refund_task(payment_id: int) -> None:
    """Ask Click to reverse a payment whose refund is due (claimed by one worker only)."""
    services.click_refund(payment_id=payment_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def click_partial_refund_task(refund_id: int) -> None:
    """Ask Click to return part of a payment (sent at most once; see services.partial_refunds)."""
    services.click_partial_refund(refund_id=refund_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def payment_refunds_sweep_task() -> dict:
    return services.payment_refunds_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def payments_reconcile_task() -> int:
    """Nightly: reconcile the last PAYMENTS_RECONCILE_DAYS days; returns the flags raised."""
    end = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=settings.PAYMENTS_RECONCILE_DAYS)
    return len(services.payments_reconcile(start=start, end=end).flags)
