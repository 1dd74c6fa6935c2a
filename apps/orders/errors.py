"""Errors raised by the cart, checkout and order services (rendered by the one API handler).

Out-of-stock is `apps.products.errors.InsufficientStock` (409 `insufficient_stock`) everywhere,
so clients handle one code whether the cart or the checkout found the shortage."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class ProductUnavailable(ValidationFailed):
    """`details["items"]` names each product that does not exist or is not sold."""

    code = "product_unavailable"
    default_message = _("Some of the products are not available for sale.")


class QuantityLimitExceeded(ValidationFailed):
    code = "quantity_limit_exceeded"
    default_message = _("You cannot buy that many packs of one product in one order.")


class CartFull(ValidationFailed):
    code = "cart_full"
    default_message = _("Your cart cannot hold more different products.")


class CartEmpty(ValidationFailed):
    code = "cart_empty"
    default_message = _("Your cart is empty.")


class CartItemNotFound(NotFound):
    code = "not_found"
    default_message = _("This item is not in your cart.")


class IdempotencyKeyInvalid(ValidationFailed):
    code = "idempotency_key_required"
    default_message = _(
        "Send an Idempotency-Key header: 1 to 64 letters, digits, dots, colons, dashes "
        "or underscores, new for each checkout."
    )


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_message = _("This Idempotency-Key was already used for a different checkout.")


class OpenOrderLimit(Conflict):
    code = "open_order_limit"
    default_message = _(
        "You have too many unpaid orders. Pay for or cancel one before placing another."
    )


class AddressRequired(ValidationFailed):
    code = "address_required"
    default_message = _("Give a delivery address for courier delivery.")


class AddressNotFound(ValidationFailed):
    code = "address_not_found"
    default_message = _("This address is not one of your saved addresses.")


class PrescriptionRequiresPickup(ValidationFailed):
    code = "prescription_requires_pickup"
    default_message = _("Prescription medicines can only be collected at the pharmacy.")


class InvalidPrescription(ValidationFailed):
    code = "invalid_prescription"
    default_message = _("Some of the prescriptions are not yours or can no longer be used.")


class ReasonRequired(ValidationFailed):
    code = "reason_required"
    default_message = _("Give a reason.")


class OrderNotFound(NotFound):
    code = "not_found"
    default_message = _("Order not found.")


class InvalidTransition(Conflict):
    """The order's current status does not allow this change (`details`: from, to)."""

    code = "invalid_transition"
    default_message = _("The order cannot be moved to this status from its current one.")


class TransitionNotAllowed(PermissionDenied):
    code = "transition_not_allowed"
    default_message = _("You may not move the order to this status.")


class OrderNotAwaitingPrescription(Conflict):
    code = "order_not_awaiting_prescription"
    default_message = _("This order is not waiting for a prescription.")


class OrderNotPayable(Conflict):
    """The order does not accept a payment now (`details["status"]` says why)."""

    code = "order_not_payable"
    default_message = _("This order cannot be paid now.")


class OrderAlreadyPaid(Conflict):
    code = "order_already_paid"
    default_message = _("This order is already paid.")


class OrderItemNotFound(NotFound):
    code = "not_found"
    default_message = _("This line is not in the order.")


class OrderNotChangeable(Conflict):
    """Lines can be removed only before handover (`details["status"]` says where it is)."""

    code = "order_not_changeable"
    default_message = _("The lines of this order can no longer be changed.")


class LastOrderLine(Conflict):
    code = "last_order_line"
    default_message = _("This is the order's only line: cancel the order instead.")


class NothingToRemove(Conflict):
    """The line already holds the quantity asked for (a repeated request, or another operator
    was faster)."""

    code = "nothing_to_remove"
    default_message = _("The line already has this quantity.")


class InvalidRemovalQuantity(ValidationFailed):
    code = "invalid_quantity"
    default_message = _("Keep fewer packs than the line has now.")


class OrderChangeNotAllowed(PermissionDenied):
    code = "permission_denied"
    default_message = _("Only pharmacy staff may remove lines from an order.")
