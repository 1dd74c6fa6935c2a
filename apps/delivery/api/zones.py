"""Where we deliver: zones, pickup points and quotes (customers see them before paying)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from apps.core.schema import errors

from .. import errors as delivery_errors
from .. import selectors
from ..selectors import QuoteRefusal, shop_local_time
from .common import COORDINATE, MONEY, DeliveryPickupPointOutput, coordinate_input, rounded


class DeliveryZoneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shape = serializers.SerializerMethodField()
    polygon = serializers.JSONField(
        allow_null=True,
        help_text="GeoJSON Polygon coordinates ([[[longitude, latitude], ...]]) or null.",
    )
    center_latitude = serializers.DecimalField(**COORDINATE, allow_null=True)
    center_longitude = serializers.DecimalField(**COORDINATE, allow_null=True)
    radius_km = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    fee = serializers.DecimalField(**MONEY)
    free_delivery_from = serializers.DecimalField(**MONEY, allow_null=True)
    min_order_total = serializers.DecimalField(**MONEY)
    eta_min_minutes = serializers.IntegerField()
    eta_max_minutes = serializers.IntegerField()
    opens_at = serializers.TimeField(allow_null=True, format="%H:%M")
    closes_at = serializers.TimeField(allow_null=True, format="%H:%M")
    is_open_now = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["polygon", "circle"]))
    def get_shape(self, zone) -> str:
        return "polygon" if zone.polygon is not None else "circle"

    def get_is_open_now(self, zone) -> bool:
        return zone.is_open_at(shop_local_time())


class ZoneListView(generics.ListAPIView):
    """Where we deliver, at what fee and how fast (public: shown before sign-in)."""

    permission_classes = [AllowAny]
    serializer_class = DeliveryZoneOutput

    @extend_schema(
        responses={200: DeliveryZoneOutput(many=True), **errors(404)}, summary="Delivery zones"
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.zone_list()


class PickupPointListView(generics.ListAPIView):
    """Pharmacies where orders can be collected, with their hours (public)."""

    permission_classes = [AllowAny]
    serializer_class = DeliveryPickupPointOutput

    @extend_schema(
        responses={200: DeliveryPickupPointOutput(many=True), **errors(404)},
        summary="Pickup points",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.pickup_point_list()


REFUSAL_MESSAGES = {
    QuoteRefusal.OUTSIDE_ZONES: delivery_errors.AddressOutsideZones.default_message,
    QuoteRefusal.OUTSIDE_HOURS: delivery_errors.OutsideDeliveryHours.default_message,
    QuoteRefusal.BELOW_MINIMUM: delivery_errors.BelowMinimumOrder.default_message,
}


class DeliveryQuoteOutput(serializers.Serializer):
    is_deliverable = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=["", *REFUSAL_MESSAGES], help_text="Why not (empty when deliverable)."
    )
    message = serializers.SerializerMethodField()
    zone = serializers.SerializerMethodField()
    fee = serializers.DecimalField(**MONEY, allow_null=True)
    eta_min_minutes = serializers.IntegerField(allow_null=True)
    eta_max_minutes = serializers.IntegerField(allow_null=True)
    free_delivery_from = serializers.DecimalField(**MONEY, allow_null=True)
    min_order_total = serializers.DecimalField(**MONEY, allow_null=True)
    opens_at = serializers.TimeField(allow_null=True, format="%H:%M")

    def get_message(self, quote) -> str:
        return str(REFUSAL_MESSAGES.get(quote.reason, ""))

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_zone(self, quote) -> dict | None:
        return {"id": quote.zone.pk, "name": quote.zone.name} if quote.zone else None


class QuoteView(APIView):
    """What delivery would cost now for a cart total, to a point or a saved address; or why
    it is not possible (outside every zone, outside delivery hours, below the minimum)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "delivery_quote"

    class QuoteInput(serializers.Serializer):
        latitude = coordinate_input(-90, 90, required=False)
        longitude = coordinate_input(-180, 180, required=False)
        address_id = serializers.IntegerField(min_value=1, required=False)
        cart_total = serializers.DecimalField(**MONEY, min_value=Decimal("0"))

        def validate(self, attrs):
            has_point = "latitude" in attrs or "longitude" in attrs
            if has_point and ("latitude" not in attrs or "longitude" not in attrs):
                raise serializers.ValidationError(_("Give both latitude and longitude."))
            if has_point == ("address_id" in attrs):
                raise serializers.ValidationError(
                    _("Give either latitude and longitude or address_id.")
                )
            return attrs

    @extend_schema(
        request=QuoteInput,
        responses={
            200: DeliveryQuoteOutput,
            **errors(400, 401, 429, s400="address_not_found, address_location_required"),
        },
        summary="Quote a delivery",
    )
    def post(self, request):
        data = self.QuoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        quote = selectors.delivery_quote_for(
            user=request.user,
            items_total=values["cart_total"],
            latitude=rounded(values["latitude"]) if "latitude" in values else None,
            longitude=rounded(values["longitude"]) if "longitude" in values else None,
            address_id=values.get("address_id"),
        )
        return Response(DeliveryQuoteOutput(quote).data)
