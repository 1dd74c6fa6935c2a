"""Payme Merchant API protocol: error codes with their messages in Russian, Uzbek and English,
Basic-auth check, request parsing and parameter validation. Every reply is HTTP 200."""

import base64
import binascii
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from django.conf import settings

from ..models import PaymeCancelReason


class Code(IntEnum):
    TRANSPORT_NOT_POST = -32300
    PARSE_ERROR = -32700
    INVALID_REQUEST = -32600
    METHOD_NOT_FOUND = -32601
    INSUFFICIENT_PRIVILEGE = -32504
    SYSTEM_ERROR = -32400
    FISCAL_TRANSACTION_NOT_FOUND = -32001
    WRONG_AMOUNT = -31001
    TRANSACTION_NOT_FOUND = -31003
    CANNOT_CANCEL = -31007
    CANNOT_PERFORM = -31008
    ORDER_NOT_FOUND = -31050
    ORDER_NOT_PAYABLE = -31051


Message = dict[str, str]


def _message(ru: str, uz: str, en: str) -> Message:
    return {"ru": ru, "uz": uz, "en": en}


MESSAGES: dict[int, Message] = {
    Code.TRANSPORT_NOT_POST: _message(
        "Метод запроса должен быть POST.",
        "So'rov usuli POST bo'lishi kerak.",
        "The request method must be POST.",
    ),
    Code.PARSE_ERROR: _message(
        "Ошибка разбора JSON.", "JSON tahlilida xatolik.", "Could not parse the JSON body."
    ),
    Code.INVALID_REQUEST: _message(
        "Отсутствуют обязательные поля или тип полей не соответствует спецификации.",
        "Majburiy maydonlar yo'q yoki ularning turi spetsifikatsiyaga mos emas.",
        "Required fields are missing or have the wrong type.",
    ),
    Code.METHOD_NOT_FOUND: _message(
        "Запрашиваемый метод не найден.", "So'ralgan usul topilmadi.", "Method not found."
    ),
    Code.INSUFFICIENT_PRIVILEGE: _message(
        "Недостаточно привилегий для выполнения метода.",
        "Usulni bajarish uchun huquq yetarli emas.",
        "Insufficient privilege to perform this method.",
    ),
    Code.SYSTEM_ERROR: _message("Системная ошибка.", "Tizim xatosi.", "System error."),
    Code.FISCAL_TRANSACTION_NOT_FOUND: _message(
        "Транзакция не найдена.", "Tranzaksiya topilmadi.", "Transaction not found."
    ),
    Code.WRONG_AMOUNT: _message("Неверная сумма.", "Noto'g'ri summa.", "Incorrect amount."),
    Code.TRANSACTION_NOT_FOUND: _message(
        "Транзакция не найдена.", "Tranzaksiya topilmadi.", "Transaction not found."
    ),
    Code.CANNOT_CANCEL: _message(
        "Заказ выполнен. Невозможно отменить транзакцию.",
        "Buyurtma bajarilgan. Tranzaksiyani bekor qilib bo'lmaydi.",
        "The order is delivered. The transaction cannot be cancelled.",
    ),
    Code.CANNOT_PERFORM: _message(
        "Невозможно выполнить данную операцию.",
        "Ushbu amalni bajarib bo'lmaydi.",
        "This operation cannot be performed.",
    ),
    Code.ORDER_NOT_FOUND: _message("Заказ не найден.", "Buyurtma topilmadi.", "Order not found."),
    Code.ORDER_NOT_PAYABLE: _message(
        "Заказ не ожидает оплаты.",
        "Buyurtma to'lovni kutmayapti.",
        "The order is not awaiting payment.",
    ),
}

