"""Errors raised by the prescription services (rendered by the one API error handler)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, DomainError, ValidationFailed


class PrescriptionNotPending(Conflict):
    """Only a pending prescription can be reviewed or withdrawn."""

    code = "prescription_not_pending"
    default_message = _("This prescription has already been reviewed.")


class PrescriptionInUse(Conflict):
    code = "prescription_in_use"
    default_message = _("This prescription is attached to an order and cannot be deleted.")


class TooManyPendingPrescriptions(Conflict):
    code = "too_many_pending_prescriptions"
    default_message = _(
        "You have too many prescriptions waiting for review. Wait for a pharmacist's answer "
        "or delete one of them."
    )


class UploadTooLarge(DomainError):
    code = "upload_too_large"
    status = 413
    default_message = _("The upload is too large.")


class InvalidImageCount(ValidationFailed):
    code = "invalid_image_count"
    default_message = _("Attach between one and five photos of the prescription.")


class UnknownCoveredItems(ValidationFailed):
    """`details` lists the product and substance ids that do not exist."""

    code = "unknown_covered_items"
    default_message = _("Some of the products or substances do not exist.")


class InvalidCoveredItems(ValidationFailed):
    code = "invalid_covered_items"
    default_message = _("List each product or substance once, with a positive quantity.")


class InvalidValidity(ValidationFailed):
    code = "invalid_valid_until"
    default_message = _("The validity date is not acceptable.")


class RejectionNoteRequired(ValidationFailed):
    code = "rejection_note_required"
    default_message = _("Explain the reason in the note.")
