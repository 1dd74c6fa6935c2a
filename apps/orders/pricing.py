"""Delivery fees. The orders app only knows a flat fee with a free-delivery threshold; the delivery
app (higher up) registers a zone-based quoter with `register_delivery_quoter` from its
`AppConfig.ready`. A quoter may raise a DomainError (e.g. an address outside every zone → 400),
which checkout lets through unchanged."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings

from apps.core.money import to_decimal

from .models import DeliveryType


@dataclass(frozen=True)
class AddressSnapshot:
    """Where an order goes, as copied onto the order at checkout."""

    text: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class DeliveryQuoter(Protocol):
    def __call__(self, *, customer, address: AddressSnapshot, items_total: Decimal) -> Decimal: ...


_quoters: list[DeliveryQuoter] = []


def register_delivery_quoter(quoter: DeliveryQuoter) -> DeliveryQuoter:
    """Make `quoter` price courier deliveries (the last one registered wins). Usable as a
    decorator."""
    _quoters.append(quoter)
    return quoter


def unregister_delivery_quoter(quoter: DeliveryQuoter) -> None:
    if quoter in _quoters:
        _quoters.remove(quoter)


def flat_delivery_fee(*, customer, address: AddressSnapshot, items_total: Decimal) -> Decimal:
    """The default: `ORDER_DELIVERY_FEE`, free from `ORDER_FREE_DELIVERY_FROM` (0 = never)."""
    threshold = to_decimal(settings.ORDER_FREE_DELIVERY_FROM)
    if threshold and items_total >= threshold:
        return Decimal("0.00")
    return to_decimal(settings.ORDER_DELIVERY_FEE)


def delivery_fee_quote(
    *, customer, delivery_type: str, address: AddressSnapshot | None, items_total: Decimal
) -> Decimal:
    """The delivery fee for an order: nothing for pickup, else what the quoter says."""
    if delivery_type == DeliveryType.PICKUP or address is None:
        return Decimal("0.00")
    quoter: Callable[..., Decimal] = _quoters[-1] if _quoters else flat_delivery_fee
    return to_decimal(quoter(customer=customer, address=address, items_total=items_total))
