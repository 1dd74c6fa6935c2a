"""Admins: templates, delivery statistics and broadcasts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import StandardPagination
from apps.core.permissions import IsAdmin
from apps.core.schema import errors

from .. import selectors, services
from ..models import BroadcastSegment, Channel, NotificationTemplate, NotificationType
from ..policy import BROADCAST_CHANNEL_CHOICES, BROADCAST_CHANNELS, BROADCAST_TYPE_CHOICES
from ..rendering import template_variables


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

    @extend_schema(responses={200: NotificationTemplateOutput(many=True), **errors(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=NotificationTemplateInput,
        responses={201: NotificationTemplateOutput, **errors(400, 401, 403, 409)},
    )
    def post(self, request):
        data = NotificationTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_create(actor=request.user, **data.validated_data)
        return Response(NotificationTemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(responses={200: NotificationTemplateOutput, **errors(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(NotificationTemplateOutput(selectors.template_get(template_id=pk)).data)

    @extend_schema(
        request=NotificationTemplateInput,
        responses={200: NotificationTemplateOutput, **errors(400, 401, 403, 404, 409)},
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

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
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
        responses={200: NotificationStatsOutput, **errors(400, 401, 403)},
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

    @extend_schema(responses={200: NotificationBroadcastOutput(many=True), **errors(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=NotificationBroadcastInput,
        responses={201: NotificationBroadcastOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = NotificationBroadcastInput(data=request.data)
        data.is_valid(raise_exception=True)
        broadcast = services.broadcast_create(actor=request.user, **data.validated_data)
        return Response(NotificationBroadcastOutput(broadcast).data, status=status.HTTP_201_CREATED)
