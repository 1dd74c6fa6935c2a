"""The courier's mobile flow: own deliveries only (anyone else's is a 404), status updates,
location pings, handover confirmation, failure and the shift switch."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from apps.core.permissions import IsCourier
from apps.core.schema import errors
from apps.orders.models import PaymentMethod

from .. import selectors, services
from ..models import (
    ACTIVE_STATUSES,
    COURIER_STATUS_UPDATES,
    REPORTED_FAILURE_REASONS,
    Delivery,
    DeliveryStatus,
)
from ..state import delivery_next_statuses
from .common import (
    COORDINATE,
    MONEY,
    CourierLocationOutput,
    DeliveryPickupPointOutput,
    coordinate_input,
    rounded,
)


class CashMixin(serializers.Serializer):
    order_id = serializers.IntegerField(
        source="order.id", help_text="For `POST /payments/cash/confirm/`."
    )
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, source="order.payment_method"
    )
    cash_to_collect = serializers.SerializerMethodField()
    cash_received = serializers.SerializerMethodField(
        help_text="A cash order whose cash has been recorded as received (always false for "
        "orders paid online)."
    )

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_cash_to_collect(self, delivery) -> str:
        return str(selectors.cash_to_collect(order=delivery.order))

    def get_cash_received(self, delivery) -> bool:
        return selectors.cash_received(order=delivery.order)


class CourierDeliveryListOutput(CashMixin):
    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempt = serializers.IntegerField()
    address_text = serializers.CharField()
    customer_first_name = serializers.CharField(source="order.customer.first_name")
    items_count = serializers.IntegerField()
    eta_earliest = serializers.DateTimeField(allow_null=True)
    eta_latest = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class CourierDeliveryItemOutput(serializers.Serializer):
    name = serializers.CharField(source="product_name")
    quantity = serializers.IntegerField()


class DeliveryHandoverOutput(serializers.Serializer):
    code_sent_at = serializers.DateTimeField(allow_null=True, source="handover_code_sent_at")
    attempts_left = serializers.SerializerMethodField()
    is_locked = serializers.SerializerMethodField()

    def get_attempts_left(self, delivery) -> int:
        return max(settings.DELIVERY_HANDOVER_MAX_ATTEMPTS - delivery.handover_failed_attempts, 0)

    def get_is_locked(self, delivery) -> bool:
        return self.get_attempts_left(delivery) == 0


class CourierDeliveryDetailOutput(CashMixin):
    """What the courier needs at the door: never prescriptions, and the customer's phone only
    while the delivery is theirs to carry."""

    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    next_statuses = serializers.SerializerMethodField()
    attempt = serializers.IntegerField()
    address_text = serializers.CharField()
    latitude = serializers.DecimalField(**COORDINATE, allow_null=True)
    longitude = serializers.DecimalField(**COORDINATE, allow_null=True)
    customer_first_name = serializers.CharField(source="order.customer.first_name")
    customer_phone = serializers.SerializerMethodField()
    customer_note = serializers.CharField(source="order.customer_note")
    items = CourierDeliveryItemOutput(many=True, source="order.items.all")
    pickup_point = DeliveryPickupPointOutput(allow_null=True)
    eta_earliest = serializers.DateTimeField(allow_null=True)
    eta_latest = serializers.DateTimeField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)
    picked_up_at = serializers.DateTimeField(allow_null=True)
    on_the_way_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    failed_at = serializers.DateTimeField(allow_null=True)
    failure_reason = serializers.CharField()
    proof_method = serializers.CharField()
    handover = DeliveryHandoverOutput(source="*")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_statuses(self, delivery) -> list[str]:
        return delivery_next_statuses(delivery=delivery, actor=self.context["request"].user)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_customer_phone(self, delivery) -> str | None:
        if delivery.status not in ACTIVE_STATUSES:
            return None
        return delivery.order.customer.phone_number


def courier_delivery_response(request, delivery_id: int, status_code: int = 200) -> Response:
    delivery = selectors.courier_delivery_get(courier=request.user, delivery_id=delivery_id)
    body = CourierDeliveryDetailOutput(delivery, context={"request": request}).data
    return Response(body, status=status_code)


class CourierDeliveryListView(generics.ListAPIView):
    """The courier's own deliveries: `state=active` (default) or `state=done`."""

    permission_classes = [IsCourier]
    serializer_class = CourierDeliveryListOutput
    queryset = Delivery.objects.none()  # for the schema; get_queryset() answers requests

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=["active", "done"], description="Default: active")
        ],
        responses={200: CourierDeliveryListOutput(many=True), **errors(400, 401, 403, 404)},
        summary="My deliveries (courier)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        state = self.request.query_params.get("state", "active")
        if state not in ("active", "done"):
            raise serializers.ValidationError({"state": [_("Use active or done.")]})
        return selectors.courier_delivery_list(courier=self.request.user, done=state == "done")


class CourierDeliveryDetailView(APIView):
    permission_classes = [IsCourier]

    @extend_schema(
        responses={200: CourierDeliveryDetailOutput, **errors(401, 403, 404)},
        summary="One of my deliveries (courier)",
    )
    def get(self, request, delivery_id: int):
        return courier_delivery_response(request, delivery_id)


