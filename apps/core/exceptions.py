"""The one place where errors become HTTP: every API error is rendered as

{"error": {"code": "<stable_snake_case>", "message": "<localised text>", "details": {...}}}
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError, Throttled

VALIDATION_MESSAGE = _("Some of the data sent is not valid.")


def error_body(code: str, message: Any, details: Any = None) -> dict:
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _domain_error_response(exc: DomainError) -> Response:
    headers = {}
    if isinstance(exc, Throttled):
        headers["Retry-After"] = str(exc.wait)
    if exc.status == status.HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return Response(
        error_body(exc.code, exc.message, exc.details), status=exc.status, headers=headers
    )


def _as_drf_exception(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=get_error_detail(exc))
    return exc


def _first_message(detail: Any) -> str | None:
    if isinstance(detail, dict):
        detail = detail.get("detail", next(iter(detail.values()), None))
    if isinstance(detail, list):
        detail = detail[0] if detail else None
    return str(detail) if detail is not None else None


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_error_response(exc)
    exc = _as_drf_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, rendered by handler500
    assert isinstance(exc, exceptions.APIException)

    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("validation_error", VALIDATION_MESSAGE, details)
        return response

    code = exc.get_codes()
    if not isinstance(code, str):
        code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.Throttled):
        code = "throttled"
        details = {"retry_after": exc.wait and int(exc.wait) + 1}
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
    else:
        details = {}
    message = _first_message(exc.detail) or exc.default_detail
    response.data = error_body(code, message, details)
    if response.status_code == status.HTTP_404_NOT_FOUND:
        response.data["error"]["code"] = "not_found"
    return response
