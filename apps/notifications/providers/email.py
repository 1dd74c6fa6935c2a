"""E-mail through Django's configured backend (`EMAIL_BACKEND`; console in development)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from .base import ProviderError, ProviderResult


class DjangoEmailProvider:
    supports_idempotency_key = False

    def send(self, *, address: str, subject: str, text: str, idempotency_key: str):
        message_id = make_msgid(idstring=idempotency_key.replace("-", ""))
        message = EmailMessage(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id},
        )
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise ProviderError("mail server refused the address", retryable=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ProviderError(f"mail server error: {type(exc).__name__}") from exc
        return ProviderResult(provider_message_id=message_id.strip("<>")[:100])


def get_email_provider() -> DjangoEmailProvider:
    return DjangoEmailProvider()
