"""Errors of our own payment endpoints (rendered by the one API handler). Payme and Click
callbacks answer in their own protocols instead: see `payme/protocol.py` and `click/protocol.py`."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, NotFound, ServiceUnavailable, ValidationFailed


class PaymentNotFound(NotFound):
    code = "not_found"
    default_message = _("Payment not found.")


class ProviderNotAvailable(ValidationFailed):
    code = "provider_not_available"
    default_message = _("This payment method is not available for the order.")


class CashAmountMismatch(ValidationFailed):
    """`details["expected"]` is the sum the order (or the hand-in) must be settled with."""

    code = "cash_amount_mismatch"
    default_message = _("The cash amount does not match the sum due.")


class NotCashOrder(Conflict):
    code = "not_cash_order"
    default_message = _("This order is not paid in cash.")


class CashAlreadyHandedIn(Conflict):
    code = "cash_already_handed_in"
    default_message = _("Some of this cash was already handed in.")


class PaymeRefundByCabinet(Conflict):
    code = "payme_refund_by_cabinet"
    default_message = _(
        "A Payme refund is made by cancelling the transaction in the Payme merchant cabinet; "
        "it completes when Payme reports the cancellation."
    )


class SimulatorWebhookUnavailable(ServiceUnavailable):
    """The development pay simulator could not reach (or read) our own webhook: every worker
    busy, the host unreachable from the server, a timeout."""

    code = "simulator_webhook_unavailable"
    default_message = _(
        "The pay simulator could not reach the shop's payment webhook. Please try again."
    )
