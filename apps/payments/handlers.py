"""Reactions of payments to order events (connected in PaymentsConfig.ready). Events are sent
after the order's transaction committed; each reaction runs in its own transaction."""

from apps.orders.events import order_status_changed
from apps.orders.models import OrderStatus

from .services import payments_order_cancelled


def refund_cancelled_order(sender, *, order_id: int, to_status: str, **kwargs) -> None:
    """A cancelled order: open attempts are closed and money taken is refunded (see
    `services.refunds`); the stock already came back with the cancellation."""
    if to_status == OrderStatus.CANCELLED:
        payments_order_cancelled(order_id=order_id)


def connect() -> None:
    order_status_changed.connect(refund_cancelled_order, dispatch_uid="payments.order_cancelled")
