"""SMS providers. The provider is chosen by `SMS_PROVIDER`: `console` in development (logs a
masked line, never the text), `http` for a DevSMS-style JSON gateway in production."""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from apps.core.phone import mask_phone

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message; `retryable` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class SmsResult:
    provider_message_id: str


class ConsoleSmsProvider:
    def send(self, *, phone: str, text: str) -> SmsResult:
        logger.info("SMS to %s (%d characters) [console provider]", mask_phone(phone), len(text))
        return SmsResult(provider_message_id="console")


class HttpSmsProvider:
    """POST {"phone", "message", "from"} as JSON with a bearer token (DevSMS style)."""

    def send(self, *, phone: str, text: str) -> SmsResult:
        try:
            response = requests.post(
                settings.SMS_GATEWAY_URL,
                json={"phone": phone.lstrip("+"), "message": text, "from": settings.SMS_SENDER},
                headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
                timeout=settings.SMS_GATEWAY_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise SmsError(f"gateway unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsError(f"gateway error {response.status_code}")
        if response.status_code >= 400:
            raise SmsError(f"gateway refused {response.status_code}", retryable=False)
        try:
            message_id = str(response.json().get("id") or response.json().get("message_id") or "")
        except ValueError:
            message_id = ""
        return SmsResult(provider_message_id=message_id[:100])


PROVIDERS = {
    "console": "apps.notifications.providers.sms.ConsoleSmsProvider",
    "http": "apps.notifications.providers.sms.HttpSmsProvider",
}


def get_sms_provider():
    return import_string(PROVIDERS[settings.SMS_PROVIDER])()
