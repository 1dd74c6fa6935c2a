"""OpenAPI descriptions of the one error body every orders endpoint answers with."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class OrderErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable snake_case code to branch on.")
    message = serializers.CharField(help_text="Human text in the request's language.")
    details = serializers.DictField(help_text="Field errors or extra facts (may be empty).")


class OrderErrorResponseSerializer(serializers.Serializer):
    error = OrderErrorBodySerializer()


ERROR_TEXT = {
    400: "Invalid input: `validation_error` with field errors under `details`.",
    401: "Missing, invalid or expired access token (`not_authenticated`).",
    403: "This role may not do this (`permission_denied`).",
    404: "No such object for this caller (`not_found`).",
    409: "Conflicts with the current state.",
    429: "Too many requests (`throttled`); `Retry-After` says how many seconds to wait.",
}


def errors(*statuses: int, **codes: str) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema`; `s409="a, b"` lists an endpoint's own codes."""
    responses = {}
    for code in statuses:
        extra = codes.get(f"s{code}")
        text = f"{ERROR_TEXT[code]} Also: {extra}." if extra else ERROR_TEXT[code]
        responses[code] = OpenApiResponse(OrderErrorResponseSerializer, description=text)
    return responses
