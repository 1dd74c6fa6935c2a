"""Where a customer pays an order online. The orders app knows no payment provider: the payments
app (higher up) registers a link builder with `register_payment_link_builder` from its
`AppConfig.ready`, and the order detail (so the checkout reply too) shows the link while the order
accepts an online payment."""

from typing import Protocol

from django.http import HttpRequest

from .models import Order
from .selectors import order_accepts_payment


class PaymentLinkBuilder(Protocol):
    def __call__(self, *, order: Order, request: HttpRequest | None) -> str | None: ...


_builders: list[PaymentLinkBuilder] = []


def register_payment_link_builder(builder: PaymentLinkBuilder) -> PaymentLinkBuilder:
    """Make `builder` produce pay links (the last one registered wins). Usable as a decorator."""
    _builders.append(builder)
    return builder


def unregister_payment_link_builder(builder: PaymentLinkBuilder) -> None:
    if builder in _builders:
        _builders.remove(builder)


def payment_link(*, order: Order, request: HttpRequest | None) -> str | None:
    """The URL where the customer pays `order` now, or None (nothing to pay, or no builder)."""
    if not _builders or not order_accepts_payment(order=order):
        return None
    return _builders[-1](order=order, request=request)
