"""SMS providers, chosen by `SMS_PROVIDER`:

- `console` (development): logs a masked line, never the text; with DEBUG on it also keeps the
  last messages per phone in the development outbox (`dev_outbox.py`).
- `http`: a DevSMS-style JSON gateway (`SMS_GATEWAY_URL`, bearer `SMS_GATEWAY_TOKEN`). When
  `SMS_GATEWAY_SUPPORTS_IDEMPOTENCY` is on, every request carries `Idempotency-Key`.
- `eskiz`: the Eskiz API (login with e-mail and password, bearer token kept in the shared cache,
  refreshed on 401, optional delivery-status `callback_url`).

Each `send` makes one request with bounded connect/read timeouts; retries with backoff are the
outbox's job (`services/outbox.py`), so a slow gateway never holds a worker for long."""

import logging
import math
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from urllib3.exceptions import NewConnectionError

from apps.core.phone import mask_phone

from .. import dev_outbox
from .base import ProviderError, ProviderResult

logger = logging.getLogger(__name__)


class SmsError(ProviderError):
    """The gateway did not accept the message."""


def _timeout() -> tuple[float, float]:
    return (settings.SMS_GATEWAY_CONNECT_TIMEOUT, settings.SMS_GATEWAY_TIMEOUT)


def _request_error(exc: requests.RequestException) -> SmsError:
    """A request that never reached the gateway is safe to repeat; one that did and got no
    answer may have been taken."""
    misconfigured = (
        requests.exceptions.InvalidURL,
        requests.exceptions.InvalidSchema,
        requests.exceptions.MissingSchema,
    )
    if isinstance(exc, misconfigured):
        return SmsError("gateway URL is misconfigured", retryable=False)
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    never_sent = isinstance(exc, (requests.ConnectTimeout, requests.exceptions.SSLError)) or (
        isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError)
    )
    if never_sent:
        return SmsError(f"gateway unreachable: {type(exc).__name__}")
    return SmsError(f"no answer from gateway: {type(exc).__name__}", in_doubt=True)


def _status_error(response: requests.Response) -> SmsError | None:
    if response.status_code >= 500 or response.status_code == 429:
        return SmsError(f"gateway error {response.status_code}")
    if response.status_code >= 400:
        return SmsError(f"gateway refused {response.status_code}", retryable=False)
    return None


def _message_id(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    return str(body.get("id") or body.get("message_id") or "")[:100]


class ConsoleSmsProvider:
    supports_idempotency_key = True  # nothing leaves the process

    def send(self, *, phone: str, text: str, idempotency_key: str) -> ProviderResult:
        logger.info("SMS to %s (%d characters) [console provider]", mask_phone(phone), len(text))
        if settings.DEBUG:
            dev_outbox.record(phone=phone, text=text)
        return ProviderResult(provider_message_id="console")


class HttpSmsProvider:
    """POST {"phone", "message", "from"} as JSON with a bearer token (DevSMS style)."""

    @property
    def supports_idempotency_key(self) -> bool:
        return settings.SMS_GATEWAY_SUPPORTS_IDEMPOTENCY

    def send(self, *, phone: str, text: str, idempotency_key: str) -> ProviderResult:
        headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"}
        if self.supports_idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            response = requests.post(
                settings.SMS_GATEWAY_URL,
                json={"phone": phone.lstrip("+"), "message": text, "from": settings.SMS_SENDER},
                headers=headers,
                timeout=_timeout(),
            )
        except requests.RequestException as exc:
            raise _request_error(exc) from exc
        error = _status_error(response)
        if error is not None:
            raise error
        return ProviderResult(provider_message_id=_message_id(response))


class EskizSmsProvider:
    """Eskiz (notify.eskiz.uz): form-encoded send with a bearer token obtained by logging in.
    The token lives in the shared cache so every worker reuses it; on 401 it is refreshed (or,
    if that fails, obtained again) and the send is repeated once."""

    supports_idempotency_key = False
    TOKEN_CACHE_KEY = "notifications:eskiz-token"  # noqa: S105 (a cache key)

    def send(self, *, phone: str, text: str, idempotency_key: str) -> ProviderResult:
        token = cache.get(self.TOKEN_CACHE_KEY) or self._login()
        response = self._post_sms(token=token, phone=phone, text=text)
        if response.status_code == 401:
            response = self._post_sms(token=self._refresh(token), phone=phone, text=text)
        error = _status_error(response)
        if error is not None:
            raise error
        return ProviderResult(provider_message_id=_message_id(response))

    def _url(self, path: str) -> str:
        return f"{settings.SMS_ESKIZ_BASE_URL.rstrip('/')}/{path}"

    def _post_sms(self, *, token: str, phone: str, text: str) -> requests.Response:
        data = {"mobile_phone": phone.lstrip("+"), "message": text, "from": settings.SMS_SENDER}
        if settings.SMS_CALLBACK_URL:
            query = urlencode({"secret": settings.SMS_CALLBACK_SECRET})
            data["callback_url"] = f"{settings.SMS_CALLBACK_URL}?{query}"
        try:
            return requests.post(
                self._url("message/sms/send"),
                data=data,
                headers={"Authorization": f"Bearer {token}"},
                timeout=_timeout(),
            )
        except requests.RequestException as exc:
            raise _request_error(exc) from exc

    def _login(self) -> str:
        try:
            response = requests.post(
                self._url("auth/login"),
                data={"email": settings.SMS_ESKIZ_EMAIL, "password": settings.SMS_ESKIZ_PASSWORD},
                timeout=_timeout(),
            )
        except requests.RequestException as exc:
            # Logging in sends no SMS: whatever happened, trying again is safe.
            raise SmsError(f"gateway login failed: {type(exc).__name__}") from exc
        return self._store_token(response, action="login")

    def _refresh(self, token: str) -> str:
        try:
            response = requests.patch(
                self._url("auth/refresh"),
                headers={"Authorization": f"Bearer {token}"},
                timeout=_timeout(),
            )
        except requests.RequestException as exc:
            raise SmsError(f"gateway token refresh failed: {type(exc).__name__}") from exc
        if response.status_code == 401:
            return self._login()
        return self._store_token(response, action="token refresh")

    def _store_token(self, response: requests.Response, *, action: str) -> str:
        error = _status_error(response)
        if error is not None:
            raise SmsError(f"gateway {action} failed: {error}", retryable=error.retryable)
        try:
            token = response.json()["data"]["token"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SmsError(f"gateway {action} gave no token") from exc
        cache.set(self.TOKEN_CACHE_KEY, token, timeout=settings.SMS_ESKIZ_TOKEN_TTL_SECONDS)
        return token


PROVIDERS = {
    "console": "apps.notifications.providers.sms.ConsoleSmsProvider",
    "http": "apps.notifications.providers.sms.HttpSmsProvider",
    "eskiz": "apps.notifications.providers.sms.EskizSmsProvider",
}


def get_sms_provider():
    return import_string(PROVIDERS[settings.SMS_PROVIDER])()


# GSM 03.38: texts made only of these characters fit 160 per SMS (extension characters count
# twice); anything else (Cyrillic, the Uzbek U+02BB turned comma) is sent as UCS-2, 70 per SMS.
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


def sms_segments(text: str) -> int:
    """How many SMS parts the gateway bills for `text`."""
    if all(char in _GSM7_BASIC or char in _GSM7_EXTENDED for char in text):
        units = len(text) + sum(char in _GSM7_EXTENDED for char in text)
        single, part = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if units <= single else math.ceil(units / part)
