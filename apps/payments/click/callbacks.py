"""Click SHOP API callbacks: one posted form in, one reply out, plus what the payment log needs.
Every outcome is a reply with an integer `error`; a bug becomes -7 (logged in full)."""

import logging
from dataclasses import dataclass

from .. import services
from .protocol import (
    NOTES,
    ClickAction,
    ClickCode,
    ClickError,
    ClickRequest,
    click_echo_id,
    click_request,
)

logger = logging.getLogger(__name__)


@dataclass
class ClickExchange:
    """A handled callback: the reply, and for the log the verified request (None when the
    request was malformed or forged: those are not logged) and the payment or order."""

    reply: dict
    request: ClickRequest | None = None
    payment: object = None
    order: object = None
    error: int = 0
    action_name: str = ""


def _reply(*, fields: dict, action: int, error: int, payment_id: int | None) -> dict:
    """Click's reply shape; our id (`merchant_prepare_id` / `merchant_confirm_id`) on success."""
    id_field = "merchant_prepare_id" if action == ClickAction.PREPARE else "merchant_confirm_id"
    return {
        "click_trans_id": click_echo_id(fields),
        "merchant_trans_id": fields.get("merchant_trans_id"),
        id_field: payment_id if error == 0 else None,
        "error": int(error),
        "error_note": NOTES.get(error, "Error"),
    }


def click_callback_handle(*, fields: dict, action: int) -> ClickExchange:
    """Verify (-8, -1, -3) and run Prepare or Complete."""
    name = "click.prepare" if action == ClickAction.PREPARE else "click.complete"
    try:
        verified = click_request(fields, action=action)
    except ClickError as error:
        reply = _reply(fields=fields, action=action, error=error.code, payment_id=None)
        return ClickExchange(reply=reply, error=error.code, action_name=name)
    handler = services.click_prepare if action == ClickAction.PREPARE else services.click_complete
    exchange = ClickExchange(reply={}, request=verified, action_name=name)
    try:
        outcome = handler(request=verified)
    except Exception:
        logger.exception("Click callback failed")
        exchange.error = ClickCode.UPDATE_FAILED
    else:
        exchange.error, exchange.payment, exchange.order = (
            outcome.error,
            outcome.payment,
            outcome.order,
        )
    payment_id = exchange.payment.pk if exchange.payment else None
    exchange.reply = _reply(
        fields=fields, action=action, error=exchange.error, payment_id=payment_id
    )
    return exchange
