"""Click Merchant API client (we call Click): payment status (by Click's payment id or by our
`merchant_trans_id`), reversal (refund) and partial reversal.

Every request carries `Auth: <merchant_user_id>:<sha1(timestamp + secret_key)>:<timestamp>`
(unix seconds). Calls are made outside database transactions, with a bounded timeout; the
header is never logged."""

import hashlib
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import requests
from django.conf import settings
from urllib3.exceptions import NewConnectionError

PAYMENT_STATUS_SUCCESS = 2
"""`payment_status` of a successful payment; negative values are declined or reversed ones."""


class ClickApiError(Exception):
    """Click could not be reached or answered with an error (`error_code` when it did).
    `sent` is False only when the request surely never reached Click (no connection), so a
    call that must not be repeated blindly (a partial reversal) knows whether it may retry."""

    def __init__(
        self,
        message: str,
        *,
        error_code: int | None = None,
        body: dict | None = None,
        sent: bool = True,
    ):
        self.error_code = error_code
        self.body = body or {}
        self.sent = sent
        super().__init__(message)


def _never_connected(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return isinstance(reason, NewConnectionError)
    return False


@dataclass(frozen=True)
class ClickPaymentStatus:
    payment_id: int
    payment_status: int | None
    body: dict

    @property
    def is_paid(self) -> bool:
        return self.payment_status == PAYMENT_STATUS_SUCCESS

    @property
    def is_cancelled(self) -> bool:
        return self.payment_status is not None and self.payment_status < 0


def click_auth_header(*, now: int | None = None) -> str:
    timestamp = str(int(now if now is not None else time.time()))
    digest = hashlib.sha1(
        (timestamp + settings.CLICK_SECRET_KEY).encode(), usedforsecurity=False
    ).hexdigest()
    return f"{settings.CLICK_MERCHANT_USER_ID}:{digest}:{timestamp}"


def _call(method: str, path: str) -> dict:
    url = settings.CLICK_API_URL.rstrip("/") + "/" + path
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Auth": click_auth_header(),
    }
    try:
        response = requests.request(
            method, url, headers=headers, timeout=settings.CLICK_API_TIMEOUT
        )
        body = response.json()
    except requests.RequestException as exc:
        raise ClickApiError(
            f"Click unreachable: {type(exc).__name__}", sent=not _never_connected(exc)
        ) from exc
    except ValueError as exc:
        raise ClickApiError(
            f"Click answered with an unreadable body: {type(exc).__name__}"
        ) from exc
    if not isinstance(body, dict):
        raise ClickApiError("Click answered with an unexpected body")
    error_code = body.get("error_code")
    if response.status_code != 200 or error_code != 0:
        raise ClickApiError(
            f"Click error {error_code}: {str(body.get('error_note', ''))[:200]}",
            error_code=error_code if isinstance(error_code, int) else None,
            body=body,
        )
    return body


def click_payment_status(*, payment_id: int) -> ClickPaymentStatus:
    """`GET payment/status/:service_id/:payment_id` (payment_id = Click's paydoc id)."""
    body = _call("GET", f"payment/status/{int(settings.CLICK_SERVICE_ID)}/{int(payment_id)}")
    status = body.get("payment_status")
    return ClickPaymentStatus(
        payment_id=int(payment_id),
        payment_status=status if isinstance(status, int) else None,
        body=body,
    )


def click_payment_reversal(*, payment_id: int) -> dict:
    """`DELETE payment/reversal/:service_id/:payment_id`: return a payment's money (Click
    allows it for payments of the current month only)."""
    return _call("DELETE", f"payment/reversal/{int(settings.CLICK_SERVICE_ID)}/{int(payment_id)}")


def click_payment_partial_reversal(*, payment_id: int, amount: Decimal) -> dict:
    """`DELETE payment/partial_reversal/:service_id/:payment_id/:amount`: return part of a
    payment (so'm with two decimals, never a float). Not in the shared research notes: taken
    from Click's published Merchant API description (docs/payments.md, disputed points)."""
    return _call(
        "DELETE",
        f"payment/partial_reversal/{int(settings.CLICK_SERVICE_ID)}/{int(payment_id)}/"
        f"{amount.quantize(Decimal('0.01'))}",
    )


@dataclass(frozen=True)
class ClickMtiStatus:
    payment_id: int | None
    payment_status: int | None
    body: dict

    @property
    def is_paid(self) -> bool:
        return self.payment_status == PAYMENT_STATUS_SUCCESS


def click_payment_status_by_mti(*, merchant_trans_id: str, day: date) -> ClickMtiStatus:
    """`GET payment/status_by_mti/:service_id/:merchant_trans_id/:YYYY-MM-DD`: the payment
    Click holds for our order number, created on `day` (Click's current documentation asks for
    the day; see docs/payments.md)."""
    body = _call(
        "GET",
        f"payment/status_by_mti/{int(settings.CLICK_SERVICE_ID)}/"
        f"{requests.utils.quote(merchant_trans_id, safe='')}/{day.isoformat()}",
    )
    payment_id, status = body.get("payment_id"), body.get("payment_status")
    return ClickMtiStatus(
        payment_id=payment_id if isinstance(payment_id, int) else None,
        payment_status=status if isinstance(status, int) else None,
        body=body,
    )
