"""The customer's view of a delivery on its way."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import errors

from .. import selectors
from ..models import DeliveryStatus, ProofMethod
from .common import CourierLocationOutput


class DeliveryTimelineOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, source="to_status")
    at = serializers.DateTimeField(source="created_at")


class TrackOutput(serializers.Serializer):
    order_number = serializers.CharField(source="order.number")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempt = serializers.IntegerField()
    courier_first_name = serializers.SerializerMethodField()
    eta_earliest = serializers.DateTimeField(allow_null=True)
    eta_latest = serializers.DateTimeField(allow_null=True)
    location = serializers.SerializerMethodField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    proof_method = serializers.ChoiceField(choices=[("", ""), *ProofMethod.choices])
    timeline = DeliveryTimelineOutput(many=True, source="history.all")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_courier_first_name(self, delivery) -> str | None:
        return delivery.courier.first_name if delivery.courier else None

    @extend_schema_field(CourierLocationOutput(allow_null=True))
    def get_location(self, delivery) -> dict | None:
        """The courier's last known position, only while the parcel is on its way here."""
        if delivery.status != DeliveryStatus.ON_THE_WAY or delivery.last_location_at is None:
            return None
        return {
            "latitude": str(delivery.last_latitude),
            "longitude": str(delivery.last_longitude),
            "recorded_at": serializers.DateTimeField().to_representation(delivery.last_location_at),
        }


class TrackView(APIView):
    """Where an order's delivery stands, for the order's customer and pharmacy staff (anyone
    else, and orders without a delivery: 404)."""

    @extend_schema(
        responses={200: TrackOutput, **errors(401, 404)}, summary="Track an order's delivery"
    )
    def get(self, request, order_number: str):
        delivery = selectors.delivery_track_get(user=request.user, order_number=order_number)
        return Response(TrackOutput(delivery).data)
