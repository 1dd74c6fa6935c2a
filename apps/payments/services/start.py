"""Starting an online payment: the customer gets a pay link for their order and an attempt
they can follow (`GET /payments/{id}/`); the provider's first callback continues it."""

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from apps.orders.errors import OrderNotFound
from apps.orders.locks import lock_order
from apps.orders.models import Order
from apps.orders.selectors import order_payable_amount

from ..errors import ProviderNotAvailable
from ..links import checkout_url, provider_available
from ..models import ONLINE_PROVIDERS, Payment, PaymentLogKind, PaymentStatus
from .audit import payment_log_write


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    checkout_url: str
    created: bool


@transaction.atomic
def payment_start(
    *, customer, order_id: int, provider: str, request: HttpRequest | None
) -> PaymentStart:
    """An attempt to pay the customer's order online with `provider`, and where to pay. The
    open attempt for the same order and provider is reused, so repeated taps make one row.

    404 for someone else's order; 400 `provider_not_available`; 409 `order_already_paid` or
    `order_not_payable`."""
    if not Order.objects.filter(pk=order_id, customer=customer).exists():
        raise OrderNotFound()
    if provider not in ONLINE_PROVIDERS or not provider_available(provider):
        raise ProviderNotAvailable(details={"provider": provider})
    order = lock_order(order_id=order_id)
    amount = order_payable_amount(order=order)
    payment = (
        Payment.objects.filter(order=order, provider=provider, status=PaymentStatus.PENDING)
        .order_by("-pk")
        .first()
    )
    created = payment is None
    if created:
        payment = Payment.objects.create(
            order=order, provider=provider, amount=amount, status=PaymentStatus.PENDING
        )
        payment_log_write(
            provider=provider,
            kind=PaymentLogKind.STATE_CHANGE,
            action="payment.start",
            payment=payment,
            order=order,
            to_status=PaymentStatus.PENDING,
            actor=customer,
        )
    url = checkout_url(order=order, provider=provider, request=request)
    return PaymentStart(payment=payment, checkout_url=url, created=created)
