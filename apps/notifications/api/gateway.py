"""Delivery receipts from the SMS gateway, and the development SMS outbox."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.phone import normalize_phone
from apps.core.schema import errors

from .. import dev_outbox, selectors, services
from ..permissions import HasSmsCallbackSecret


class SmsDeliveryReportView(APIView):
    """Delivery receipts from the SMS gateway (Eskiz `callback_url` style): the message id the
    gateway gave when it took the message, and its status (`DELIVRD`, `UNDELIV`, `EXPIRED`,
    `REJECTD`, ...). Authenticated by SMS_CALLBACK_SECRET (`X-Callback-Secret` header or
    `secret` query parameter)."""

    authentication_classes: list = []
    permission_classes = [HasSmsCallbackSecret]

    class SmsDeliveryReportInput(serializers.Serializer):
        id = serializers.CharField(max_length=100, required=False)
        message_id = serializers.CharField(max_length=100, required=False)
        request_id = serializers.CharField(max_length=100, required=False)
        status = serializers.CharField(max_length=30)

    @extend_schema(
        request=SmsDeliveryReportInput,
        parameters=[OpenApiParameter("secret", OpenApiTypes.STR, required=False)],
        responses={
            200: inline_serializer(
                "SmsDeliveryReported", {"delivery_status": serializers.CharField()}
            ),
            **errors(400, 403, 404),
        },
    )
    def post(self, request):
        data = self.SmsDeliveryReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = data.validated_data
        notification = services.notification_delivery_report(
            provider_message_ids=[
                report.get(key, "") for key in ("message_id", "id", "request_id")
            ],
            status=report["status"],
        )
        return Response({"delivery_status": notification.delivery_status})


class DevSmsOutboxView(APIView):
    """DEBUG with the console SMS provider only: the last SMS texts (codes included) sent to a
    phone, for the embedded shop and browser tests. 404 everywhere else."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        if not dev_outbox.is_enabled():
            raise Http404
        phone = normalize_phone(request.query_params.get("phone", ""))
        return Response({"phone": phone, "messages": selectors.dev_sms_messages(phone=phone)})
