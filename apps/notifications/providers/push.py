"""Push notifications: the interface a provider (FCM, APNs, a web-push service) implements.
None is configured yet; with `PUSH_PROVIDER` empty, push messages are recorded as skipped."""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .base import ProviderResult


class PushProvider(Protocol):
    supports_idempotency_key: bool

    def send(
        self, *, user_id: int, title: str, text: str, data: dict, idempotency_key: str
    ) -> ProviderResult:
        """Deliver to every device of the user; raise ProviderError when it was not taken."""


def get_push_provider() -> PushProvider | None:
    if not settings.PUSH_PROVIDER:
        return None
    return import_string(settings.PUSH_PROVIDER)()
