from django.urls import path, register_converter

from .api import cart, checkout, orders


class OrderNumberConverter:
    """Public order numbers (`DX-` and eight base32 characters), in either case."""

    regex = "[Dd][Xx]-[0-9A-Za-z]{8}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(OrderNumberConverter, "order_number")

urlpatterns = [
    path("", orders.OrderListView.as_view(), name="order-list"),
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/add/", cart.CartAddView.as_view(), name="cart-add"),
    path("cart/update/<int:item_id>/", cart.CartItemUpdateView.as_view(), name="cart-update"),
    path("cart/remove/<int:item_id>/", cart.CartItemRemoveView.as_view(), name="cart-remove"),
    path("cart/clear/", cart.CartClearView.as_view(), name="cart-clear"),
    path("checkout/", checkout.CheckoutView.as_view(), name="checkout"),
    path("<order_number:number>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("<order_number:number>/cancel/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path("<order_number:number>/status/", orders.OrderStatusView.as_view(), name="order-status"),
    path(
        "<order_number:number>/items/<int:item_id>/remove/",
        orders.OrderItemRemoveView.as_view(),
        name="order-item-remove",
    ),
    path("<order_number:number>/reorder/", orders.OrderReorderView.as_view(), name="order-reorder"),
    path(
        "<order_number:number>/prescriptions/",
        orders.OrderPrescriptionsView.as_view(),
        name="order-prescriptions",
    ),
]
