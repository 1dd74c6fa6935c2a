"""/api/v1/notifications/: the user's in-app inbox and preferences, admins' templates,
statistics and broadcasts, the SMS gateway's delivery receipts, and (DEBUG only) the
development SMS outbox."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import StandardPagination
from apps.core.permissions import IsAdmin
from apps.core.phone import normalize_phone

from . import dev_outbox, selectors, services
from .models import (
    BroadcastSegment,
    Channel,
    NotificationTemplate,
    NotificationType,
)
from .permissions import HasSmsCallbackSecret
from .policy import BROADCAST_CHANNEL_CHOICES, BROADCAST_CHANNELS, BROADCAST_TYPE_CHOICES
from .rendering import template_variables

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


def _errors(*codes: int) -> dict:
    return {code: OpenApiResponse(_ERROR, description=_ERROR_TEXT[code]) for code in codes}


# --- The user's inbox -----------------------------------------------------------------------------


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=NotificationType.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    data = serializers.JSONField(source="payload")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.SerializerMethodField()

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class NotificationListView(ListAPIView):
    """The caller's own in-app notifications, newest first; `?unread=true` for unread only."""

    serializer_class = NotificationOutput
    pagination_class = StandardPagination
    filter_backends: list = []

    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, allow_null=True, default=None)

    def get_queryset(self):
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.inbox_list(user=self.request.user, **filters.validated_data)

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only unread (or read).")
        ],
        responses={200: NotificationOutput(many=True), **_errors(400, 401, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationMarkReadView(APIView):
    @extend_schema(request=None, responses={200: NotificationOutput, **_errors(401, 404)})
    def post(self, request, pk: int):
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationOutput(notification).data)


class NotificationMarkAllReadView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()}),
            **_errors(401),
        },
    )
    def post(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})


class NotificationUnreadCountView(APIView):
    @extend_schema(
        responses={
            200: inline_serializer("NotificationsUnread", {"unread": serializers.IntegerField()}),
            **_errors(401),
        }
    )
    def get(self, request):
        return Response({"unread": selectors.inbox_unread_count(user=request.user)})


