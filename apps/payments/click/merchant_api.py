"""Click Merchant API client (we call Click): payment status and reversal (refund).

Every request carries `Auth: <merchant_user_id>:<sha1(timestamp + secret_key)>:<timestamp>`
(unix seconds). Calls are made outside database transactions, with a bounded timeout; the
header is never logged."""

import hashlib
import time
from dataclasses import dataclass

import requests
from django.conf import settings

PAYMENT_STATUS_SUCCESS = 2
"""`payment_status` of a successful payment; negative values are declined or reversed ones."""


class ClickApiError(Exception):
    """Click could not be reached or answered with an error (`error_code` when it did)."""

    def __init__(self, message: str, *, error_code: int | None = None, body: dict | None = None):
        self.error_code = error_code
        self.body = body or {}
        super().__init__(message)


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
    except (requests.RequestException, ValueError) as exc:
        raise ClickApiError(f"Click unreachable: {type(exc).__name__}") from exc
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
