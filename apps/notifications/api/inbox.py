"""The caller's own in-app notifications and what the caller chooses to receive."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import StandardPagination
from apps.core.schema import errors

from .. import selectors, services
from ..models import Channel, NotificationType


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
        responses={200: NotificationOutput(many=True), **errors(400, 401, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationMarkReadView(APIView):
    @extend_schema(request=None, responses={200: NotificationOutput, **errors(401, 404)})
    def post(self, request, pk: int):
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationOutput(notification).data)


class NotificationMarkAllReadView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()}),
            **errors(401),
        },
    )
    def post(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})


class NotificationUnreadCountView(APIView):
    @extend_schema(
        responses={
            200: inline_serializer("NotificationsUnread", {"unread": serializers.IntegerField()}),
            **errors(401),
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

    @extend_schema(responses={200: NotificationPreferenceOutput, **errors(401)})
    def get(self, request):
        preference = selectors.preference_for(user=request.user)
        return Response(
            NotificationPreferenceOutput(preference, context={"role": request.user.role}).data
        )

    @extend_schema(
        request=NotificationPreferenceInput,
        responses={200: NotificationPreferenceOutput, **errors(400, 401)},
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
