"""Customers' uploads: a prescription with one to five re-encoded pages, and its withdrawal
while it waits for review."""

from collections.abc import Sequence
from datetime import date
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import PermissionDenied, ValidationFailed
from apps.core.images import ImageRejected, SanitizedImage, image_sanitize, private_storage
from apps.users.models import User

from ..errors import (
    InvalidImageCount,
    PrescriptionInUse,
    PrescriptionNotPending,
    TooManyPendingPrescriptions,
)
from ..models import Prescription, PrescriptionImage, PrescriptionStatus

MAX_IMAGES = 5


def prescription_create(
    *,
    owner: User,
    images: Sequence[IO[bytes]],
    doctor_name: str = "",
    clinic_name: str = "",
    issued_on: date | None = None,
    e_prescription_number: str = "",
    customer_note: str = "",
) -> Prescription:
    """Create a PENDING prescription from one to five uploaded pages.

    Every page is decoded and re-encoded before anything is written (no lock is held while
    decoding); then, under a lock on the owner's row, the cap on pending prescriptions is
    checked and the rows and files are written. Files written by a failed attempt are removed."""
    if not owner.is_customer:
        raise PermissionDenied(_("Only customers upload prescriptions."))
    if not 1 <= len(images) <= MAX_IMAGES:
        raise InvalidImageCount(details={"images": len(images), "max": MAX_IMAGES})
    if issued_on is not None and issued_on > timezone.localdate():
        raise ValidationFailed(
            _("The issue date cannot be in the future."),
            code="issued_in_future",
            details={"issued_on": [str(issued_on)]},
        )
    pages = [_page_sanitize(upload, index=index) for index, upload in enumerate(images)]
    written: list[str] = []
    try:
        return _prescription_store(
            owner=owner,
            pages=pages,
            written=written,
            doctor_name=doctor_name.strip(),
            clinic_name=clinic_name.strip(),
            issued_on=issued_on,
            e_prescription_number=e_prescription_number.strip(),
            customer_note=customer_note.strip(),
        )
    except Exception:
        _files_delete(written)
        raise


def _page_sanitize(upload: IO[bytes], *, index: int) -> SanitizedImage:
    try:
        return image_sanitize(
            upload,
            max_bytes=settings.PRESCRIPTION_IMAGE_MAX_BYTES,
            max_pixels=settings.PRESCRIPTION_IMAGE_MAX_PIXELS,
            max_side=settings.PRESCRIPTION_IMAGE_MAX_SIDE,
        )
    except ImageRejected as exc:
        exc.details = {"images": {str(index): [str(exc.message)]}, **exc.details}
        raise


@transaction.atomic
def _prescription_store(
    *, owner: User, pages: list[SanitizedImage], written: list[str], **fields
) -> Prescription:
    # Serialises one customer's uploads, so two at once cannot both pass the pending cap.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    pending = Prescription.objects.filter(owner=owner, status=PrescriptionStatus.PENDING).count()
    if pending >= settings.PRESCRIPTION_MAX_PENDING:
        raise TooManyPendingPrescriptions(
            details={"max_pending": settings.PRESCRIPTION_MAX_PENDING}
        )
    prescription = Prescription.objects.create(owner=owner, **fields)
    rows = []
    for page in pages:
        image = PrescriptionImage(
            prescription=prescription,
            original_name=page.original_name,
            content_type=page.content_type,
            width=page.width,
            height=page.height,
            size=page.size,
        )
        image.file.save(page.name, page.content, save=False)
        written.append(image.file.name)
        rows.append(image)
    PrescriptionImage.objects.bulk_create(rows)
    return prescription


@transaction.atomic
def prescription_delete(*, prescription: Prescription, actor: User) -> None:
    """Delete a PENDING prescription at its owner's request; its files are removed once the
    deletion is committed (a rolled-back deletion keeps them)."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.owner_id != actor.pk:
        raise PermissionDenied(_("Only the customer who uploaded a prescription can delete it."))
    if prescription.status != PrescriptionStatus.PENDING:
        raise PrescriptionNotPending(_("Only a prescription waiting for review can be deleted."))
    names = list(prescription.images.values_list("file", flat=True))
    try:
        prescription.delete()
    except (ProtectedError, RestrictedError) as exc:
        # Another app's rows (an order waiting for it) still point at the prescription.
        raise PrescriptionInUse() from exc
    transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)
