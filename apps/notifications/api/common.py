"""The error body every endpoint documents (rendered by apps.core.exceptions)."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

_ERROR = inline_serializer(
    "NotificationsError",
    {
        "error": inline_serializer(
            "NotificationsErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "details": serializers.DictField(),
            },
        )
    },
)
_ERROR_TEXT = {
    400: "Invalid input (`validation_error` or a more precise code).",
    401: "Not authenticated.",
    403: "Not allowed for this role.",
    404: "Not found, or not yours.",
    409: "Conflicts with an existing object.",
}


def errors(*codes: int) -> dict:
    """OpenAPI responses for the given error statuses."""
    return {code: OpenApiResponse(_ERROR, description=_ERROR_TEXT[code]) for code in codes}
