"""Click SHOP API protocol: form-encoded callbacks in, JSON out (HTTP 200, integer `error`).

The request checks run in Click's own library order: -8 (missing or malformed fields, or
another service), -1 (signature), -3 (action); the services then check -5, -6, -4, -2, -9.
The signature is md5 over the raw posted strings, never over re-formatted values."""

import hashlib
import hmac
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import IntEnum

from django.conf import settings


class ClickCode(IntEnum):
    SUCCESS = 0
    SIGN_CHECK_FAILED = -1
    INCORRECT_AMOUNT = -2
    ACTION_NOT_FOUND = -3
    ALREADY_PAID = -4
    ORDER_NOT_FOUND = -5
    TRANSACTION_NOT_FOUND = -6
    UPDATE_FAILED = -7
    BAD_REQUEST = -8
    TRANSACTION_CANCELLED = -9


NOTES = {
    ClickCode.SUCCESS: "Success",
    ClickCode.SIGN_CHECK_FAILED: "SIGN CHECK FAILED!",
    ClickCode.INCORRECT_AMOUNT: "Incorrect parameter amount",
    ClickCode.ACTION_NOT_FOUND: "Action not found",
    ClickCode.ALREADY_PAID: "Already paid",
    ClickCode.ORDER_NOT_FOUND: "Order not found",
    ClickCode.TRANSACTION_NOT_FOUND: "Transaction does not exist",
    ClickCode.UPDATE_FAILED: "Failed to update the order",
    ClickCode.BAD_REQUEST: "Error in request from click",
    ClickCode.TRANSACTION_CANCELLED: "Transaction cancelled",
}


class ClickAction:
    PREPARE = 0
    COMPLETE = 1


BASE_FIELDS = (
    "click_trans_id",
    "service_id",
    "click_paydoc_id",
    "merchant_trans_id",
    "amount",
    "action",
    "error",
    "sign_time",
    "sign_string",
)
INTEGER_FIELDS = ("click_trans_id", "service_id", "click_paydoc_id", "action", "error")


class ClickError(Exception):
    def __init__(self, code: int):
        self.code = int(code)
        super().__init__(self.code)


@dataclass(frozen=True)
class ClickRequest:
    """A verified callback: typed values for the logic, raw strings kept for the log."""

    click_trans_id: int
    service_id: int
    click_paydoc_id: int
    merchant_trans_id: str
    merchant_prepare_id: int | None
    amount: Decimal
    action: int
    error: int
    error_note: str
    raw: dict


def click_sign(*, fields: dict, secret_key: str) -> str:
    """md5 of click_trans_id + service_id + secret + merchant_trans_id [+ merchant_prepare_id
    when action is 1] + amount + action + sign_time, over the strings exactly as posted."""
    prepare_id = fields.get("merchant_prepare_id", "") if fields.get("action") == "1" else ""
    text = "".join(
        (
            fields.get("click_trans_id", ""),
            fields.get("service_id", ""),
            secret_key,
            fields.get("merchant_trans_id", ""),
            prepare_id,
            fields.get("amount", ""),
            fields.get("action", ""),
            fields.get("sign_time", ""),
        )
    )
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _integer(value: str) -> int | None:
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isascii() and digits.isdigit() else None


def _amount(value: str) -> Decimal | None:
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def click_request(fields: dict, *, action: int) -> ClickRequest:
    """The callback as typed values, or `ClickError` (-8, -1, -3 in that order) for a request
    that is malformed, not ours, forged or sent to the wrong endpoint."""
    required = BASE_FIELDS + (("merchant_prepare_id",) if action == ClickAction.COMPLETE else ())
    if any(not fields.get(name, "").strip() for name in required):
        raise ClickError(ClickCode.BAD_REQUEST)
    numbers = {name: _integer(fields[name]) for name in INTEGER_FIELDS}
    prepare_id = _integer(fields["merchant_prepare_id"]) if action == ClickAction.COMPLETE else None
    amount = _amount(fields["amount"])
    malformed = (
        any(value is None for value in numbers.values())
        or amount is None
        or (action == ClickAction.COMPLETE and prepare_id is None)
        or numbers["error"] > 0
    )
    if malformed or str(numbers["service_id"]) != str(settings.CLICK_SERVICE_ID):
        raise ClickError(ClickCode.BAD_REQUEST)
    secret = settings.CLICK_SECRET_KEY
    expected = click_sign(fields=fields, secret_key=secret)
    signed = hmac.compare_digest(expected.encode(), fields["sign_string"].strip().lower().encode())
    if not secret or not signed:
        raise ClickError(ClickCode.SIGN_CHECK_FAILED)
    if numbers["action"] != action:
        raise ClickError(ClickCode.ACTION_NOT_FOUND)
    return ClickRequest(
        click_trans_id=numbers["click_trans_id"],
        service_id=numbers["service_id"],
        click_paydoc_id=numbers["click_paydoc_id"],
        merchant_trans_id=fields["merchant_trans_id"].strip(),
        merchant_prepare_id=prepare_id,
        amount=amount,
        action=numbers["action"],
        error=numbers["error"],
        error_note=fields.get("error_note", "")[:255],
        raw=dict(fields),
    )


def click_echo_id(fields: dict) -> int | str | None:
    """click_trans_id for a reply: the number when it is one, else what was sent (or null)."""
    raw = fields.get("click_trans_id")
    if raw is None:
        return None
    number = _integer(raw)
    return number if number is not None else raw[:64]
