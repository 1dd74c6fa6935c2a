from django.urls import path, register_converter

from . import api


class OrderNumberConverter:
    """Public order numbers (`DX-` and eight base32 characters), in either case."""

    regex = "[Dd][Xx]-[0-9A-Za-z]{8}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(OrderNumberConverter, "order_number")

urlpatterns = [
    path("", api.OrderListView.as_view(), name="order-list"),
    path("cart/", api.CartView.as_view(), name="cart"),
    path("cart/add/", api.CartAddView.as_view(), name="cart-add"),
    path("cart/update/<int:item_id>/", api.CartItemUpdateView.as_view(), name="cart-update"),
    path("cart/remove/<int:item_id>/", api.CartItemRemoveView.as_view(), name="cart-remove"),
    path("cart/clear/", api.CartClearView.as_view(), name="cart-clear"),
    path("checkout/", api.CheckoutView.as_view(), name="checkout"),
    path("<order_number:number>/", api.OrderDetailView.as_view(), name="order-detail"),
    path("<order_number:number>/cancel/", api.OrderCancelView.as_view(), name="order-cancel"),
    path("<order_number:number>/status/", api.OrderStatusView.as_view(), name="order-status"),
    path("<order_number:number>/reorder/", api.OrderReorderView.as_view(), name="order-reorder"),
    path(
        "<order_number:number>/prescriptions/",
        api.OrderPrescriptionsView.as_view(),
        name="order-prescriptions",
    ),
]
