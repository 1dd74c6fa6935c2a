"""OpenAPI descriptions of the one error body every endpoint answers with."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable snake_case code to branch on.")
    message = serializers.CharField(help_text="Human text in the request's language.")
    details = serializers.DictField(help_text="Field errors or extra facts (may be empty).")


class ErrorResponseSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


STANDARD = {
    400: "Invalid input: `validation_error` with field errors under `details`.",
    401: "Missing, invalid or expired access token (`not_authenticated`, `token_not_valid`).",
    403: "Signed in, but this role may not do this (`permission_denied`).",
    404: "No such object for this caller (`not_found`).",
    409: "Conflicts with the current state.",
    413: "The request body is too large.",
    429: "Too many requests (`throttled`); the `Retry-After` header says how many seconds to wait.",
    503: "A service this request needs is unavailable for now; try again later.",
}


def errors(*statuses: int, **codes: str) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema(responses=...)`. `codes` adds the endpoint's own
    error codes per status, keyed `s400="otp_invalid, otp_expired"`."""
    responses = {}
    for status in statuses:
        description = STANDARD[status]
        extra = codes.get(f"s{status}")
        if extra:
            description = f"{description} Also: {extra}."
        responses[status] = OpenApiResponse(ErrorResponseSerializer, description=description)
    return responses


class DeleteWithBodySchema(AutoSchema):
    """drf-spectacular documents request bodies only for POST/PUT/PATCH; `DELETE me/` carries
    the password confirmation in its body, so its body is documented like a POST's."""

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"
