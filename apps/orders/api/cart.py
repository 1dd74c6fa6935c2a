"""The customer's cart: `/api/v1/orders/cart/...`."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from apps.core.permissions import IsCustomer
from apps.core.schema import errors

from .. import services
from .outputs import CartOutput, cart_response


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
