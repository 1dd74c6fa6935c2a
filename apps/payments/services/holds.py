"""What a payment attempt does to its order: hold the order's stock while the provider works,
give it up when the attempt ends unpaid, mark the order paid or refunded, tell the customer."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue
from apps.orders.models import Order
from apps.orders.services import order_reservation_release

from ..models import Payment, PaymentStatus
from .audit import payment_status_set


def payment_reference(payment: Payment) -> str:
    """What the order records as its payment (`Order.payment_reference`)."""
    return f"payment:{payment.pk}"


def order_hold_release(*, order: Order, timed_out: bool) -> None:
    """An attempt ended unpaid. After a timeout the customer is gone: the stock goes back at
    once (the orders expiry task cancels the order). Otherwise the customer may retry within
    the usual reservation time."""
    now = timezone.now()
    until = now if timed_out else now + timedelta(minutes=settings.ORDER_RESERVATION_MINUTES)
    order_reservation_release(order=order, until=until)


def refund_notify(*, order: Order, amount: Decimal) -> None:
    """Tell the customer the money went back, by SMS (unless the account was anonymised and has
    no phone left) and in the app; outbox rows in the caller's transaction."""
    customer = order.customer
    context = {"order_number": order.number, "amount": str(amount)}
    channels = (Channel.SMS, Channel.IN_APP) if customer.phone_number else (Channel.IN_APP,)
    for channel in channels:
        notification_enqueue(
            type=NotificationType.REFUND_DONE, channel=channel, context=context, user=customer
        )


def order_pending_attempts_close(*, order: Order) -> None:
    """The order (locked by the caller) is paid: links still waiting for the customer are
    closed. Attempts already at a provider stay: their callbacks are answered "already paid"."""
    pending = Payment.objects.select_for_update().filter(order=order, status=PaymentStatus.PENDING)
    for payment in pending.order_by("pk"):
        payment_status_set(payment=payment, to=PaymentStatus.CANCELLED, action="order.paid")