ORDER_ALREADY_PAID = _message(
    "Заказ уже оплачен.", "Buyurtma allaqachon to'langan.", "The order is already paid."
)
OTHER_TRANSACTION_ACTIVE = _message(
    "По заказу есть другая активная или завершённая транзакция.",
    "Buyurtma bo'yicha boshqa faol yoki yakunlangan tranzaksiya bor.",
    "There is another active or completed transaction for this order.",
)
TRANSACTION_EXPIRED = _message(
    "Истекло время ожидания транзакции.",
    "Tranzaksiyani kutish vaqti tugadi.",
    "The transaction has timed out.",
)
TRANSACTION_NOT_ACTIVE = _message(
    "Транзакция не активна.", "Tranzaksiya faol emas.", "The transaction is not active."
)


class PaymeError(Exception):
    """A protocol error reply. `payment`/`order` (when known) link the callback's log entry."""

    def __init__(
        self,
        code: int,
        *,
        message: Message | None = None,
        data: Any = None,
        payment=None,
        order=None,
    ):
        self.code = int(code)
        self.message = message or MESSAGES[code]
        self.data = data
        self.payment = payment
        self.order = order
        super().__init__(self.code)

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "data": self.data}


def payme_authorized(authorization: str) -> bool:
    """True when `Authorization` is `Basic base64(login:key)` for our login and key. The whole
    decoded `login:key` is compared in constant time (keys may contain ':' and other symbols,
    so it is never split on them); with no key configured nothing is authorised."""
    key = settings.PAYME_KEY
    scheme, _space, token = (authorization or "").strip().partition(" ")
    if not key or scheme.lower() != "basic" or not token.strip():
        return False
    try:
        decoded = base64.b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = f"{settings.PAYME_LOGIN}:{key}".encode()
    return hmac.compare_digest(decoded, expected)


@dataclass(frozen=True)
class RpcRequest:
    id: Any
    method: str
    params: dict


def rpc_body(raw: bytes) -> Any:
    """The parsed JSON body whatever the Content-Type says; -32700 when it is not JSON."""
    try:
        return json.loads(raw, parse_float=Decimal)
    except ValueError as exc:  # includes invalid UTF-8
        raise PaymeError(Code.PARSE_ERROR) from exc


def rpc_request(body: Any) -> RpcRequest:
    """A JSON-RPC call `{method, params, id}` (no `jsonrpc` member required); -32600 otherwise."""
    if not isinstance(body, dict):
        raise PaymeError(Code.INVALID_REQUEST)
    method, params = body.get("method"), body.get("params")
    if not isinstance(method, str) or not method or not isinstance(params, dict):
        raise PaymeError(Code.INVALID_REQUEST)
    return RpcRequest(id=body.get("id"), method=method, params=params)


def request_id(body: Any) -> Any:
    return body.get("id") if isinstance(body, dict) else None


# --- parameters --------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def param_transaction_id(params: dict) -> str:
    value = params.get("id")
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise PaymeError(Code.INVALID_REQUEST, data="id")
    return value


def param_ms(params: dict, name: str) -> int:
    value = params.get(name)
    if not _is_int(value) or value < 0:
        raise PaymeError(Code.INVALID_REQUEST, data=name)
    return value


def param_amount(params: dict) -> int:
    """Integer tiyin; anything else (a float, a string, zero) is a wrong amount."""
    value = params.get("amount")
    if not _is_int(value) or value <= 0:
        raise PaymeError(Code.WRONG_AMOUNT, data="amount")
    return value


def param_account(params: dict) -> dict:
    """The account as received, which must name an order (`order_id`)."""
    account = params.get("account")
    order_id = account.get("order_id") if isinstance(account, dict) else None
    if isinstance(order_id, bool) or not isinstance(order_id, (str, int)) or order_id == "":
        raise PaymeError(Code.ORDER_NOT_FOUND, data="order_id")
    return account


def param_reason(params: dict) -> int:
    value = params.get("reason")
    if not _is_int(value) or value not in PaymeCancelReason.values:
        raise PaymeError(Code.INVALID_REQUEST, data="reason")
    return value
