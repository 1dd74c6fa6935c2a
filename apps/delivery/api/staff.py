"""Pharmacy staff: the queue of deliveries still at the pharmacy, the couriers on shift,
assigning couriers and viewing proof-of-delivery photos."""

import mimetypes

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsStaff
from apps.core.schema import errors

from .. import selectors, services
from ..models import CourierShift, Delivery, DeliveryStatus


class CourierBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    phone_number = serializers.CharField(allow_null=True)


class DeliveryZoneBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StaffDeliveryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempt = serializers.IntegerField()
    courier = CourierBriefOutput(allow_null=True)
    zone = DeliveryZoneBriefOutput(allow_null=True)
    address_text = serializers.CharField()
    eta_earliest = serializers.DateTimeField(allow_null=True)
    eta_latest = serializers.DateTimeField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)


class StaffQueueDeliveryOutput(StaffDeliveryOutput):
    waiting_since = serializers.DateTimeField(
        source="created_at", help_text="When the order became ready for delivery."
    )
    order_created_at = serializers.DateTimeField(source="order.created_at")
    payment_method = serializers.CharField(source="order.payment_method")
    total = serializers.DecimalField(max_digits=14, decimal_places=2, source="order.total")
    customer_name = serializers.CharField(source="order.customer.get_full_name")


class StaffDeliveryQueueView(generics.ListAPIView):
    """Operators and admins: deliveries still at the pharmacy, oldest first: waiting for a
    courier (`ready`) or for their courier to pick them up (`assigned`, may be reassigned)."""

    permission_classes = [IsStaff]
    serializer_class = StaffQueueDeliveryOutput
    filter_backends: list = []  # the order is the queue's own
    queryset = Delivery.objects.none()  # for the schema; get_queryset() answers requests

    @extend_schema(
        responses={200: StaffQueueDeliveryOutput(many=True), **errors(401, 403, 404)},
        summary="Deliveries waiting at the pharmacy (staff)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.staff_delivery_queue()


class CourierOnShiftOutput(serializers.Serializer):
    id = serializers.IntegerField(source="courier.id")
    first_name = serializers.CharField(source="courier.first_name")
    last_name = serializers.CharField(source="courier.last_name")
    phone_number = serializers.CharField(source="courier.phone_number", allow_null=True)
    shift_started_at = serializers.DateTimeField(source="started_at")
    active_deliveries = serializers.IntegerField()
    max_active_deliveries = serializers.SerializerMethodField()

    def get_max_active_deliveries(self, shift) -> int:
        return settings.DELIVERY_MAX_ACTIVE_PER_COURIER


class CouriersOnShiftView(generics.ListAPIView):
    """Operators and admins: the couriers on shift now with their load, least loaded first
    (whom a delivery can be given to)."""

    permission_classes = [IsStaff]
    serializer_class = CourierOnShiftOutput
    filter_backends: list = []  # the order is the queue's own
    queryset = CourierShift.objects.none()  # for the schema; get_queryset() answers requests

    @extend_schema(
        responses={200: CourierOnShiftOutput(many=True), **errors(401, 403, 404)},
        summary="Couriers on shift and their load (staff)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.couriers_on_shift()


class AssignCourierView(APIView):
    """Operators give a delivery that has not left the pharmacy to a courier, or (without
    `courier_id`) to the least-loaded courier on shift."""

    permission_classes = [IsStaff]

    class AssignInput(serializers.Serializer):
        delivery_id = serializers.IntegerField(min_value=1, required=False)
        order_number = serializers.CharField(max_length=16, required=False)
        courier_id = serializers.IntegerField(
            min_value=1, required=False, help_text="Leave out to auto-assign."
        )

        def validate(self, attrs):
            if ("delivery_id" in attrs) == ("order_number" in attrs):
                raise serializers.ValidationError(_("Give either delivery_id or order_number."))
            return attrs

    @extend_schema(
        request=AssignInput,
        responses={
            200: StaffDeliveryOutput,
            **errors(
                400,
                401,
                403,
                409,
                s400="delivery_not_found, courier_not_found",
                s409=(
                    "courier_off_shift, courier_at_capacity, no_courier_available, "
                    "invalid_delivery_transition"
                ),
            ),
        },
        summary="Assign a courier (staff)",
    )
    def post(self, request):
        data = self.AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        delivery = services.courier_assign(
            actor=request.user,
            delivery_id=values.get("delivery_id"),
            order_number=values.get("order_number"),
            courier_id=values.get("courier_id"),
        )
        return Response(StaffDeliveryOutput(selectors.delivery_get(delivery_id=delivery.pk)).data)


class ProofPhotoView(APIView):
    """The photo a courier took as proof of delivery, for pharmacy staff only. Served from
    private storage (never a public media URL), through nginx when it is configured to."""

    permission_classes = [IsStaff]

    @extend_schema(
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The photo."),
            **errors(401, 403, 404),
        },
        summary="Proof-of-delivery photo (staff)",
    )
    def get(self, request, delivery_id: int):
        delivery = selectors.proof_photo_get(user=request.user, delivery_id=delivery_id)
        name = delivery.proof_photo.name
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if settings.PRIVATE_MEDIA_ACCEL_PREFIX:
            response = HttpResponse(content_type=content_type)
            prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX.rstrip("/")
            response["X-Accel-Redirect"] = f"{prefix}/{name}"
        else:
            response = FileResponse(delivery.proof_photo.open("rb"), content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
