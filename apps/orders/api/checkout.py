"""`POST /api/v1/orders/checkout/`: the cart becomes an order."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from apps.core.permissions import IsCustomer
from apps.core.schema import errors

from .. import services
from ..models import DeliveryType, PaymentMethod
from ..pricing import AddressSnapshot
from .outputs import OrderDetailOutput, order_detail_response

COORDINATE_QUANT = Decimal("0.000001")


class CheckoutThrottle(UserRateThrottle):
    scope = "checkout"

    def get_rate(self) -> str:
        return settings.ORDER_CHECKOUT_RATE


@extend_schema_serializer(component_name="OrderAddressInput")
class AddressInput(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    latitude = serializers.DecimalField(
        max_digits=20, decimal_places=15, min_value=-90, max_value=90, required=False
    )
    longitude = serializers.DecimalField(
        max_digits=20, decimal_places=15, min_value=-180, max_value=180, required=False
    )

    def validate(self, attrs):
        if ("latitude" in attrs) != ("longitude" in attrs):
            raise serializers.ValidationError(_("Give both latitude and longitude, or neither."))
        return attrs


class CheckoutView(APIView):
    permission_classes = [IsCustomer]
    throttle_classes = [CheckoutThrottle]

    class CheckoutInput(serializers.Serializer):
        payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
        delivery_type = serializers.ChoiceField(choices=DeliveryType.choices)
        address = AddressInput(required=False, allow_null=True)
        address_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        prescription_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=10, required=False
        )

        def validate(self, attrs):
            if attrs.get("address") and attrs.get("address_id"):
                raise serializers.ValidationError(_("Give address or address_id, not both."))
            return attrs

    @extend_schema(
        request=CheckoutInput,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="A new random key per checkout (e.g. a UUID); repeating a request "
                "with the same key returns the order it made.",
            )
        ],
        responses={
            201: OrderDetailOutput,
            200: OpenApiResponse(
                OrderDetailOutput, description="A repeated request: the order it made."
            ),
            **errors(
                400,
                401,
                403,
                409,
                429,
                s400="idempotency_key_required, cart_empty, product_unavailable, "
                "address_required, address_not_found, invalid_prescription, "
                "prescription_requires_pickup",
                s409="insufficient_stock, idempotency_key_reused, open_order_limit",
            ),
        },
        summary="Place an order from the cart",
    )
    def post(self, request):
        serializer = self.CheckoutInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.order_checkout(
            customer=request.user,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            payment_method=data["payment_method"],
            delivery_type=data["delivery_type"],
            address=_address_snapshot(data.get("address")),
            address_id=data.get("address_id"),
            note=data.get("note", ""),
            prescription_ids=data.get("prescription_ids", []),
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return order_detail_response(request=request, number=result.order.number, code=code)


def _address_snapshot(address: dict | None) -> AddressSnapshot | None:
    if not address:
        return None
    latitude, longitude = address.get("latitude"), address.get("longitude")
    return AddressSnapshot(
        text=address["text"],
        latitude=None if latitude is None else latitude.quantize(COORDINATE_QUANT),
        longitude=None if longitude is None else longitude.quantize(COORDINATE_QUANT),
    )
