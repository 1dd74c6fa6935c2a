"""The signed-in user's own account: profile, phone change, data export, deletion."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from ..http import client_info
from ..models import OtpPurpose
from ..selectors import user_data_export
from ..services.profile import (
    phone_change_confirm,
    phone_change_request,
    user_anonymise,
    user_profile_update,
)
from .common import (
    CodeField,
    CodeSentOutputSerializer,
    PasswordField,
    PhoneNumberField,
    UserOutputSerializer,
    code_sent,
)
from .schema import DeleteWithBodySchema, errors

TAGS = ["me"]


class PasswordCheckThrottle(UserRateThrottle):
    scope = "auth_password"


class MeApi(APIView):
    schema = DeleteWithBodySchema()

    class ProfileUpdateInputSerializer(serializers.Serializer):
        """Only these are writable; anything else in the body (role, flags, phone) is ignored."""

        first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    class AccountDeleteInputSerializer(serializers.Serializer):
        password = PasswordField()

    def get_throttles(self):
        # Deleting checks the password: it shares the bucket of the other password checks.
        if self.request.method == "DELETE":
            return [PasswordCheckThrottle()]
        return super().get_throttles()

    @extend_schema(
        tags=TAGS,
        summary="My profile",
        responses={200: UserOutputSerializer, **errors(401)},
    )
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        tags=TAGS,
        summary="Change my name or language",
        description="Role, verification, staff flags and the phone number are not writable "
        "here; they are ignored if sent. The phone changes through `me/phone/`.",
        request=ProfileUpdateInputSerializer,
        responses={200: UserOutputSerializer, **errors(400, 401)},
    )
    def patch(self, request):
        data = self.ProfileUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_profile_update(user=request.user, **data.validated_data)
        return Response(UserOutputSerializer(user).data)

    @extend_schema(
        tags=TAGS,
        summary="Delete my account (anonymise it)",
        description="Needs the password. Personal data is scrubbed and sign-in ends for good; "
        "orders are kept for accounting without the personal data. Staff and courier accounts "
        "are closed by an administrator.",
        request=AccountDeleteInputSerializer,
        responses={
            204: None,
            **errors(400, 401, 403, 429, s400="wrong_password", s403="account_managed_by_admin"),
        },
    )
    def delete(self, request):
        data = self.AccountDeleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_anonymise(user=request.user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PhoneChangeApi(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_otp_send"

    class PhoneChangeInputSerializer(serializers.Serializer):
        new_phone_number = PhoneNumberField()
        password = PasswordField()

    @extend_schema(
        tags=TAGS,
        summary="Change my phone number: a code is sent to the new number",
        request=PhoneChangeInputSerializer,
        responses={
            202: CodeSentOutputSerializer,
            **errors(
                400,
                401,
                429,
                s400="wrong_password, same_phone_number",
                s429="otp_cooldown, otp_hourly_limit, sms_budget_exhausted",
            ),
        },
    )
    def post(self, request):
        data = self.PhoneChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone_change_request(user=request.user, **data.validated_data, client=client_info(request))
        body = code_sent(
            phone_number=data.validated_data["new_phone_number"],
            purpose=OtpPurpose.PHONE_CHANGE,
        )
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PhoneChangeConfirmApi(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_otp_verify"

    class PhoneChangeConfirmInputSerializer(serializers.Serializer):
        new_phone_number = PhoneNumberField()
        code = CodeField()

    @extend_schema(
        tags=TAGS,
        summary="Confirm the new phone number with the code sent to it",
        request=PhoneChangeConfirmInputSerializer,
        responses={
            200: UserOutputSerializer,
            **errors(
                400,
                401,
                409,
                429,
                s400="otp_invalid, otp_expired, otp_attempts_exceeded",
                s409="phone_number_taken",
            ),
        },
    )
    def post(self, request):
        data = self.PhoneChangeConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = phone_change_confirm(user=request.user, **data.validated_data)
        return Response(UserOutputSerializer(user).data)


class ExportApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Export my data (JSON)",
        description="Profile, accepted terms, addresses, sign-in history, code requests and "
        "role history, plus the sections other apps add (orders, prescriptions, "
        "notifications...). Only the caller's own data.",
        responses={
            200: inline_serializer(
                "UserDataExport",
                {
                    "exported_at": serializers.DateTimeField(),
                    "profile": serializers.DictField(),
                    "terms_acceptances": serializers.ListField(child=serializers.DictField()),
                    "addresses": serializers.ListField(child=serializers.DictField()),
                    "login_history": serializers.ListField(child=serializers.DictField()),
                    "code_requests": serializers.ListField(child=serializers.DictField()),
                    "role_history": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **errors(401),
        },
    )
    def get(self, request):
        return Response(user_data_export(user=request.user))
