"""HTTP layer of the cart and orders: parse, call one service or selector, render. Errors are
raised by the services and rendered by the one exception handler."""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from apps.core.permissions import IsCustomer, IsStaff

from . import selectors, services
from .models import DeliveryType, OrderStatus, PaymentMethod
from .payment_links import payment_link
from .pricing import AddressSnapshot
from .state import transitions_available

COORDINATE_QUANT = Decimal("0.000001")


# --- schema helpers ----------------------------------------------------------------------------


class OrderErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable snake_case code to branch on.")
    message = serializers.CharField(help_text="Human text in the request's language.")
    details = serializers.DictField(help_text="Field errors or extra facts (may be empty).")


class OrderErrorResponseSerializer(serializers.Serializer):
    error = OrderErrorBodySerializer()


ERROR_TEXT = {
    400: "Invalid input: `validation_error` with field errors under `details`.",
    401: "Missing, invalid or expired access token (`not_authenticated`).",
    403: "This role may not do this (`permission_denied`).",
    404: "No such object for this caller (`not_found`).",
    409: "Conflicts with the current state.",
    429: "Too many requests (`throttled`); `Retry-After` says how many seconds to wait.",
}


def errors(*statuses: int, **codes: str) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema`; `s409="a, b"` lists an endpoint's own codes."""
    responses = {}
    for code in statuses:
        extra = codes.get(f"s{code}")
        text = f"{ERROR_TEXT[code]} Also: {extra}." if extra else ERROR_TEXT[code]
        responses[code] = OpenApiResponse(OrderErrorResponseSerializer, description=text)
    return responses


# --- output ------------------------------------------------------------------------------------


class CartProductOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    is_active = serializers.BooleanField()


class CartLineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    product = CartProductOutput()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    line_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    available_quantity = serializers.IntegerField()
    stock_warning = serializers.ChoiceField(
        choices=["inactive", "out_of_stock", "insufficient_stock"],
        allow_null=True,
        help_text="Set when the line cannot be bought as it stands.",
    )
    requires_prescription = serializers.BooleanField()


class CartOutput(serializers.Serializer):
    items = CartLineOutput(many=True, source="lines")
    items_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    requires_prescription = serializers.BooleanField()
    can_checkout = serializers.BooleanField()
    prescription_policy = serializers.ChoiceField(choices=["upload_review", "pickup_only"])
    max_quantity_per_product = serializers.IntegerField()


class CustomerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    phone_number = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class OrderListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    delivery_type = serializers.ChoiceField(choices=DeliveryType.choices)
    items_count = serializers.IntegerField()
    items_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    delivery_fee = serializers.DecimalField(max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    requires_prescription = serializers.BooleanField()
    reservation_expires_at = serializers.DateTimeField(allow_null=True)
    customer = CustomerOutput()


class AllocationOutput(serializers.Serializer):
    lot_number = serializers.CharField(source="batch.lot_number")
    expiry_date = serializers.DateField(source="batch.expiry_date")
    quantity = serializers.IntegerField()


class OrderItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    requires_prescription = serializers.BooleanField()
    batches = AllocationOutput(many=True, source="allocations.all")


class TimelineOutput(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.ChoiceField(choices=OrderStatus.choices)
    at = serializers.DateTimeField(source="created_at")
    actor_role = serializers.CharField()
    reason = serializers.CharField()


class AddressOutput(serializers.Serializer):
    text = serializers.CharField(source="address_text")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, source="address_latitude", allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, source="address_longitude", allow_null=True
    )


class PaymentStateOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices, source="payment_method")
    is_paid = serializers.SerializerMethodField()
    paid_at = serializers.DateTimeField(allow_null=True)
    amount_due = serializers.SerializerMethodField()
    checkout_url = serializers.SerializerMethodField(
        help_text="Where to pay the order online now (Payme/Click); null when nothing is due."
    )

    def get_is_paid(self, order) -> bool:
        return order.paid_at is not None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_checkout_url(self, order) -> str | None:
        return payment_link(order=order, request=self.context.get("request"))

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_amount_due(self, order) -> str:
        due = order.total if selectors.order_accepts_payment(order=order) else Decimal("0.00")
        return str(due)


class DeliveryStateOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=DeliveryType.choices, source="delivery_type")
    address = serializers.SerializerMethodField()
    fee = serializers.DecimalField(max_digits=14, decimal_places=2, source="delivery_fee")
    delivered_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(AddressOutput(allow_null=True))
    def get_address(self, order) -> dict | None:
        if order.delivery_type == DeliveryType.PICKUP:
            return None
        return AddressOutput(order).data


class OrderDetailOutput(OrderListOutput):
    items = OrderItemOutput(many=True, source="items.all")
    note = serializers.CharField(source="customer_note")
    prescription_ids = serializers.SerializerMethodField()
    prescription_claimed = serializers.BooleanField()
    payment = PaymentStateOutput(source="*")
    delivery = DeliveryStateOutput(source="*")
    timeline = TimelineOutput(many=True, source="history.all")
    available_transitions = serializers.SerializerMethodField(
        help_text="Statuses the caller may move the order to now."
    )

    def get_prescription_ids(self, order) -> list[int]:
        return [prescription.pk for prescription in order.prescriptions.all()]

    def get_available_transitions(self, order) -> list[str]:
        return transitions_available(order=order, actor=self.context["user"])


def order_detail_response(*, request, number: str, code: int = status.HTTP_200_OK) -> Response:
    order = selectors.order_get(user=request.user, number=number)
    context = {"user": request.user, "request": request}
    return Response(OrderDetailOutput(order, context=context).data, status=code)


# --- cart --------------------------------------------------------------------------------------


def cart_response(request) -> Response:
    return Response(CartOutput(selectors.cart_get(customer=request.user)).data)


class CartView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        operation_id="orders_cart_retrieve",
        responses={200: CartOutput, **errors(401, 403)},
        summary="The cart at current prices, with stock warnings and prescription flags",
    )
    def get(self, request):
        return cart_response(request)


class CartAddView(APIView):
    permission_classes = [IsCustomer]

    class CartAddInput(serializers.Serializer):
        product_id = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=10_000, default=1)

    @extend_schema(
        request=CartAddInput,
        responses={
            200: CartOutput,
            **errors(
                400,
                401,
                403,
                409,
                s400="product_unavailable, quantity_limit_exceeded, cart_full",
                s409="insufficient_stock",
            ),
        },
        summary="Add packs of a product to the cart",
    )
    def post(self, request):
        serializer = self.CartAddInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cart_item_add(customer=request.user, **serializer.validated_data)
        return cart_response(request)


class CartItemUpdateView(APIView):
    permission_classes = [IsCustomer]

    class CartUpdateInput(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1, max_value=10_000)

    @extend_schema(
        request=CartUpdateInput,
        responses={
            200: CartOutput,
            **errors(
                400,
                401,
                403,
                404,
                409,
                s400="product_unavailable, quantity_limit_exceeded",
                s409="insufficient_stock",
            ),
        },
        summary="Set the quantity of a cart line",
    )
    def patch(self, request, item_id: int):
        serializer = self.CartUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cart_item_update(
            customer=request.user, item_id=item_id, quantity=serializer.validated_data["quantity"]
        )
        return cart_response(request)


class CartItemRemoveView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        responses={200: CartOutput, **errors(401, 403, 404)}, summary="Remove a cart line"
    )
    def delete(self, request, item_id: int):
        services.cart_item_remove(customer=request.user, item_id=item_id)
        return cart_response(request)


class CartClearView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(responses={200: CartOutput, **errors(401, 403)}, summary="Empty the cart")
    def delete(self, request):
        services.cart_clear(customer=request.user)
        return cart_response(request)


# --- checkout ----------------------------------------------------------------------------------


class CheckoutThrottle(UserRateThrottle):
    scope = "checkout"

    def get_rate(self) -> str:
        return settings.ORDER_CHECKOUT_RATE


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
            raise serializers.ValidationError("Give both latitude and longitude, or neither.")
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
                raise serializers.ValidationError("Give address or address_id, not both.")
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


# --- orders ------------------------------------------------------------------------------------


class OrderFilterInput(serializers.Serializer):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=OrderStatus.choices), required=False
    )
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False)
    delivery_type = serializers.ChoiceField(choices=DeliveryType.choices, required=False)
    requires_prescription = serializers.BooleanField(required=False, allow_null=True, default=None)
    created_from = serializers.DateField(required=False)
    created_to = serializers.DateField(required=False)
    search = serializers.CharField(
        max_length=32, required=False, help_text="Order number or customer phone (staff)."
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
