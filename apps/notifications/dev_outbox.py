"""The development SMS outbox: with DEBUG on and the console provider, the last messages to
each phone (codes included) are kept in the cache so the embedded shop and browser tests can
read them (`GET /api/v1/notifications/dev/sms/?phone=`). Never used in production."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEEP = 20
TTL_SECONDS = 3600


def is_enabled() -> bool:
    return settings.DEBUG and settings.SMS_PROVIDER == "console"


def _key(phone: str) -> str:
    return f"notifications:dev-sms:{phone}"


def record(*, phone: str, text: str) -> None:
    messages = cache.get(_key(phone)) or []
    messages.insert(0, {"text": text, "sent_at": timezone.now().isoformat()})
    cache.set(_key(phone), messages[:KEEP], timeout=TTL_SECONDS)


def messages_to(phone: str) -> list[dict]:
    """Newest first."""
    return cache.get(_key(phone)) or []