class NotificationPreferenceOutput(serializers.Serializer):
    muted_channels = serializers.ListField(child=serializers.ChoiceField(Channel.choices))
    muted_types = serializers.ListField(child=serializers.ChoiceField(NotificationType.choices))
    quiet_hours_start = serializers.TimeField(allow_null=True)
    quiet_hours_end = serializers.TimeField(allow_null=True)
    mutable_channels = serializers.SerializerMethodField()
    mutable_types = serializers.SerializerMethodField()
    always_on_types = serializers.SerializerMethodField()

    def _options(self) -> dict:
        return selectors.preference_options(role=self.context["role"])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mutable_channels(self, preference) -> list[str]:
        return self._options()["mutable_channels"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mutable_types(self, preference) -> list[str]:
        return self._options()["mutable_types"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_always_on_types(self, preference) -> list[str]:
        return self._options()["always_on_types"]


class PreferenceView(APIView):
    """What the caller receives. Only optional types (promotions, announcements, staff stock
    alerts) and channels can be muted; codes and messages about the caller's own orders always
    go out. Quiet hours (local time) hold promotions back until they end."""

    class NotificationPreferenceInput(serializers.Serializer):
        muted_channels = serializers.ListField(
            child=serializers.ChoiceField(Channel.choices), max_length=len(Channel.values)
        )
        muted_types = serializers.ListField(
            child=serializers.ChoiceField(NotificationType.choices),
            max_length=len(NotificationType.values),
        )
        quiet_hours_start = serializers.TimeField(allow_null=True)
        quiet_hours_end = serializers.TimeField(allow_null=True)

    @extend_schema(responses={200: NotificationPreferenceOutput, **_errors(401)})
    def get(self, request):
        preference = selectors.preference_for(user=request.user)
        return Response(
            NotificationPreferenceOutput(preference, context={"role": request.user.role}).data
        )

    @extend_schema(
        request=NotificationPreferenceInput,
        responses={200: NotificationPreferenceOutput, **_errors(400, 401)},
    )
    def put(self, request):
        data = self.NotificationPreferenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        preference = services.notification_preferences_update(
            user=request.user, **data.validated_data
        )
        return Response(
            NotificationPreferenceOutput(preference, context={"role": request.user.role}).data
        )


# --- Admins: templates, statistics, broadcasts ----------------------------------------------------


class NotificationTemplateOutput(serializers.ModelSerializer):
    required_placeholders = serializers.SerializerMethodField()
    allowed_placeholders = serializers.SerializerMethodField()

    class Meta:
        model = NotificationTemplate
        fields = [
            "id",
            "type",
            "language",
            "title",
            "body",
            "is_active",
            "required_placeholders",
            "allowed_placeholders",
            "updated_at",
            "updated_by",
        ]

    def get_required_placeholders(self, template) -> list[str]:
        return sorted(template_variables(template.type)[0])

    def get_allowed_placeholders(self, template) -> list[str]:
        return sorted(template_variables(template.type)[1])


class NotificationTemplateInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=NotificationType.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    title = serializers.CharField(max_length=200, allow_blank=True, default="")
    body = serializers.CharField(max_length=2000, trim_whitespace=False)
    is_active = serializers.BooleanField(default=True)


class TemplateListView(ListAPIView):
    """Admins' texts per type and language, replacing the built-in defaults. Placeholders are
    `{name}`; a template with an unknown placeholder, or without one its type requires (an
    OTP without `{code}`), is refused."""

    permission_classes = [IsAdmin]
    serializer_class = NotificationTemplateOutput
    pagination_class = StandardPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.template_list()

    @extend_schema(responses={200: NotificationTemplateOutput(many=True), **_errors(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=NotificationTemplateInput,
        responses={201: NotificationTemplateOutput, **_errors(400, 401, 403, 409)},
    )
    def post(self, request):
        data = NotificationTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_create(actor=request.user, **data.validated_data)
        return Response(NotificationTemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(responses={200: NotificationTemplateOutput, **_errors(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(NotificationTemplateOutput(selectors.template_get(template_id=pk)).data)

    @extend_schema(
        request=NotificationTemplateInput,
        responses={200: NotificationTemplateOutput, **_errors(400, 401, 403, 404, 409)},
    )
    def put(self, request, pk: int):
        data = NotificationTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_update(
            actor=request.user,
            template=selectors.template_get(template_id=pk),
            **data.validated_data,
        )
        return Response(NotificationTemplateOutput(template).data)

    @extend_schema(responses={204: None, **_errors(401, 403, 404)})
    def delete(self, request, pk: int):
        services.template_delete(template=selectors.template_get(template_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationStatsOutput(serializers.Serializer):
    class NotificationStatsChannelCount(serializers.Serializer):
        channel = serializers.ChoiceField(choices=Channel.choices)
        status = serializers.CharField()
        count = serializers.IntegerField()

    class NotificationStatsReceipts(serializers.Serializer):
        delivered = serializers.IntegerField()
        undelivered = serializers.IntegerField()
        unknown = serializers.IntegerField()

    class NotificationStatsSmsDay(serializers.Serializer):
        date = serializers.DateField()
        messages = serializers.IntegerField()
        segments = serializers.IntegerField()
        cost = serializers.DecimalField(max_digits=14, decimal_places=2)
        blocked = serializers.IntegerField()

    class NotificationStatsBudget(serializers.Serializer):
        budget = serializers.DecimalField(max_digits=14, decimal_places=2)
        spent_today = serializers.DecimalField(max_digits=14, decimal_places=2)
        remaining_today = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
        exhausted = serializers.BooleanField()

    date_from = serializers.DateField()
    date_to = serializers.DateField()
    by_channel = NotificationStatsChannelCount(many=True)
    sms_receipts = NotificationStatsReceipts()
    sms_days = NotificationStatsSmsDay(many=True)
    sms_budget = NotificationStatsBudget()


class StatsView(APIView):
    """Messages per channel and status, SMS delivery receipts, SMS volume and cost per day
    (local days, at most 92 at a time; the last 7 by default) and today's SMS budget."""

    permission_classes = [IsAdmin]
    MAX_DAYS = 92

    class FilterSerializer(serializers.Serializer):
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

        def validate(self, attrs):
            date_to = attrs.get("date_to") or timezone.localdate()
            date_from = attrs.get("date_from") or date_to - timedelta(days=6)
            if date_from > date_to or (date_to - date_from).days >= StatsView.MAX_DAYS:
                raise serializers.ValidationError(
                    {"date_from": _("Give a range of 1 to 92 days, date_from first.")}
                )
            return {"date_from": date_from, "date_to": date_to}

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ],
        responses={200: NotificationStatsOutput, **_errors(400, 401, 403)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return Response(
            NotificationStatsOutput(selectors.delivery_stats(**filters.validated_data)).data
        )


class NotificationBroadcastOutput(serializers.Serializer):
    id = serializers.IntegerField()
    segment = serializers.ChoiceField(choices=BroadcastSegment.choices)
    type = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    recipients = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)


class NotificationBroadcastInput(serializers.Serializer):
    class NotificationBroadcastMessage(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        message = serializers.CharField(max_length=1000)

    segment = serializers.ChoiceField(choices=BroadcastSegment.choices)
    type = serializers.ChoiceField(choices=BROADCAST_TYPE_CHOICES)
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=BROADCAST_CHANNEL_CHOICES),
        min_length=1,
        max_length=len(BROADCAST_CHANNELS),
    )
    messages = serializers.DictField(child=NotificationBroadcastMessage())

    def validate_messages(self, messages: dict) -> dict:
        codes = {code for code, _name in settings.LANGUAGES}
        if settings.LANGUAGE_CODE not in messages or set(messages) - codes:
            raise serializers.ValidationError(
                _("Give the message per language (%(codes)s); %(default)s is required.")
                % {"codes": ", ".join(sorted(codes)), "default": settings.LANGUAGE_CODE}
            )
        return messages


class BroadcastListView(ListAPIView):
    """Send one message to a segment (all customers, all couriers...) through the outbox, in
    batches. Recipients' preferences and quiet hours apply (these types are optional)."""

    permission_classes = [IsAdmin]
    serializer_class = NotificationBroadcastOutput
    pagination_class = StandardPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.broadcast_list()

    @extend_schema(
        responses={200: NotificationBroadcastOutput(many=True), **_errors(401, 403, 404)}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=NotificationBroadcastInput,
        responses={201: NotificationBroadcastOutput, **_errors(400, 401, 403)},
    )
    def post(self, request):
        data = NotificationBroadcastInput(data=request.data)
        data.is_valid(raise_exception=True)
        broadcast = services.broadcast_create(actor=request.user, **data.validated_data)
        return Response(NotificationBroadcastOutput(broadcast).data, status=status.HTTP_201_CREATED)


# --- The SMS gateway and development --------------------------------------------------------------


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
            **_errors(400, 403, 404),
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
