"""Account management for administrators (`admin/`): find users, open operator and courier
accounts, change roles (audited), deactivate and reactivate."""

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsAdmin
from apps.core.roles import Role

from ..filters import UserFilter
from ..models import User
from ..selectors import user_get, user_list
from ..services.management import (
    STAFF_ACCOUNT_ROLE_CHOICES,
    staff_account_create,
    user_activate,
    user_deactivate,
    user_role_change,
)
from .common import PasswordField, PhoneNumberField
from .schema import errors

TAGS = ["users admin"]
ADMIN_ERRORS = errors(401, 403)
STATE_CONFLICTS = "own_account_change, account_deleted"


class ManagedUserOutputSerializer(serializers.ModelSerializer):
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
            "is_active",
            "is_verified",
            "is_staff",
            "date_joined",
            "last_login",
            "deleted_at",
        ]
        read_only_fields = fields


class ManagedUserListApi(generics.ListAPIView):
    permission_classes = [IsAdmin]
    serializer_class = ManagedUserOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = UserFilter

    class StaffAccountCreateInputSerializer(serializers.Serializer):
        phone_number = PhoneNumberField()
        password = PasswordField()
        role = serializers.ChoiceField(choices=STAFF_ACCOUNT_ROLE_CHOICES)
        first_name = serializers.CharField(max_length=150)
        last_name = serializers.CharField(max_length=150)
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    def get_queryset(self):
        return user_list()

    @extend_schema(
        tags=TAGS,
        summary="Find users (search by phone or name, filter by role and status)",
        responses={200: ManagedUserOutputSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Open an operator or courier account",
        request=StaffAccountCreateInputSerializer,
        responses={
            201: ManagedUserOutputSerializer,
            **errors(400, 401, 403, 409, s409="phone_number_taken"),
        },
    )
    def post(self, request):
        data = self.StaffAccountCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = staff_account_create(actor=request.user, **data.validated_data)
        return Response(ManagedUserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class ManagedUserDetailApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        tags=TAGS,
        summary="One user",
        responses={200: ManagedUserOutputSerializer, **errors(401, 403, 404)},
    )
    def get(self, request, user_id: int):
        return Response(ManagedUserOutputSerializer(user_get(user_id=user_id)).data)


class ManagedUserRoleApi(APIView):
    permission_classes = [IsAdmin]

    class RoleChangeInputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=Role.choices)
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(
        tags=TAGS,
        summary="Change a user's role (recorded in the audit trail)",
        request=RoleChangeInputSerializer,
        responses={
            200: ManagedUserOutputSerializer,
            **errors(400, 401, 403, 404, 409, s409=STATE_CONFLICTS),
        },
    )
    def post(self, request, user_id: int):
        data = self.RoleChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_role_change(
            actor=request.user, user=user_get(user_id=user_id), **data.validated_data
        )
        return Response(ManagedUserOutputSerializer(user).data)


class ManagedUserDeactivateApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        tags=TAGS,
        summary="Deactivate a user: sign-in blocked, tokens stop working at once",
        request=None,
        responses={
            200: ManagedUserOutputSerializer,
            **errors(401, 403, 404, 409, s409=STATE_CONFLICTS),
        },
    )
    def post(self, request, user_id: int):
        user = user_deactivate(actor=request.user, user=user_get(user_id=user_id))
        return Response(ManagedUserOutputSerializer(user).data)


class ManagedUserActivateApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        tags=TAGS,
        summary="Reactivate a deactivated user",
        request=None,
        responses={
            200: ManagedUserOutputSerializer,
            **errors(401, 403, 404, 409, s409=STATE_CONFLICTS),
        },
    )
    def post(self, request, user_id: int):
        user = user_activate(actor=request.user, user=user_get(user_id=user_id))
        return Response(ManagedUserOutputSerializer(user).data)
