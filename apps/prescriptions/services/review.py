"""The pharmacist's review: approve with the covered products or substances and a validity
date, or reject with a reason. Only a PENDING prescription is reviewed, once: the row is locked
and its status checked under the lock, so of two concurrent decisions exactly one wins."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from apps.core.errors import PermissionDenied, ValidationFailed
from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue
from apps.products.models import ActiveSubstance, Product
from apps.users.models import User

from ..errors import (
    InvalidCoveredItems,
    InvalidValidity,
    PrescriptionNotPending,
    RejectionNoteRequired,
    UnknownCoveredItems,
)
from ..events import prescription_approved, prescription_rejected, send_after_commit
from ..models import (
    Prescription,
    PrescriptionItem,
    PrescriptionReview,
    PrescriptionStatus,
    RejectionReason,
    ReviewDecision,
)


@dataclass(frozen=True)
class CoveredItem:
    """Packs of one product, or of any single-substance product of one active substance."""

    quantity: int
    product_id: int | None = None
    substance_id: int | None = None


@transaction.atomic
def prescription_approve(
    *,
    prescription: Prescription,
    reviewer: User,
    valid_until: date,
    items: Sequence[CoveredItem],
    note: str = "",
) -> Prescription:
    """Approve a PENDING prescription for exactly `items` until `valid_until` (inclusive).

    Notifies the owner (SMS and in-app) in the same transaction and sends
    `prescription_approved` after commit, which releases the orders waiting for it."""
    _check_reviewer(reviewer)
    _check_items(items)
    prescription = _lock_pending(prescription)
    _check_validity(prescription, valid_until)
    _check_items_exist(items)
    prescription.status = PrescriptionStatus.APPROVED
    prescription.valid_until = valid_until
    prescription.pharmacist_note = note.strip()
    _mark_reviewed(prescription, reviewer)
    PrescriptionItem.objects.bulk_create(
        PrescriptionItem(
            prescription=prescription,
            product_id=item.product_id,
            substance_id=item.substance_id,
            quantity=item.quantity,
        )
        for item in items
    )
    PrescriptionReview.objects.create(
        prescription=prescription,
        decision=ReviewDecision.APPROVED,
        reviewer=reviewer,
        note=prescription.pharmacist_note,
        valid_until=valid_until,
        covered=[_as_record(item) for item in items],
    )
    _notify_owner(
        prescription,
        type=NotificationType.PRESCRIPTION_APPROVED,
        context={"prescription_id": prescription.pk, "valid_until": valid_until.isoformat()},
    )
    send_after_commit(
        prescription_approved, prescription_id=prescription.pk, owner_id=prescription.owner_id
    )
    return prescription


@transaction.atomic
def prescription_reject(
    *, prescription: Prescription, reviewer: User, reason: str, note: str = ""
) -> Prescription:
    """Reject a PENDING prescription for one of `RejectionReason` (OTHER needs a note).

    Notifies the owner (SMS and in-app, with the reason) in the same transaction and sends
    `prescription_rejected` after commit."""
    _check_reviewer(reviewer)
    note = note.strip()
    if reason not in RejectionReason.values:
        raise ValidationFailed(
            _("Choose a rejection reason from the list."),
            code="invalid_rejection_reason",
            details={"reason": [str(reason)[:50]]},
        )
    if reason == RejectionReason.OTHER and not note:
        raise RejectionNoteRequired(details={"note": [_("This field is required.")]})
    prescription = _lock_pending(prescription)
    prescription.status = PrescriptionStatus.REJECTED
    prescription.rejection_reason = reason
    prescription.rejection_note = note
    _mark_reviewed(prescription, reviewer)
    PrescriptionReview.objects.create(
        prescription=prescription,
        decision=ReviewDecision.REJECTED,
        reviewer=reviewer,
        reason=reason,
        note=note,
    )
    owner = prescription.owner
    with translation.override(owner.language):
        reason_text = str(RejectionReason(reason).label)
    _notify_owner(
        prescription,
        type=NotificationType.PRESCRIPTION_REJECTED,
        context={
            "prescription_id": prescription.pk,
            "reason": f"{reason_text} {note}".strip(),
        },
    )
    send_after_commit(
        prescription_rejected, prescription_id=prescription.pk, owner_id=prescription.owner_id
    )
    return prescription


def _check_reviewer(reviewer: User) -> None:
    if not (reviewer.is_active and reviewer.is_pharmacy_staff):
        raise PermissionDenied(_("Only pharmacists review prescriptions."))


def _lock_pending(prescription: Prescription) -> Prescription:
    locked = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if locked.status != PrescriptionStatus.PENDING:
        raise PrescriptionNotPending(details={"status": locked.status})
    return locked


def _mark_reviewed(prescription: Prescription, reviewer: User) -> None:
    prescription.reviewed_by = reviewer
    prescription.reviewed_at = timezone.now()
    prescription.save()


def _check_items(items: Sequence[CoveredItem]) -> None:
    problems: dict[str, list[str]] = {}
    seen: set[tuple[str, int]] = set()
    for index, item in enumerate(items):
        if (item.product_id is None) == (item.substance_id is None):
            problems[str(index)] = [str(_("Give either a product or a substance."))]
        elif isinstance(item.quantity, bool) or item.quantity <= 0:
            problems[str(index)] = [str(_("The quantity must be at least one pack."))]
        else:
            key = (
                ("product", item.product_id)
                if item.product_id
                else ("substance", item.substance_id)
            )
            if key in seen:
                problems[str(index)] = [str(_("This product or substance is listed twice."))]
            seen.add(key)
    if not items:
        problems["items"] = [str(_("Tick at least one covered product or substance."))]
    if problems:
        raise InvalidCoveredItems(details={"items": problems})


def _check_items_exist(items: Sequence[CoveredItem]) -> None:
    product_ids = {item.product_id for item in items if item.product_id is not None}
    substance_ids = {item.substance_id for item in items if item.substance_id is not None}
    unknown_products = product_ids - set(
        Product.objects.filter(pk__in=product_ids).values_list("pk", flat=True)
    )
    unknown_substances = substance_ids - set(
        ActiveSubstance.objects.filter(pk__in=substance_ids).values_list("pk", flat=True)
    )
    if unknown_products or unknown_substances:
        raise UnknownCoveredItems(
            details={
                "products": sorted(unknown_products),
                "substances": sorted(unknown_substances),
            }
        )


def _check_validity(prescription: Prescription, valid_until: date) -> None:
    today = timezone.localdate()
    latest = today + timedelta(days=settings.PRESCRIPTION_MAX_VALIDITY_DAYS)
    if valid_until < today:
        raise InvalidValidity(_("The validity date is in the past."))
    if valid_until > latest:
        raise InvalidValidity(
            _("A prescription can be valid for at most %(days)s days.")
            % {"days": settings.PRESCRIPTION_MAX_VALIDITY_DAYS},
            details={"latest": latest.isoformat()},
        )
    if prescription.issued_on is not None and valid_until < prescription.issued_on:
        raise InvalidValidity(_("The validity date is before the issue date."))


def _as_record(item: CoveredItem) -> dict:
    if item.product_id is not None:
        return {"product": item.product_id, "quantity": item.quantity}
    return {"substance": item.substance_id, "quantity": item.quantity}


def _notify_owner(prescription: Prescription, *, type: str, context: dict) -> None:
    owner = prescription.owner
    if owner.phone_number:
        notification_enqueue(type=type, channel=Channel.SMS, user=owner, context=context)
    notification_enqueue(type=type, channel=Channel.IN_APP, user=owner, context=context)
