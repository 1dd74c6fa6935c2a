"""Provider callbacks. They speak the providers' protocols, not our API: Payme's JSON-RPC and
Click's form posts, every reply HTTP 200 with the protocol's own error codes. Plain Django views
(no DRF negotiation, parsers or throttles in the way), exempt from CSRF (providers carry no
session); authentication is the protocol's own (Payme Basic auth, Click md5 signature).

Each authenticated callback is written to the payment log with our reply; unauthenticated ones
(wrong Payme credentials, a forged Click signature) write nothing to the database."""

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import services
from .click.callbacks import click_callback_handle
from .click.protocol import ClickAction
from .models import PaymentLogKind, PaymentProvider
from .payme.rpc import payme_rpc_handle

logger = logging.getLogger(__name__)


# --- Payme ---------------------------------------------------------------------------------------


@csrf_exempt
def payme_webhook(request: HttpRequest) -> JsonResponse:
    exchange = payme_rpc_handle(
        http_method=request.method,
        read_body=lambda: request.body,
        authorization=request.headers.get("Authorization", ""),
    )
    if exchange.authorized:
        services.payment_log_write(
            provider=PaymentProvider.PAYME,
            kind=PaymentLogKind.CALLBACK,
            action=exchange.method,
            payment=exchange.payment,
            order=exchange.order,
            request=exchange.logged_request,
            response=exchange.reply,
            outcome=exchange.outcome,
            error_code=exchange.error_code,
        )
    else:
        logger.warning("Payme callback refused: %s", exchange.outcome)
    return JsonResponse(exchange.reply, status=200)


# --- Click ---------------------------------------------------------------------------------------


def _posted_fields(request: HttpRequest) -> dict:
    if request.method != "POST":
        return {}
    try:
        return request.POST.dict()
    except (RequestDataTooBig, TooManyFieldsSent):
        return {}


def _click_callback(request: HttpRequest, *, action: int) -> JsonResponse:
    exchange = click_callback_handle(fields=_posted_fields(request), action=action)
    if exchange.request is None:
        logger.warning("Click callback refused: %s", exchange.error)
    else:
        services.payment_log_write(
            provider=PaymentProvider.CLICK,
            kind=PaymentLogKind.CALLBACK,
            action=exchange.action_name,
            payment=exchange.payment,
            order=exchange.order,
            request=exchange.request.raw,
            response=exchange.reply,
            outcome="ok" if exchange.error == 0 else f"error {exchange.error}",
            error_code=exchange.error or None,
        )
    return JsonResponse(exchange.reply)


@csrf_exempt
def click_prepare_webhook(request: HttpRequest) -> JsonResponse:
    return _click_callback(request, action=ClickAction.PREPARE)


@csrf_exempt
def click_complete_webhook(request: HttpRequest) -> JsonResponse:
    return _click_callback(request, action=ClickAction.COMPLETE)
