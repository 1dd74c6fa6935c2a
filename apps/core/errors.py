"""Domain errors: services raise these; one exception handler renders them for HTTP.

Each error has a stable snake_case `code`, an HTTP `status` and a translatable default message.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(
        self, message: Any = None, *, details: dict | None = None, code: str | None = None
    ):
        self.message = message if message is not None else self.default_message
        self.details = details or {}
        if code is not None:
            self.code = code
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 400
    default_message = _("Some of the data sent is not valid.")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = _("Authentication is required.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("The request conflicts with the current state.")


class Throttled(DomainError):
    code = "throttled"
    status = 429
    default_message = _("Too many requests. Please try again later.")

    def __init__(self, message: Any = None, *, wait: int, **kwargs: Any):
        self.wait = max(int(wait), 1)
        super().__init__(message, **kwargs)


class ServiceUnavailable(DomainError):
    code = "service_unavailable"
    status = 503
    default_message = _("The service is temporarily unavailable. Please try again later.")


class InvalidPhoneNumber(ValidationFailed):
    code = "invalid_phone_number"
    default_message = _("Enter an Uzbek mobile number: +998 and nine digits.")


class InvalidAmount(ValidationFailed):
    code = "invalid_amount"
    default_message = _("The amount is not a valid sum of money.")
