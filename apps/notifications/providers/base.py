from dataclasses import dataclass


class ProviderError(Exception):
    """The provider did not confirm the message.

    `retryable`: trying again may help (gateway down, 5xx, 429). `in_doubt`: the request left
    this process but no answer came back, so the provider may have taken it; such a message is
    only sent again to a provider that deduplicates by idempotency key."""

    def __init__(self, message: str, *, retryable: bool = True, in_doubt: bool = False):
        super().__init__(message)
        self.retryable = retryable
        self.in_doubt = in_doubt


@dataclass(frozen=True)
class ProviderResult:
    provider_message_id: str = ""
