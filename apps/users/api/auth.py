"""Public authentication endpoints: registration, codes, login, tokens, passwords.

They carry no authentication (a stale Bearer header must not turn a login into a 401), are
throttled per client IP, and answer the same for known and unknown numbers."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ..http import client_info
from ..models import OtpPurpose
from ..services.auth import (
    otp_send,
    user_login_with_code,
    user_login_with_password,
    user_register,
    user_verify_phone,
)
from ..services.passwords import password_change, password_reset
from ..services.sessions import session_end, session_refresh, sessions_revoke_all
from .common import (
    CodeField,
    CodeSentOutputSerializer,
    PasswordField,
    PhoneNumberField,
    SessionOutputSerializer,
    TokenPairOutputSerializer,
    code_sent,
)
from .schema import errors

TAGS = ["auth"]
OTP_ERRORS = "otp_invalid, otp_expired, otp_attempts_exceeded"
SEND_LIMITS = "otp_cooldown, otp_hourly_limit, sms_budget_exhausted"


class PublicAuthApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]


class RegisterApi(PublicAuthApi):
    throttle_scope = "auth_otp_send"

    class RegisterInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        password = PasswordField()
        first_name = serializers.CharField(max_length=150)
        last_name = serializers.CharField(max_length=150)
        accepted_terms = serializers.BooleanField(
            help_text="The terms of service and privacy policy (current versions) are accepted."
        )
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

        def validate_accepted_terms(self, value):
            if value is not True:
                raise serializers.ValidationError(
                    _("Accept the terms of service and the privacy policy.")
                )
            return value

    @extend_schema(
        tags=TAGS,
        summary="Register with phone and password; a code is sent by SMS",
        request=RegisterInputSerializer,
        responses={201: CodeSentOutputSerializer, **errors(400, 429, s429=SEND_LIMITS)},
    )
    def post(self, request):
        data = self.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_register(
            phone_number=data.validated_data["phone_number"],
            password=data.validated_data["password"],
            first_name=data.validated_data["first_name"],
            last_name=data.validated_data["last_name"],
            language=data.validated_data.get("language", request.LANGUAGE_CODE),
            client=client_info(request),
        )
        body = code_sent(
            phone_number=data.validated_data["phone_number"], purpose=OtpPurpose.REGISTER
        )
        return Response(body, status=status.HTTP_201_CREATED)


class VerifyApi(PublicAuthApi):
    throttle_scope = "auth_otp_verify"

    class VerifyInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        code = CodeField()

    @extend_schema(
        tags=TAGS,
        summary="Confirm the phone with the registration code and sign in",
        request=VerifyInputSerializer,
        responses={200: SessionOutputSerializer, **errors(400, 429, s400=OTP_ERRORS)},
    )
    def post(self, request):
        data = self.VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = user_verify_phone(**data.validated_data, client=client_info(request))
        return Response(SessionOutputSerializer(session).data)


class OtpResendApi(PublicAuthApi):
    throttle_scope = "auth_otp_send"

    class OtpResendInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        purpose = serializers.ChoiceField(
            choices=[OtpPurpose.REGISTER, OtpPurpose.LOGIN, OtpPurpose.RESET]
        )

    @extend_schema(
        tags=TAGS,
        summary="Send a code (again) for registration, code login or password reset",
        description="Per phone: one code per cooldown and a few per hour. The answer is the "
        "same whether or not the number has an account.",
        request=OtpResendInputSerializer,
        responses={202: CodeSentOutputSerializer, **errors(400, 429, s429=SEND_LIMITS)},
    )
    def post(self, request):
        data = self.OtpResendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        otp_send(**data.validated_data, client=client_info(request))
        return Response(code_sent(**data.validated_data), status=status.HTTP_202_ACCEPTED)


class LoginApi(PublicAuthApi):
    throttle_scope = "auth_login"

    class LoginInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        password = PasswordField(required=False)
        code = CodeField(required=False, help_text="A login code from `otp/resend/`.")

        def validate(self, attrs):
            if ("password" in attrs) == ("code" in attrs):
                raise serializers.ValidationError(_("Send either a password or a code."))
            return attrs

    @extend_schema(
        tags=TAGS,
        summary="Sign in with phone and password (or a login code)",
        request=LoginInputSerializer,
        responses={
            200: SessionOutputSerializer,
            **errors(
                400,
                401,
                403,
                429,
                s400=OTP_ERRORS,
                s401="invalid_credentials",
                s403="phone_not_verified, account_inactive",
                s429="login_locked (this phone from this address, for a while)",
            ),
        },
    )
    def post(self, request):
        data = self.LoginInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        login = user_login_with_code if "code" in data.validated_data else user_login_with_password
        session = login(**data.validated_data, client=client_info(request))
        return Response(SessionOutputSerializer(session).data)


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenRefreshApi(PublicAuthApi):
    throttle_scope = "auth_token"

    @extend_schema(
        tags=TAGS,
        summary="Rotate a refresh token: a new pair; the old refresh token is dead",
        request=RefreshInputSerializer,
        responses={200: TokenPairOutputSerializer, **errors(400, 401, 429)},
    )
    def post(self, request):
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = session_refresh(refresh=data.validated_data["refresh"])
        return Response(TokenPairOutputSerializer(session).data)


class LogoutApi(PublicAuthApi):
    throttle_scope = "auth_token"

    @extend_schema(
        tags=TAGS,
        summary="Log out this session (blacklist its refresh token)",
        request=RefreshInputSerializer,
        responses={204: None, **errors(400, 401, 429)},
    )
    def post(self, request):
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session_end(refresh=data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        tags=TAGS,
        summary="Log out everywhere (revoke every refresh token of the user)",
        request=None,
        responses={204: None, **errors(401, 429)},
    )
    def post(self, request):
        sessions_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordForgotApi(PublicAuthApi):
    throttle_scope = "auth_otp_send"

    class PasswordForgotInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()

    @extend_schema(
        tags=TAGS,
        summary="Ask for a password reset code by SMS",
        description="The answer is the same whether or not the number has an account.",
        request=PasswordForgotInputSerializer,
        responses={202: CodeSentOutputSerializer, **errors(400, 429, s429=SEND_LIMITS)},
    )
    def post(self, request):
        data = self.PasswordForgotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone_number = data.validated_data["phone_number"]
        otp_send(phone_number=phone_number, purpose=OtpPurpose.RESET, client=client_info(request))
        body = code_sent(phone_number=phone_number, purpose=OtpPurpose.RESET)
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PasswordResetApi(PublicAuthApi):
    throttle_scope = "auth_otp_verify"

    class PasswordResetInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        code = CodeField()
        new_password = PasswordField()

    @extend_schema(
        tags=TAGS,
        summary="Set a new password with the reset code; every session ends",
        request=PasswordResetInputSerializer,
        responses={204: None, **errors(400, 429, s400=OTP_ERRORS)},
    )
    def post(self, request):
        data = self.PasswordResetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_password"

    class PasswordChangeInputSerializer(serializers.Serializer):
        old_password = PasswordField()
        new_password = PasswordField()

    @extend_schema(
        tags=TAGS,
        summary="Change the password; other sessions end, this one gets new tokens",
        request=PasswordChangeInputSerializer,
        responses={
            200: TokenPairOutputSerializer,
            **errors(400, 401, 429, s400="wrong_password"),
        },
    )
    def post(self, request):
        data = self.PasswordChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = password_change(user=request.user, **data.validated_data)
        return Response(TokenPairOutputSerializer(session).data)
