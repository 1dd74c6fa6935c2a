"""Reactions of delivery to order events (connected in DeliveryConfig.ready). Events arrive
after the order's transaction committed, published robustly by orders (a failing receiver is
logged, never an error of the committed change); each reaction runs in its own transaction, and
the periodic sweep (`deliveries_dispatch_task`) creates and assigns whatever was missed."""

from apps.orders.events import order_status_changed
from apps.orders.models import OrderStatus

from .services import delivery_auto_assign_new, delivery_create_for_order, delivery_follow_order

FOLLOWED_ORDER_STATUSES = frozenset(
    {
        OrderStatus.READY_FOR_DELIVERY,
        OrderStatus.ON_THE_WAY,
        OrderStatus.DELIVERED,
        OrderStatus.CANCELLED,
        OrderStatus.REFUNDED,
    }
)


def follow_order_status(sender, *, order_id: int, to_status: str, **kwargs) -> None:
    """A courier order ready for delivery gets its delivery (offered to the couriers on
    shift); other changes of an order with a delivery are mirrored by
    `delivery_follow_order`."""
    if to_status not in FOLLOWED_ORDER_STATUSES:
        return
    if to_status == OrderStatus.READY_FOR_DELIVERY:
        delivery = delivery_create_for_order(order_id=order_id)
        if delivery is not None:
            delivery_auto_assign_new(delivery=delivery)
    delivery_follow_order(order_id=order_id)


def connect() -> None:
    order_status_changed.connect(follow_order_status, dispatch_uid="delivery.order_status")
