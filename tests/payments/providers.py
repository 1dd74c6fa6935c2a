"""Playing Payme and Click the way they call us: Payme JSON-RPC with Basic auth, Click form
posts with md5 signatures over the raw strings. Used by tests/payments and tests/conformance,
through the Django test client or over HTTP against a live server."""

import base64
import hashlib
import json
from decimal import Decimal
from itertools import count
from urllib.parse import urlencode

import pytest
import requests
from django.urls import reverse
from django.utils import timezone

from apps.core.money import som_to_tiyin
from apps.payments.models import Payment

PAYME_LOGIN = "Paycom"
# Keys contain ':' and other symbols: the header must be split on the first ':' only.
PAYME_KEY = "Xk9:q&uR#w2=TEST"
PAYME_MERCHANT_ID = "65f0c0ffee0123456789abcd"
CLICK_SERVICE_ID = "28420"
CLICK_MERCHANT_ID = "19950"
CLICK_MERCHANT_USER_ID = "36291"
CLICK_SECRET_KEY = "click-Secret-7Hq2"
SIGN_TIME = "2026-11-23 14:05:09"

_ids = count(1)


@pytest.fixture
def provider_settings(settings):
    """Provider credentials as the cabinets would give them; the simulator off."""
    settings.PAYME_MERCHANT_ID = PAYME_MERCHANT_ID
    settings.PAYME_KEY = PAYME_KEY
    settings.PAYME_LOGIN = PAYME_LOGIN
    settings.PAYME_CHECKOUT_URL = "https://checkout.paycom.uz"
    settings.CLICK_SERVICE_ID = CLICK_SERVICE_ID
    settings.CLICK_MERCHANT_ID = CLICK_MERCHANT_ID
    settings.CLICK_MERCHANT_USER_ID = CLICK_MERCHANT_USER_ID
    settings.CLICK_SECRET_KEY = CLICK_SECRET_KEY
    settings.CLICK_CANCEL_CONFIRMED_ERROR = -4
    settings.PAYMENTS_SIMULATOR_ENABLED = False
    settings.DEBUG = False
    return settings


# --- Payme -------------------------------------------------------------------------------------


def payme_auth(login: str = PAYME_LOGIN, key: str = PAYME_KEY) -> str:
    return "Basic " + base64.b64encode(f"{login}:{key}".encode()).decode()


def payme_id(n: int | None = None) -> str:
    """A 24-character Payme transaction id."""
    return f"{n if n is not None else next(_ids):024x}"


def payme_account(order) -> dict:
    return {"order_id": order.number}


def payme_amount(order) -> int:
    return som_to_tiyin(order.total)


def payme_body(method: str, params: dict, rpc_id=None) -> dict:
    return {"method": method, "params": params, "id": rpc_id if rpc_id is not None else 7}


def payme_call(client, method: str, params: dict, *, auth: str | None = None, rpc_id=None):
    """Call our Payme endpoint through the Django test client; assert HTTP 200; the body."""
    response = client.post(
        reverse("payments-payme"),
        data=json.dumps(payme_body(method, params, rpc_id)),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth if auth is not None else payme_auth(),
    )
    assert response.status_code == 200, response.content
    return response.json()


class PaymeHttp:
    """Payme over HTTP against a live server: what the sandbox does."""

    def __init__(self, base_url: str, auth: str | None = None):
        self.url = base_url.rstrip("/") + reverse("payments-payme")
        self.auth = auth if auth is not None else payme_auth()
        self.session = requests.Session()

    def __call__(self, method: str, params: dict, *, auth: str | None = None, rpc_id=None):
        response = self.session.post(
            self.url,
            json=payme_body(method, params, rpc_id),
            headers={"Authorization": auth if auth is not None else self.auth},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()


# --- Click -------------------------------------------------------------------------------------


def click_sign(fields: dict, secret: str = CLICK_SECRET_KEY) -> str:
    prepare_id = fields.get("merchant_prepare_id", "") if fields["action"] == "1" else ""
    text = (
        fields["click_trans_id"]
        + fields["service_id"]
        + secret
        + fields["merchant_trans_id"]
        + prepare_id
        + fields["amount"]
        + fields["action"]
        + fields["sign_time"]
    )
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324  (Click's protocol)


def click_fields(
    *,
    order_number: str,
    amount: Decimal | str,
    click_trans_id: int,
    action: int = 0,
    prepare_id: int | str | None = None,
    error: int = 0,
    paydoc_id: int | None = None,
    secret: str = CLICK_SECRET_KEY,
    service_id: str = CLICK_SERVICE_ID,
) -> dict:
    """A signed Click callback as Click posts it (every value a string, as sent)."""
    fields = {
        "click_trans_id": str(click_trans_id),
        "service_id": service_id,
        "click_paydoc_id": str(paydoc_id or click_trans_id + 5_000_000),
        "merchant_trans_id": order_number,
        "amount": str(amount),
        "action": str(action),
        "error": str(error),
        "error_note": "Success" if error == 0 else "Payment failed",
        "sign_time": SIGN_TIME,
    }
    if prepare_id is not None:
        fields["merchant_prepare_id"] = str(prepare_id)
    fields["sign_string"] = click_sign(fields, secret)
    return fields


def click_url(action: int) -> str:
    return reverse("payments-click-prepare" if action == 0 else "payments-click-complete")


def click_endpoint(fields: dict) -> int:
    """The endpoint a callback goes to: Complete for action 1, Prepare otherwise."""
    return 1 if fields.get("action") == "1" else 0


def click_call(client, fields: dict) -> dict:
    """Post a Click callback form through the Django test client; assert HTTP 200; the body."""
    response = client.post(
        click_url(click_endpoint(fields)),
        data=urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    return response.json()


class ClickHttp:
    """Click over HTTP against a live server: what Click's merchant test tool does."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def __call__(self, fields: dict) -> dict:
        response = self.session.post(
            self.base_url + click_url(click_endpoint(fields)), data=fields, timeout=10
        )
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()


# --- paying an order end to end -------------------------------------------------------------


def paid_with_payme(client, order) -> str:
    tid = payme_id()
    params = {"id": tid, "time": int(timezone.now().timestamp() * 1000)}
    params |= {"amount": payme_amount(order), "account": payme_account(order)}
    payme_call(client, "CreateTransaction", params)
    assert payme_call(client, "PerformTransaction", {"id": tid})["result"]["state"] == 2
    return tid


def paid_with_click(client, order, trans_id=501):
    prepared = click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=trans_id)
    )
    fields = click_fields(
        order_number=order.number,
        amount=order.total,
        click_trans_id=trans_id,
        action=1,
        prepare_id=prepared["merchant_prepare_id"],
    )
    assert click_call(client, fields)["error"] == 0
    return Payment.objects.get(pk=prepared["merchant_prepare_id"])
