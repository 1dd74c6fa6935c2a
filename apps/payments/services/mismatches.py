"""Flags for an admin: disagreements between our books and a provider's, or anything else about
a payment a person must look at. One open flag per payment (or, without one, per order) and
kind; resolving closes it."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Payment, PaymentMismatch


def payment_mismatch_flag(
    *, kind: str, details: dict, payment: Payment | None = None, provider: str = "", order=None
) -> PaymentMismatch:
    """Open a flag, or refresh the details of the open flag of this payment (order) and kind."""
    provider = provider or payment.provider
    order_id = order.pk if order is not None else payment.order_id
    open_flags = PaymentMismatch.objects.filter(kind=kind, resolved_at__isnull=True)
    if payment is not None:
        open_flags = open_flags.filter(payment=payment)
    else:
        open_flags = open_flags.filter(payment__isnull=True, order_id=order_id)
    existing = open_flags.first()
    if existing is not None:
        existing.details = details
        existing.save(update_fields=["details"])
        return existing
    try:
        with transaction.atomic():
            return PaymentMismatch.objects.create(
                provider=provider, kind=kind, payment=payment, order_id=order_id, details=details
            )
    except IntegrityError:  # a concurrent run opened the same flag
        return open_flags.get()


@transaction.atomic
def payment_mismatch_resolve(
    *, mismatch: PaymentMismatch, actor, resolution: str
) -> PaymentMismatch:
    """Close a flag with what was done about it."""
    mismatch = PaymentMismatch.objects.select_for_update().get(pk=mismatch.pk)
    if mismatch.resolved_at is None:
        mismatch.resolved_at = timezone.now()
        mismatch.resolved_by = actor
        mismatch.resolution = resolution.strip()[:500]
        mismatch.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return mismatch
