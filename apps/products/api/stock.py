"""Operator stock endpoints: batches of a product, receiving, write-offs, corrections, history,
and the low-stock and near-expiry lists."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsStaff
from apps.core.schema import errors

from ..permissions import CatalogWriteThrottle
from ..selectors import (
    batch_get,
    batch_list,
    low_stock_list,
    movement_list,
    near_expiry_batch_list,
    product_get,
)
from ..services import stock_correct, stock_receive, stock_write_off
from .common import paginate, paginated
from .products import PAGE_PARAMETERS
from .serializers import BatchOutput, MovementOutput

PRODUCT_ID = OpenApiParameter("product_id", int, OpenApiParameter.PATH)
BATCH_ID = OpenApiParameter("batch_id", int, OpenApiParameter.PATH)


class ProductBatchListApi(APIView):
    """The batches of a product (first-expiring first); receiving stock adds or tops up one."""

    permission_classes = [IsStaff]
    throttle_classes = [CatalogWriteThrottle]

    class ReceiveInput(serializers.Serializer):
        lot_number = serializers.CharField(max_length=64)
        expiry_date = serializers.DateField()
        quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
        cost = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True
        )
        reason = serializers.CharField(max_length=255, required=False, allow_blank=True)
        reference = serializers.CharField(max_length=64, required=False, allow_blank=True)

    @extend_schema(
        operation_id="products_batches_list",
        parameters=[PRODUCT_ID, *PAGE_PARAMETERS],
        responses={200: paginated("PaginatedBatchList", BatchOutput), **errors(401, 403, 404)},
    )
    def get(self, request, product_id: int):
        product = product_get(key=product_id, include_inactive=True)
        return Response(paginate(request, self, batch_list(product=product), BatchOutput))

    @extend_schema(
        operation_id="products_batches_receive",
        parameters=[PRODUCT_ID],
        request=ReceiveInput,
        responses={201: BatchOutput, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, product_id: int):
        product = product_get(key=product_id, include_inactive=True)
        data = self.ReceiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        batch = stock_receive(product=product, actor=request.user, **data.validated_data)
        return Response(BatchOutput(batch).data, status=status.HTTP_201_CREATED)


class BatchWriteOffApi(APIView):
    """Remove damaged, lost or expired units (not those reserved for orders)."""

    permission_classes = [IsStaff]
    throttle_classes = [CatalogWriteThrottle]

    class WriteOffInput(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1)
        reason = serializers.CharField(max_length=255)

    @extend_schema(
        operation_id="products_batches_write_off",
        parameters=[BATCH_ID],
        request=WriteOffInput,
        responses={200: BatchOutput, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, batch_id: int):
        batch = batch_get(batch_id=batch_id)
        data = self.WriteOffInput(data=request.data)
        data.is_valid(raise_exception=True)
        batch = stock_write_off(batch=batch, actor=request.user, **data.validated_data)
        return Response(BatchOutput(batch).data)


class BatchCorrectionApi(APIView):
    """Set a batch's on-hand quantity to a stock-take count (never below what is reserved)."""

    permission_classes = [IsStaff]
    throttle_classes = [CatalogWriteThrottle]

    class CorrectionInput(serializers.Serializer):
        counted_quantity = serializers.IntegerField(
            min_value=0, help_text=_("Units physically counted in this batch.")
        )
        reason = serializers.CharField(max_length=255)

    @extend_schema(
        operation_id="products_batches_correct",
        parameters=[BATCH_ID],
        request=CorrectionInput,
        responses={200: BatchOutput, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, batch_id: int):
        batch = batch_get(batch_id=batch_id)
        data = self.CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        batch = stock_correct(batch=batch, actor=request.user, **data.validated_data)
        return Response(BatchOutput(batch).data)


class BatchMovementListApi(APIView):
    """The stock history of a batch, newest first."""

    permission_classes = [IsStaff]

    @extend_schema(
        operation_id="products_batches_movements",
        parameters=[BATCH_ID, *PAGE_PARAMETERS],
        responses={
            200: paginated("PaginatedMovementList", MovementOutput),
            **errors(401, 403, 404),
        },
    )
    def get(self, request, batch_id: int):
        batch = batch_get(batch_id=batch_id)
        return Response(paginate(request, self, movement_list(batch=batch), MovementOutput))


class LowStockOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    sellable_quantity = serializers.IntegerField()
    low_stock_threshold = serializers.IntegerField()


class LowStockListApi(APIView):
    """Active products at or below their low-stock threshold, fewest sellable units first."""

    permission_classes = [IsStaff]

    @extend_schema(
        operation_id="products_stock_low",
        parameters=PAGE_PARAMETERS,
        responses={
            200: paginated("PaginatedLowStockList", LowStockOutput),
            **errors(401, 403, 404),
        },
        summary="Low stock (staff)",
    )
    def get(self, request):
        return Response(paginate(request, self, low_stock_list(), LowStockOutput))


class NearExpiryOutput(BatchOutput):
    product_name = serializers.CharField(source="product.name")
    days_left = serializers.SerializerMethodField(help_text="Negative once expired.")

    def get_days_left(self, batch) -> int:
        return (batch.expiry_date - timezone.localdate()).days


class NearExpiryListApi(APIView):
    """Batches with units on the shelf that expire within NEAR_EXPIRY_ALERT_DAYS (or have
    expired), first-expiring first."""

    permission_classes = [IsStaff]

    @extend_schema(
        operation_id="products_stock_near_expiry",
        parameters=PAGE_PARAMETERS,
        responses={
            200: paginated("PaginatedNearExpiryList", NearExpiryOutput),
            **errors(401, 403, 404),
        },
        summary="Near-expiry batches (staff)",
    )
    def get(self, request):
        return Response(paginate(request, self, near_expiry_batch_list(), NearExpiryOutput))
