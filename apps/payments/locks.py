"""The only place that takes row locks on payments.

Lock order: the order row (`apps.orders.locks.lock_order`) first, then its payments in
primary-key order. The orders app locks order → stock batches, so every path through payments
takes a prefix of order → payments → batches and no two transactions wait on each other in a
cycle (a callback, the Payme expiry job, a refund and an order cancellation included)."""

from apps.orders.locks import lock_order
from apps.orders.models import Order

from .models import Payment


def lock_payment_with_order(*, payment_id: int) -> tuple[Order, Payment]:
    """The payment and its order, both locked (order first); the payment as it is now."""
    order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).get()
    order = lock_order(order_id=order_id)
    return order, Payment.objects.select_for_update().get(pk=payment_id)


def lock_order_payments(*, order_id: int) -> tuple[Order, list[Payment]]:
    """An order and all of its payments, locked in that order."""
    order = lock_order(order_id=order_id)
    payments = list(Payment.objects.select_for_update().filter(order_id=order_id).order_by("pk"))
    return order, payments
