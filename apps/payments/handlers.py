"""Reactions of payments to order events (connected in PaymentsConfig.ready). Events are sent
after the order's transaction committed; each reaction runs in its own transaction."""

from apps.orders.events import order_items_removed, order_status_changed
from apps.orders.models import OrderStatus

from .services import payments_order_cancelled, payments_order_items_removed


def refund_cancelled_order(sender, *, order_id: int, to_status: str, **kwargs) -> None:
    """A cancelled order: open attempts are closed and money taken is refunded (see
    `services.refunds`); the stock already came back with the cancellation."""
    if to_status == OrderStatus.CANCELLED:
        payments_order_cancelled(order_id=order_id)


def refund_removed_items(sender, *, removal_id: int, **kwargs) -> None:
    """Staff took packs off an order: a paid one gets exactly that amount back (see
    `services.partial_refunds`); an unpaid cash order simply collects less."""
    payments_order_items_removed(removal_id=removal_id)


def connect() -> None:
    order_status_changed.connect(refund_cancelled_order, dispatch_uid="payments.order_cancelled")
    order_items_removed.connect(refund_removed_items, dispatch_uid="payments.items_removed")
