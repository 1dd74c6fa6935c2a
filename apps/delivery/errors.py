"""Errors of zones, assignment and the courier's flow (rendered by the one API handler)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, NotFound, PermissionDenied, Throttled, ValidationFailed


class AddressLocationRequired(ValidationFailed):
    code = "address_location_required"
    default_message = _("Put the delivery address on the map so we can tell if we deliver there.")


class AddressOutsideZones(ValidationFailed):
    code = "address_outside_zones"
    default_message = _("We do not deliver to this address yet. You can collect the order.")


class OutsideDeliveryHours(ValidationFailed):
    """`details["opens_at"]` says when delivery to this address starts again (local time)."""

    code = "outside_delivery_hours"
    default_message = _("We do not deliver to this address at this hour.")


class BelowMinimumOrder(ValidationFailed):
    """`details["min_order_total"]` is the smallest items total delivered to this address."""

    code = "below_minimum_order"
    default_message = _("The order is below the minimum for delivery to this address.")


class DeliveryAddressNotFound(ValidationFailed):
    code = "address_not_found"
    default_message = _("This address is not one of your saved addresses.")


class DeliveryNotFound(NotFound):
    code = "not_found"
    default_message = _("Delivery not found.")


class DeliveryReferenceInvalid(ValidationFailed):
    """An id in a request body that names no delivery (or no order with one)."""

    code = "delivery_not_found"
    default_message = _("No delivery matches this id or order number.")


class CourierInvalid(ValidationFailed):
    code = "courier_not_found"
    default_message = _("This user is not an active courier.")


class CourierOffShift(Conflict):
    code = "courier_off_shift"
    default_message = _("The courier is not on shift.")


class CourierAtCapacity(Conflict):
    """`details`: active deliveries and the maximum."""

    code = "courier_at_capacity"
    default_message = _("The courier already has as many deliveries as they may carry.")


class NoCourierAvailable(Conflict):
    code = "no_courier_available"
    default_message = _("No courier on shift can take another delivery now.")


class CourierHasActiveDeliveries(Conflict):
    code = "courier_has_active_deliveries"
    default_message = _("Finish or hand back your deliveries before ending the shift.")


class InvalidDeliveryTransition(Conflict):
    """The delivery's current status does not allow this change (`details`: from, to)."""

    code = "invalid_delivery_transition"
    default_message = _("The delivery cannot be moved to this status from its current one.")


class DeliveryTransitionNotAllowed(PermissionDenied):
    code = "delivery_transition_not_allowed"
    default_message = _("You may not move the delivery to this status.")


class HandoverCodeInvalid(ValidationFailed):
    """`details["attempts_left"]` counts the tries before confirmation by code is locked."""

    code = "handover_code_invalid"
    default_message = _("The code is wrong.")


class HandoverCodeLocked(Conflict):
    code = "handover_code_locked"
    default_message = _(
        "Too many wrong codes. Confirm the handover with a photo, or call the pharmacy."
    )


class HandoverCodeMissing(Conflict):
    code = "handover_code_missing"
    default_message = _("No handover code was sent for this delivery.")


class LocationTooFrequent(Throttled):
    code = "location_too_frequent"
    default_message = _("Location was sent too recently. Send it again in a few seconds.")


class ReasonRequired(ValidationFailed):
    code = "reason_required"
    default_message = _("Give a reason.")


class FailureReasonInvalid(ValidationFailed):
    code = "failure_reason_invalid"
    default_message = _("Choose one of the listed reasons.")


class ProofNoteRequired(ValidationFailed):
    code = "proof_note_required"
    default_message = _("Say why the customer could not give the code.")


class DeliveryNotInTransit(Conflict):
    code = "delivery_not_in_transit"
    default_message = _("Location is only recorded while you carry the parcel.")


class DeliveryNotOnTheWay(Conflict):
    code = "delivery_not_on_the_way"
    default_message = _("The delivery is not on the way.")
