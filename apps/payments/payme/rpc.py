"""Payme JSON-RPC dispatch: one call in (method, raw body, Authorization header), one reply
out, plus what the payment log needs. Every outcome is a reply: protocol errors become Payme
error objects and a bug becomes -32400 (logged in full), never an HTTP error."""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig

from .. import services
from ..services.payme import FISCAL_TYPES
from . import protocol as payme
from .protocol import Code, PaymeError

logger = logging.getLogger(__name__)


def _check_perform(params: dict):
    amount = payme.param_amount(params)
    return services.payme_check_perform(amount=amount, account=payme.param_account(params)), None


def _create(params: dict):
    payme_id, time = payme.param_transaction_id(params), payme.param_ms(params, "time")
    amount, account = payme.param_amount(params), payme.param_account(params)
    return services.payme_create(payme_id=payme_id, time=time, amount=amount, account=account)


def _perform(params: dict):
    return services.payme_perform(payme_id=payme.param_transaction_id(params))


def _cancel(params: dict):
    payme_id, reason = payme.param_transaction_id(params), payme.param_reason(params)
    return services.payme_cancel(payme_id=payme_id, reason=reason)


def _check(params: dict):
    return services.payme_check(payme_id=payme.param_transaction_id(params))


def _statement(params: dict):
    time_from, time_to = payme.param_ms(params, "from"), payme.param_ms(params, "to")
    return services.payme_statement(time_from=time_from, time_to=time_to), None


def _fiscal_data(params: dict):
    payme_id = payme.param_transaction_id(params)
    kind, data = params.get("type"), params.get("fiscal_data")
    if kind not in FISCAL_TYPES or not isinstance(data, dict):
        raise PaymeError(Code.INVALID_REQUEST, data="fiscal_data")
    return services.payme_fiscal_data_set(payme_id=payme_id, kind=kind, fiscal_data=data)


PAYME_METHODS: dict[str, Callable] = {
    "CheckPerformTransaction": _check_perform,
    "CreateTransaction": _create,
    "PerformTransaction": _perform,
    "CancelTransaction": _cancel,
    "CheckTransaction": _check,
    "GetStatement": _statement,
    "SetFiscalData": _fiscal_data,
}


@dataclass
class PaymeExchange:
    """A handled call: the reply, and for the log whether the caller was authenticated, the
    request as received and the payment or order concerned."""

    reply: dict
    authorized: bool = False
    body: Any = None
    payment: Any = None
    order: Any = None
    outcome: str = "ok"
    error_code: int | None = None

    @property
    def logged_request(self) -> dict:
        """The request as stored in the log (Decimals from the parser become strings)."""
        return json.loads(json.dumps(self.body, default=str)) if isinstance(self.body, dict) else {}

    @property
    def method(self) -> str:
        return str(self.body.get("method", ""))[:64] if isinstance(self.body, dict) else ""


def _body(read_body: Callable[[], bytes]) -> tuple[Any, PaymeError | None]:
    try:
        return payme.rpc_body(read_body()), None
    except PaymeError as error:
        return None, error
    except RequestDataTooBig:
        return None, PaymeError(Code.INVALID_REQUEST)


def payme_rpc_handle(
    *, http_method: str, read_body: Callable[[], bytes], authorization: str
) -> PaymeExchange:
    """Answer one call. Order of checks: not POST (-32300); credentials (-32504, before any
    parse or field error, so strangers learn nothing); unparsable body (-32700); malformed call
    (-32600); unknown method (-32601); then the method's own rules."""
    exchange = PaymeExchange(reply={})
    try:
        if http_method != "POST":
            raise PaymeError(Code.TRANSPORT_NOT_POST)
        exchange.body, parse_error = _body(read_body)
        if not payme.payme_authorized(authorization):
            raise PaymeError(Code.INSUFFICIENT_PRIVILEGE)
        exchange.authorized = True
        if parse_error is not None:
            raise parse_error
        rpc = payme.rpc_request(exchange.body)
        handler = PAYME_METHODS.get(rpc.method)
        if handler is None:
            raise PaymeError(Code.METHOD_NOT_FOUND, data=rpc.method[:100])
        result, exchange.payment = handler(rpc.params)
        exchange.reply = {"result": result, "id": payme.request_id(exchange.body)}
    except PaymeError as error:
        exchange.reply = {"error": error.body(), "id": payme.request_id(exchange.body)}
        exchange.payment, exchange.order = error.payment, error.order
        exchange.outcome, exchange.error_code = f"error {error.code}", error.code
    except Exception:
        logger.exception("Payme callback failed")
        error = PaymeError(Code.SYSTEM_ERROR)
        exchange.reply = {"error": error.body(), "id": payme.request_id(exchange.body)}
        exchange.outcome, exchange.error_code = "system error", error.code
    return exchange
