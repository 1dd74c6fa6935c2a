"""Orders: lists and details for customers (their own) and staff (all), cancel, status changes,
reorder and prescriptions."""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsCustomer, IsStaff
from apps.core.schema import errors

from .. import selectors, services
from ..models import DeliveryType, OrderStatus, PaymentMethod
from .outputs import CartOutput, OrderDetailOutput, OrderListOutput, order_detail_response

# Dates far outside the shop's life would only overflow date arithmetic.
SANE_DATES = [MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2100, 1, 1))]


class OrderFilterInput(serializers.Serializer):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=OrderStatus.choices), required=False
    )
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False)
    delivery_type = serializers.ChoiceField(choices=DeliveryType.choices, required=False)
    requires_prescription = serializers.BooleanField(required=False, allow_null=True, default=None)
    created_from = serializers.DateField(required=False, validators=SANE_DATES)
    created_to = serializers.DateField(required=False, validators=SANE_DATES)
    search = serializers.CharField(
        max_length=32, required=False, help_text="Order number or customer phone (staff)."
    )
    ordering = serializers.ChoiceField(
        choices=["-created_at", "created_at"],
        required=False,
        help_text="Newest first (default) or oldest first (`created_at`, the work queues).",
    )


class OrderListView(generics.ListAPIView):
    """Customers see their own orders; operators and admins see every order."""

    permission_classes = [IsCustomer | IsStaff]
    serializer_class = OrderListOutput
    filter_backends: list = []

    @extend_schema(
        parameters=[OrderFilterInput],
        responses={200: OrderListOutput(many=True), **errors(400, 401, 403, 404)},
        summary="Orders: a customer's own, or every order for staff",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = OrderFilterInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.order_list(user=self.request.user, filters=filters.validated_data)


class OrderDetailView(APIView):
    permission_classes = [IsCustomer | IsStaff]

    @extend_schema(
        responses={200: OrderDetailOutput, **errors(401, 403, 404)},
        summary="An order with items, batches, totals, timeline, payment and delivery state",
    )
    def get(self, request, number: str):
        return order_detail_response(request=request, number=number)


class OrderCancelView(APIView):
    """Customers cancel their own orders before preparation; staff until handover, with a
    reason. Stock goes back; a paid order is refunded by the payments app."""

    permission_classes = [IsCustomer | IsStaff]

    class OrderCancelInput(serializers.Serializer):
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        request=OrderCancelInput,
        responses={
            200: OrderDetailOutput,
            **errors(400, 401, 403, 404, 409, s400="reason_required", s409="invalid_transition"),
        },
        summary="Cancel an order",
    )
    def post(self, request, number: str):
        serializer = self.OrderCancelInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, number=number)
        services.order_cancel(
            order=order, actor=request.user, reason=serializer.validated_data.get("reason", "")
        )
        return order_detail_response(request=request, number=number)


class OrderStatusView(APIView):
    """Staff move an order along the state machine (docs/orders.md)."""

    permission_classes = [IsStaff]

    class OrderStatusInput(serializers.Serializer):
        status = serializers.ChoiceField(choices=OrderStatus.choices)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        request=OrderStatusInput,
        responses={
            200: OrderDetailOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="reason_required",
                s403="transition_not_allowed",
                s409="invalid_transition",
            ),
        },
        summary="Change an order's status (staff)",
    )
    def post(self, request, number: str):
        serializer = self.OrderStatusInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, number=number)
        services.order_transition(
            order=order,
            to=serializer.validated_data["status"],
            actor=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return order_detail_response(request=request, number=number)


class OrderItemRemoveView(APIView):
    """Staff take packs the pharmacy cannot supply off an order before handover (docs/orders.md,
    "Removing lines"): stock goes back, totals are recomputed, a paid order is refunded the
    difference by the payments app."""

    permission_classes = [IsStaff]

    class OrderItemRemoveInput(serializers.Serializer):
        keep = serializers.IntegerField(
            min_value=0,
            max_value=10_000,
            default=0,
            help_text="Packs of the line that stay on the order; 0 removes the whole line.",
        )
        reason = serializers.CharField(
            max_length=400, required=False, allow_blank=True, default="", help_text="Required."
        )

    @extend_schema(
        request=OrderItemRemoveInput,
        responses={
            200: OrderDetailOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="reason_required, invalid_quantity",
                s409="order_not_changeable, last_order_line, nothing_to_remove",
            ),
        },
        summary="Remove a line (or some of its packs) the pharmacy cannot supply (staff)",
    )
    def post(self, request, number: str, item_id: int):
        serializer = self.OrderItemRemoveInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, number=number)
        services.order_item_reduce(
            order=order,
            item_id=item_id,
            keep=serializer.validated_data["keep"],
            actor=request.user,
            reason=serializer.validated_data["reason"],
        )
        return order_detail_response(request=request, number=number)


class ReorderOutput(serializers.Serializer):
    class ReorderLineOutput(serializers.Serializer):
        product_id = serializers.IntegerField()
        name = serializers.CharField()
        quantity = serializers.IntegerField(required=False)
        reason = serializers.ChoiceField(
            choices=["inactive", "out_of_stock", "quantity_limit", "cart_full"], required=False
        )

    added = ReorderLineOutput(many=True)
    skipped = ReorderLineOutput(many=True)
    cart = CartOutput()


class OrderReorderView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        request=None,
        responses={200: ReorderOutput, **errors(401, 403, 404)},
        summary="Put the products of an order back into the cart (what can be bought now)",
    )
    def post(self, request, number: str):
        order = selectors.order_get(user=request.user, number=number)
        result = services.cart_fill_from_order(customer=request.user, order=order)
        cart = selectors.cart_get(customer=request.user)
        return Response(
            ReorderOutput({"added": result.added, "skipped": result.skipped, "cart": cart}).data
        )


class OrderPrescriptionsView(APIView):
    permission_classes = [IsCustomer]

    class PrescriptionsInput(serializers.Serializer):
        prescription_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=10
        )

    @extend_schema(
        request=PrescriptionsInput,
        responses={
            200: OrderDetailOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="invalid_prescription",
                s409="order_not_awaiting_prescription",
            ),
        },
        summary="Attach prescriptions to an order waiting for one",
    )
    def post(self, request, number: str):
        serializer = self.PrescriptionsInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = selectors.order_get(user=request.user, number=number)
        services.order_prescriptions_attach(
            order=order,
            customer=request.user,
            prescription_ids=serializer.validated_data["prescription_ids"],
        )
        return order_detail_response(request=request, number=number)
