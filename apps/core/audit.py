"""Audit log wiring (django-auditlog): who changed a tracked model, from where.

The stock middleware reads the actor when the request comes in, which is before DRF has
authenticated a bearer token, and takes the client address from the first X-Forwarded-For entry,
which the client writes. Here the actor is looked up when the log entry is saved (admin session
or API token alike) and the address is the one the throttles use."""

from auditlog.middleware import AuditlogMiddleware
from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject

from .http import client_ip


def _authenticated_user(request):
    user = getattr(request, "user", None)
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user
    return None


class AuditActorMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request) or None

    @staticmethod
    def _get_actor(request):
        return SimpleLazyObject(lambda: _authenticated_user(request))
