"""Operator uploads of product images (re-encoded server-side, see services.images)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsStaff
from apps.core.schema import errors

from ..permissions import CatalogWriteThrottle
from ..selectors import product_get, product_image_get
from ..services.images import product_image_add, product_image_delete
from .serializers import ImageOutput

PRODUCT_ID = OpenApiParameter("product_id", int, OpenApiParameter.PATH)
IMAGE_ID = OpenApiParameter("image_id", int, OpenApiParameter.PATH)


class ProductImageListApi(APIView):
    permission_classes = [IsStaff]
    throttle_classes = [CatalogWriteThrottle]
    parser_classes = [MultiPartParser]

    class ImageUploadInput(serializers.Serializer):
        image = serializers.FileField(help_text="JPEG, PNG or WebP; re-encoded to WebP.")
        position = serializers.IntegerField(min_value=0, max_value=1000, required=False)

    @extend_schema(
        operation_id="products_images_upload",
        parameters=[PRODUCT_ID],
        request={"multipart/form-data": ImageUploadInput},
        responses={201: ImageOutput, **errors(400, 401, 403, 404, 429)},
    )
    def post(self, request, product_id: int):
        product = product_get(key=product_id, include_inactive=True)
        data = self.ImageUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        image = product_image_add(
            product=product,
            upload=data.validated_data["image"],
            position=data.validated_data.get("position"),
        )
        return Response(ImageOutput(image).data, status=status.HTTP_201_CREATED)


class ProductImageDetailApi(APIView):
    permission_classes = [IsStaff]
    throttle_classes = [CatalogWriteThrottle]

    @extend_schema(
        operation_id="products_images_delete",
        parameters=[PRODUCT_ID, IMAGE_ID],
        responses={204: None, **errors(401, 403, 404, 429)},
    )
    def delete(self, request, product_id: int, image_id: int):
        product_image_delete(image=product_image_get(product_id=product_id, image_id=image_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
