"""What the cart and order endpoints render."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.core.roles import STAFF_ROLES

from .. import selectors
from ..models import DeliveryType, OrderStatus, PaymentMethod
from ..payment_links import payment_link
from ..services import order_lines_removable
from ..state import FINAL_STATUSES, transitions_available


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
    paid_at = serializers.DateTimeField(
        allow_null=True, help_text="When the money was received (online, or cash at handover)."
    )
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


class RemovedItemOutput(serializers.Serializer):
    """Packs staff took off the order because the pharmacy could not supply them."""

    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    quantity = serializers.IntegerField(help_text="Packs removed.")
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="What the order total went down by: the packs and any lower delivery fee.",
    )
    reason = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")


@extend_schema_serializer(component_name="OrderAddressOutput")
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
        """Online: the total while it awaits payment. Cash: the total until handover."""
        cash_due = order.payment_method == PaymentMethod.CASH and order.status not in FINAL_STATUSES
        due = cash_due or selectors.order_accepts_payment(order=order)
        return str(order.total if due else Decimal("0.00"))


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
    removed_items = RemovedItemOutput(many=True, source="removals.all")
    available_transitions = serializers.SerializerMethodField(
        help_text="Statuses the caller may move the order to now."
    )
    lines_removable = serializers.SerializerMethodField(
        help_text="Staff may take lines the pharmacy cannot supply off the order now (always "
        "false for customers)."
    )

    def get_prescription_ids(self, order) -> list[int]:
        return [prescription.pk for prescription in order.prescriptions.all()]

    def get_available_transitions(self, order) -> list[str]:
        return transitions_available(order=order, actor=self.context["user"])

    def get_lines_removable(self, order) -> bool:
        is_staff = self.context["user"].role in STAFF_ROLES
        return is_staff and order_lines_removable(order=order)


def order_detail_response(*, request, number: str, code: int = status.HTTP_200_OK) -> Response:
    order = selectors.order_get(user=request.user, number=number)
    context = {"user": request.user, "request": request}
    return Response(OrderDetailOutput(order, context=context).data, status=code)


def cart_response(request) -> Response:
    return Response(CartOutput(selectors.cart_get(customer=request.user)).data)
