import hmac

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class HasSmsCallbackSecret(BasePermission):
    """Delivery receipts come from the SMS gateway, not from a user: they must carry
    SMS_CALLBACK_SECRET, in the `X-Callback-Secret` header or (for gateways that only take a
    URL, like Eskiz) the `secret` query parameter. Compared in constant time; with no secret
    configured every receipt is refused."""

    message = _("The callback secret is missing or wrong.")

    def has_permission(self, request, view) -> bool:
        expected = settings.SMS_CALLBACK_SECRET
        given = request.headers.get("X-Callback-Secret") or request.query_params.get("secret", "")
        return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
