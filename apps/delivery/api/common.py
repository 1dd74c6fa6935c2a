"""Pieces shared by the delivery endpoints."""

from decimal import Decimal

from rest_framework import serializers

from ..selectors import shop_local_time

MONEY = {"max_digits": 14, "decimal_places": 2}
COORDINATE = {"max_digits": 9, "decimal_places": 6}


def coordinate_input(low: int, high: int, **kwargs) -> serializers.DecimalField:
    # Phones report more decimals than we keep; they are rounded to 6 (about 10 cm).
    return serializers.DecimalField(
        max_digits=20, decimal_places=15, min_value=low, max_value=high, **kwargs
    )


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000001"))


class DeliveryPickupPointOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.DecimalField(**COORDINATE)
    longitude = serializers.DecimalField(**COORDINATE)
    phone_number = serializers.CharField()
    opens_at = serializers.TimeField(allow_null=True, format="%H:%M")
    closes_at = serializers.TimeField(allow_null=True, format="%H:%M")
    is_open_now = serializers.SerializerMethodField()

    def get_is_open_now(self, point) -> bool:
        return point.is_open_at(shop_local_time())


class CourierLocationOutput(serializers.Serializer):
    latitude = serializers.DecimalField(**COORDINATE)
    longitude = serializers.DecimalField(**COORDINATE)
    recorded_at = serializers.DateTimeField()