class CourierDeliveryStatusView(APIView):
    """Picked up at the pharmacy, then on the way (the customer gets the handover code)."""

    permission_classes = [IsCourier]

    class StatusInput(serializers.Serializer):
        status = serializers.ChoiceField(choices=COURIER_STATUS_UPDATES)

    @extend_schema(
        request=StatusInput,
        responses={
            200: CourierDeliveryDetailOutput,
            **errors(
                400, 401, 403, 404, 409, s409="invalid_delivery_transition, invalid_transition"
            ),
        },
        summary="Update my delivery's status (courier)",
    )
    def post(self, request, delivery_id: int):
        data = self.StatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = selectors.courier_delivery_get(courier=request.user, delivery_id=delivery_id)
        services.delivery_status_update(
            delivery=delivery, actor=request.user, to=data.validated_data["status"]
        )
        return courier_delivery_response(request, delivery_id)


class CourierDeliveryFailView(APIView):
    """The parcel could not be handed over; the courier brings it back to the pharmacy."""

    permission_classes = [IsCourier]

    class FailInput(serializers.Serializer):
        reason = serializers.ChoiceField(choices=REPORTED_FAILURE_REASONS)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        request=FailInput,
        responses={
            200: CourierDeliveryDetailOutput,
            **errors(
                400, 401, 403, 404, 409, s400="reason_required", s409="invalid_delivery_transition"
            ),
        },
        summary="Report a failed delivery (courier)",
    )
    def post(self, request, delivery_id: int):
        data = self.FailInput(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = selectors.courier_delivery_get(courier=request.user, delivery_id=delivery_id)
        services.delivery_fail(
            delivery=delivery,
            actor=request.user,
            reason=data.validated_data["reason"],
            note=data.validated_data.get("note", ""),
        )
        return courier_delivery_response(request, delivery_id)


class CourierDeliveryLocationView(APIView):
    """Where the courier is now, while carrying the parcel (at most one ping per delivery
    every DELIVERY_LOCATION_MIN_INTERVAL_SECONDS)."""

    permission_classes = [IsCourier]

    class LocationInput(serializers.Serializer):
        latitude = coordinate_input(-90, 90)
        longitude = coordinate_input(-180, 180)
        accuracy_m = serializers.IntegerField(min_value=0, max_value=100_000, required=False)

    @extend_schema(
        request=LocationInput,
        responses={
            201: CourierLocationOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                429,
                s409="delivery_not_in_transit",
                s429="location_too_frequent",
            ),
        },
        summary="Send my location (courier)",
    )
    def post(self, request, delivery_id: int):
        data = self.LocationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        delivery = selectors.courier_delivery_get(courier=request.user, delivery_id=delivery_id)
        ping = services.delivery_location_record(
            delivery=delivery,
            courier=request.user,
            latitude=rounded(values["latitude"]),
            longitude=rounded(values["longitude"]),
            accuracy_m=values.get("accuracy_m"),
        )
        return Response(CourierLocationOutput(ping).data, status=status.HTTP_201_CREATED)


class CourierDeliveryConfirmView(APIView):
    """Hand the parcel over: with the customer's 4-digit code (JSON `{"code"}`), or with a
    photo and a note when they cannot give it (multipart `photo`, `note`)."""

    permission_classes = [IsCourier]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "delivery_confirm"

    class ConfirmInput(serializers.Serializer):
        code = serializers.RegexField(r"^[0-9]{4}$", required=False)
        photo = serializers.FileField(required=False, allow_empty_file=False)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

        def validate(self, attrs):
            if ("code" in attrs) == ("photo" in attrs):
                raise serializers.ValidationError(_("Send either the code or a photo."))
            return attrs

    @extend_schema(
        request={
            "application/json": ConfirmInput,
            "multipart/form-data": ConfirmInput,
        },
        responses={
            200: CourierDeliveryDetailOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                429,
                s400=(
                    "handover_code_invalid (details.attempts_left), proof_note_required, "
                    "image_rejected, image_too_large, image_type_not_allowed"
                ),
                s409="handover_code_locked, handover_code_missing, invalid_delivery_transition",
            ),
        },
        summary="Confirm the handover (courier)",
    )
    def post(self, request, delivery_id: int):
        data = self.ConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        delivery = selectors.courier_delivery_get(courier=request.user, delivery_id=delivery_id)
        services.delivery_confirm(
            delivery=delivery,
            courier=request.user,
            code=values.get("code"),
            photo=values.get("photo"),
            note=values.get("note", ""),
        )
        return courier_delivery_response(request, delivery_id)


class CourierShiftOutput(serializers.Serializer):
    on_shift = serializers.BooleanField()
    started_at = serializers.DateTimeField(allow_null=True)
    active_deliveries = serializers.IntegerField()
    max_active_deliveries = serializers.IntegerField()


class CourierShiftView(APIView):
    """The courier's shift: read it, or set `on_shift` (setting the current value again is a
    no-op, so a double tap cannot flip it back)."""

    permission_classes = [IsCourier]

    class ShiftInput(serializers.Serializer):
        on_shift = serializers.BooleanField()

    @extend_schema(
        responses={200: CourierShiftOutput, **errors(401, 403)}, summary="My shift (courier)"
    )
    def get(self, request):
        return Response(
            CourierShiftOutput(selectors.courier_shift_state(courier=request.user)).data
        )

    @extend_schema(
        request=ShiftInput,
        responses={
            200: CourierShiftOutput,
            **errors(400, 401, 403, 409, s409="courier_has_active_deliveries"),
        },
        summary="Start or end my shift (courier)",
    )
    def post(self, request):
        data = self.ShiftInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.courier_shift_set(courier=request.user, on_shift=data.validated_data["on_shift"])
        return Response(
            CourierShiftOutput(selectors.courier_shift_state(courier=request.user)).data
        )
