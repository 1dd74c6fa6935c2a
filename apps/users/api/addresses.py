"""Saved delivery addresses of the signed-in user (`me/addresses/`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Address
from ..selectors import address_get, address_list
from ..services.addresses import address_create, address_delete, address_update
from .schema import errors

TAGS = ["me"]
ADDRESS_FIELDS = [
    "label",
    "region",
    "city",
    "street",
    "house",
    "apartment",
    "entrance",
    "floor",
    "landmark",
    "latitude",
    "longitude",
    "is_default",
]


class AddressInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ADDRESS_FIELDS

    def validate(self, attrs):
        latitude = attrs.get("latitude", getattr(self.instance, "latitude", None))
        longitude = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (latitude is None) != (longitude is None):
            raise serializers.ValidationError(
                {"latitude": [_("Send latitude and longitude together.")]}
            )
        return attrs


class AddressOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", *ADDRESS_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields


class AddressListApi(generics.ListAPIView):
    serializer_class = AddressOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        return address_list(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="My saved addresses",
        responses={200: AddressOutputSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Save an address",
        description="The first address becomes the default; `is_default: true` moves the "
        "default here.",
        request=AddressInputSerializer,
        responses={
            201: AddressOutputSerializer,
            **errors(400, 401, 409, s409="address_limit_reached"),
        },
    )
    def post(self, request):
        data = AddressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = address_create(user=request.user, data=data.validated_data)
        return Response(AddressOutputSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One of my addresses",
        responses={200: AddressOutputSerializer, **errors(401, 404)},
    )
    def get(self, request, address_id: int):
        address = address_get(user=request.user, address_id=address_id)
        return Response(AddressOutputSerializer(address).data)

    @extend_schema(
        tags=TAGS,
        summary="Change one of my addresses",
        request=AddressInputSerializer(partial=True),
        responses={200: AddressOutputSerializer, **errors(400, 401, 404)},
    )
    def patch(self, request, address_id: int):
        address = address_get(user=request.user, address_id=address_id)
        data = AddressInputSerializer(address, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        address = address_update(address=address, data=data.validated_data)
        return Response(AddressOutputSerializer(address).data)

    @extend_schema(
        tags=TAGS,
        summary="Delete one of my addresses",
        responses={204: None, **errors(401, 404)},
    )
    def delete(self, request, address_id: int):
        address_delete(address=address_get(user=request.user, address_id=address_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
