"""Domain events of prescriptions, sent after commit. Receivers get `prescription_id` and
`owner_id` (the sender is the `Prescription` model, as in ARCHITECTURE.md); the orders app
releases or informs the orders waiting for them."""

import logging

from django.db import transaction
from django.dispatch import Signal

from .models import Prescription

logger = logging.getLogger(__name__)

prescription_approved = Signal()
prescription_rejected = Signal()
prescription_expired = Signal()


def send_after_commit(signal: Signal, *, prescription_id: int, owner_id: int) -> None:
    """Send `signal` once the current transaction commits (at once outside one).

    The decision is already committed when receivers run, so a failing receiver is logged
    rather than turned into an error for the pharmacist whose approval did succeed; receivers
    must therefore be idempotent and able to catch up (the orders app re-checks coverage)."""

    def send() -> None:
        for receiver, result in signal.send_robust(
            sender=Prescription, prescription_id=prescription_id, owner_id=owner_id
        ):
            if isinstance(result, Exception):
                logger.error(
                    "prescription event receiver %r failed for prescription %s",
                    receiver,
                    prescription_id,
                    exc_info=result,
                )

    transaction.on_commit(send)
