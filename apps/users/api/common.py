"""Serializers shared by the accounts endpoints."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.errors import InvalidPhoneNumber
from apps.core.phone import normalize_phone

from ..models import OtpPurpose, User


@extend_schema_field({"type": "string", "example": "+998901234567"})
class PhoneNumberField(serializers.CharField):
    """An Uzbek mobile number in any common spelling, normalised to `+998XXXXXXXXX`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return normalize_phone(super().to_internal_value(data))
        except InvalidPhoneNumber as exc:
            raise serializers.ValidationError(str(exc.message), code=exc.code) from exc


class CodeField(serializers.RegexField):
    """Six ASCII digits (`\\d` would also accept other scripts' digits)."""

    def __init__(self, **kwargs):
        super().__init__(r"^[0-9]{6}$", max_length=6, min_length=6, **kwargs)


class PasswordField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 128)
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("style", {"input_type": "password"})
        super().__init__(**kwargs)


class UserOutputSerializer(serializers.ModelSerializer):
    date_joined = serializers.DateTimeField(source="created_at")

    class Meta:
        model = User
        fields = [
            "id",
            "phone_number",
            "first_name",
            "last_name",
            "language",
            "role",
            "is_verified",
            "date_joined",
        ]
        read_only_fields = fields


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class SessionOutputSerializer(TokenPairOutputSerializer):
    user = UserOutputSerializer()


class CodeSentOutputSerializer(serializers.Serializer):
    """The same answer whether or not the number has an account."""

    phone_number = serializers.CharField()
    purpose = serializers.ChoiceField(choices=OtpPurpose.choices)
    code_ttl_seconds = serializers.IntegerField()
    resend_after_seconds = serializers.IntegerField()


def code_sent(*, phone_number: str, purpose: str) -> dict:
    return {
        "phone_number": phone_number,
        "purpose": purpose,
        "code_ttl_seconds": settings.OTP_CODE_TTL_SECONDS,
        "resend_after_seconds": settings.OTP_RESEND_COOLDOWN_SECONDS,
    }
