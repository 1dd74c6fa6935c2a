"""Proof of delivery: the customer's 4-digit handover code, or a photo when they cannot give
it. Wrong codes are counted on the delivery row and committed before the error is raised, so
the count survives the failed request and a cache outage; after DELIVERY_HANDOVER_MAX_ATTEMPTS
wrong codes confirmation by code is locked (the photo, reviewed by staff, remains)."""

from django.conf import settings
from django.db import transaction

from apps.core.images import image_sanitize, private_storage
from apps.core.roles import STAFF_ROLES

from ..errors import (
    DeliveryNotOnTheWay,
    DeliveryTransitionNotAllowed,
    HandoverCodeInvalid,
    HandoverCodeLocked,
    HandoverCodeMissing,
    ProofNoteRequired,
)
from ..locks import lock_delivery
from ..models import Delivery, DeliveryStatus, ProofMethod
from ..state import delivery_transition_check
from .lifecycle import delivery_deliver
from .records import handover_code_issue, handover_code_matches


def delivery_confirm(
    *, delivery: Delivery, courier, code: str | None = None, photo=None, note: str = ""
) -> Delivery:
    """Confirm a handover with the code when one is given, else with the photo."""
    if code is not None:
        return delivery_confirm_with_code(delivery=delivery, courier=courier, code=code)
    return delivery_confirm_with_photo(delivery=delivery, courier=courier, photo=photo, note=note)


def delivery_confirm_with_code(*, delivery: Delivery, courier, code: str) -> Delivery:
    """Hand the parcel over against the code the customer received by SMS. A wrong code
    counts (400 `handover_code_invalid` with the tries left); once the limit is reached every
    code, the right one too, is refused with `handover_code_locked` (409)."""
    with transaction.atomic():
        delivery = lock_delivery(delivery_id=delivery.pk)
        delivery_transition_check(delivery=delivery, to=DeliveryStatus.DELIVERED, actor=courier)
        limit = settings.DELIVERY_HANDOVER_MAX_ATTEMPTS
        if delivery.handover_failed_attempts >= limit:
            raise HandoverCodeLocked(details={"max_attempts": limit})
        if not delivery.handover_code_hash:
            raise HandoverCodeMissing()
        if handover_code_matches(delivery=delivery, code=code):
            return delivery_deliver(delivery=delivery, actor=courier, method=ProofMethod.CODE)
        delivery.handover_failed_attempts += 1
        delivery.save(update_fields=["handover_failed_attempts", "updated_at"])
        attempts_left = limit - delivery.handover_failed_attempts
    # Raised after the block committed: the wrong try stays counted.
    raise HandoverCodeInvalid(details={"attempts_left": attempts_left})


def delivery_confirm_with_photo(*, delivery: Delivery, courier, photo, note: str) -> Delivery:
    """Hand the parcel over with a photo (the customer has no code: no SMS, lost phone). The
    image is re-encoded (no EXIF or GPS, nothing appended survives) and kept in private
    storage that has no public URL; `note` says why there was no code. The file is written
    before the transaction (storage may be remote) and removed again if the change fails."""
    note = (note or "").strip()
    if not note:
        raise ProofNoteRequired(details={"note": [str(ProofNoteRequired.default_message)]})
    image = image_sanitize(
        photo,
        max_bytes=settings.DELIVERY_PROOF_PHOTO_MAX_BYTES,
        max_side=settings.DELIVERY_PROOF_PHOTO_MAX_SIDE,
        quality=85,
    )
    storage = private_storage()
    name = storage.save(f"delivery-proofs/{delivery.order_id}/{image.name}", image.content)
    try:
        with transaction.atomic():
            delivery = lock_delivery(delivery_id=delivery.pk)
            delivery_transition_check(delivery=delivery, to=DeliveryStatus.DELIVERED, actor=courier)
            delivery.proof_photo.name = name
            return delivery_deliver(
                delivery=delivery, actor=courier, method=ProofMethod.PHOTO, note=note
            )
    except Exception:
        storage.delete(name)
        raise


@transaction.atomic
def handover_code_reissue(*, delivery: Delivery, actor) -> Delivery:
    """Staff text the customer a new code for a delivery on the way (the old code stops
    working and the wrong tries start again, which also lifts a lock)."""
    if actor is None or actor.role not in STAFF_ROLES:
        raise DeliveryTransitionNotAllowed()
    delivery = lock_delivery(delivery_id=delivery.pk)
    if delivery.status != DeliveryStatus.ON_THE_WAY:
        raise DeliveryNotOnTheWay(details={"status": delivery.status})
    handover_code_issue(delivery=delivery)
    return delivery
