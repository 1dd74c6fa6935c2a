"""Django admin sign-in under the same (phone, IP) lockout and records as the API login."""

from django.contrib.auth.backends import ModelBackend

from apps.core.errors import DomainError
from apps.core.phone import normalize_phone

from .http import client_info
from .models import LoginMethod
from .services.auth import user_authenticate


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("phone_number")
        if request is None or username is None or password is None:
            return None
        try:
            return user_authenticate(
                phone_number=normalize_phone(username),
                password=password,
                client=client_info(request),
                method=LoginMethod.ADMIN,
            )
        except DomainError:
            return None
