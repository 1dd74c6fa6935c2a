"""Expiry: an approved prescription stops covering anything after its valid-until date (the
coverage claim checks the date itself); this marks it EXPIRED and tells the other apps."""

from django.db import transaction
from django.utils import timezone

from ..events import prescription_expired, send_after_commit
from ..models import Prescription, PrescriptionReview, PrescriptionStatus, ReviewDecision


def prescription_expire_overdue(*, batch_size: int = 500) -> int:
    """Mark every APPROVED prescription whose valid-until date is before today (Asia/Tashkent)
    EXPIRED, record it in its history and send `prescription_expired` after commit.

    Idempotent; batches are locked with SKIP LOCKED, so overlapping runs share the work."""
    today = timezone.localdate()
    expired = 0
    while True:
        with transaction.atomic():
            batch = list(
                Prescription.objects.select_for_update(skip_locked=True)
                .filter(status=PrescriptionStatus.APPROVED, valid_until__lt=today)
                .order_by("pk")
                .values_list("pk", "owner_id")[:batch_size]
            )
            if not batch:
                return expired
            ids = [pk for pk, _ in batch]
            Prescription.objects.filter(pk__in=ids).update(
                status=PrescriptionStatus.EXPIRED, updated_at=timezone.now()
            )
            PrescriptionReview.objects.bulk_create(
                PrescriptionReview(prescription_id=pk, decision=ReviewDecision.EXPIRED)
                for pk in ids
            )
            for prescription_id, owner_id in batch:
                send_after_commit(
                    prescription_expired, prescription_id=prescription_id, owner_id=owner_id
                )
        expired += len(batch)
