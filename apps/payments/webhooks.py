"""Provider callbacks. They speak the providers' protocols, not our API: Payme's JSON-RPC and
Click's form posts, every reply HTTP 200 with the protocol's own error codes. Plain Django views
(no DRF negotiation, parsers or throttles in the way), exempt from CSRF (providers carry no
session); authentication is the protocol's own (Payme Basic auth, Click md5 signature).

Each authenticated callback is written to the payment log with our reply; unauthenticated ones
(wrong Payme credentials, a forged Click signature) write nothing to the database."""

import json
import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import services
from .click.protocol import (
    NOTES,
    ClickAction,
    ClickCode,
    ClickError,
    click_echo_id,
    click_request,
)
from .models import PaymentLogKind, PaymentProvider
from .payme import protocol as payme
from .payme.protocol import Code, PaymeError
from .services.payme import FISCAL_TYPES

logger = logging.getLogger(__name__)


# --- Payme ---------------------------------------------------------------------------------------


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


def _jsonable(value):
    """The request as stored in the log (Decimals from the parser become strings)."""
    return json.loads(json.dumps(value, default=str))


@csrf_exempt
def payme_webhook(request: HttpRequest) -> JsonResponse:
    body, rpc_id, authorized = None, None, False
    payment = order = None
    try:
        if request.method != "POST":
            raise PaymeError(Code.TRANSPORT_NOT_POST)
        try:
            body, parse_error = payme.rpc_body(request.body), None
        except PaymeError as error:
            parse_error = error
        except RequestDataTooBig:
            parse_error = PaymeError(Code.INVALID_REQUEST)
        rpc_id = payme.request_id(body)
        if not payme.payme_authorized(request.headers.get("Authorization", "")):
            raise PaymeError(Code.INSUFFICIENT_PRIVILEGE)
        authorized = True
        if parse_error is not None:
            raise parse_error
        rpc = payme.rpc_request(body)
        handler = PAYME_METHODS.get(rpc.method)
        if handler is None:
            raise PaymeError(Code.METHOD_NOT_FOUND, data=rpc.method[:100])
        result, payment = handler(rpc.params)
        reply = {"result": result, "id": rpc_id}
        outcome, error_code = "ok", None
    except PaymeError as error:
        reply = {"error": error.body(), "id": rpc_id}
        payment, order = error.payment, error.order
        outcome, error_code = f"error {error.code}", error.code
    except Exception:
        # The protocol wants -32400 with HTTP 200, not a 500 page; the bug is logged in full.
        logger.exception("Payme callback failed")
        reply = {"error": PaymeError(Code.SYSTEM_ERROR).body(), "id": rpc_id}
        outcome, error_code = "system error", int(Code.SYSTEM_ERROR)
    if authorized:
        services.payment_log_write(
            provider=PaymentProvider.PAYME,
            kind=PaymentLogKind.CALLBACK,
            action=str(body.get("method", ""))[:64] if isinstance(body, dict) else "",
            payment=payment,
            order=order,
            request=_jsonable(body) if isinstance(body, dict) else {},
            response=reply,
            outcome=outcome,
            error_code=error_code,
        )
    else:
        logger.warning("Payme callback refused: %s", outcome)
    return JsonResponse(reply, status=200)


# --- Click ---------------------------------------------------------------------------------------


def _click_reply(*, fields: dict, action: int, error: int, payment_id: int | None) -> dict:
    """Click's reply shape; our id (`merchant_prepare_id` / `merchant_confirm_id`) on success."""
    id_field = "merchant_prepare_id" if action == ClickAction.PREPARE else "merchant_confirm_id"
    return {
        "click_trans_id": click_echo_id(fields),
        "merchant_trans_id": fields.get("merchant_trans_id"),
        id_field: payment_id if error == 0 else None,
        "error": int(error),
        "error_note": NOTES.get(error, "Error"),
    }


def _posted_fields(request: HttpRequest) -> dict:
    if request.method != "POST":
        return {}
    try:
        return request.POST.dict()
    except (RequestDataTooBig, TooManyFieldsSent):
        return {}


def _click_callback(request: HttpRequest, *, action: int) -> JsonResponse:
    fields = _posted_fields(request)
    payment = order = None
    try:
        verified = click_request(fields, action=action)
    except ClickError as error:
        logger.warning("Click callback refused: %s", error.code)
        reply = _click_reply(fields=fields, action=action, error=error.code, payment_id=None)
        return JsonResponse(reply)
    handler = services.click_prepare if action == ClickAction.PREPARE else services.click_complete
    try:
        outcome = handler(request=verified)
        code, payment, order = outcome.error, outcome.payment, outcome.order
    except Exception:
        logger.exception("Click callback failed")
        code = ClickCode.UPDATE_FAILED
    reply = _click_reply(
        fields=fields, action=action, error=code, payment_id=payment.pk if payment else None
    )
    services.payment_log_write(
        provider=PaymentProvider.CLICK,
        kind=PaymentLogKind.CALLBACK,
        action="click.prepare" if action == ClickAction.PREPARE else "click.complete",
        payment=payment,
        order=order,
        request=verified.raw,
        response=reply,
        outcome="ok" if code == 0 else f"error {code}",
        error_code=code or None,
    )
    return JsonResponse(reply)


@csrf_exempt
def click_prepare_webhook(request: HttpRequest) -> JsonResponse:
    return _click_callback(request, action=ClickAction.PREPARE)


@csrf_exempt
def click_complete_webhook(request: HttpRequest) -> JsonResponse:
    return _click_callback(request, action=ClickAction.COMPLETE)
