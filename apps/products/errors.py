"""Errors raised by the catalog and stock services (rendered by the one API error handler)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, ValidationFailed


class InsufficientStock(Conflict):
    """Not enough sellable stock; `details["items"]` names every short product with the
    requested and available quantities."""

    code = "insufficient_stock"
    default_message = _("Not enough stock for some of the products.")


class BatchStockTooLow(Conflict):
    """A batch operation needs more unreserved (or reserved) units than the batch holds."""

    code = "batch_stock_too_low"
    default_message = _("The batch does not hold enough units for this operation.")


class LotExpiryMismatch(Conflict):
    code = "lot_expiry_mismatch"
    default_message = _("This lot is already in stock with a different expiry date.")


class InvalidStockQuantity(ValidationFailed):
    code = "invalid_quantity"
    default_message = _("The quantity must be a positive whole number.")


class BatchExpired(ValidationFailed):
    code = "batch_expired"
    default_message = _("An expired batch cannot be received.")
