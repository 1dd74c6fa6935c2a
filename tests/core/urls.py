"""A tiny API used only to exercise the shared error handling and pagination."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.core.errors import Conflict
from apps.core.permissions import IsStaff
from apps.users.models import User


class EchoView(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


class ConflictView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        raise Conflict("Already done.", details={"order": "A-1"}, code="already_done")


class StaffOnlyView(APIView):
    permission_classes = [IsStaff]

    def get(self, request):
        return Response({"ok": True})


class OncePerMinute(AnonRateThrottle):
    rate = "1/min"


class ThrottledView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [OncePerMinute]

    def get(self, request):
        return Response({"ok": True})


class BrokenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("boom")


class UserList(ListAPIView):
    permission_classes = [AllowAny]
    queryset = User.objects.order_by("pk")

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id"]

    serializer_class = OutputSerializer


urlpatterns = [
    path(
        "api/v1/",
        include(
            [
                path("echo/", EchoView.as_view()),
                path("conflict/", ConflictView.as_view()),
                path("staff/", StaffOnlyView.as_view()),
                path("throttled/", ThrottledView.as_view()),
                path("broken/", BrokenView.as_view()),
                path("users/", UserList.as_view()),
            ]
        ),
    ),
    path("", include("config.urls")),
]

handler404 = "apps.core.views.not_found"
handler500 = "apps.core.views.server_error"
