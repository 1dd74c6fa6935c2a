"""The zone-based delivery quoter checkout uses (registered with orders in
`DeliveryConfig.ready`): the fee of the cheapest zone serving the address now, or a 400 saying
why the address cannot be served. A fresh install with no zone at all keeps the orders app's
flat fee, so the shop works before anyone has drawn a zone."""

from decimal import Decimal

from django.utils import formats

from apps.orders.pricing import AddressSnapshot, flat_delivery_fee

from .errors import (
    AddressLocationRequired,
    AddressOutsideZones,
    BelowMinimumOrder,
    OutsideDeliveryHours,
)
from .selectors import QuoteRefusal, delivery_quote, zones_configured


def zone_delivery_fee(*, customer, address: AddressSnapshot, items_total: Decimal) -> Decimal:
    if not zones_configured():
        return flat_delivery_fee(customer=customer, address=address, items_total=items_total)
    if address.latitude is None or address.longitude is None:
        raise AddressLocationRequired()
    quote = delivery_quote(
        latitude=address.latitude, longitude=address.longitude, items_total=items_total
    )
    if quote.reason == QuoteRefusal.OUTSIDE_ZONES:
        raise AddressOutsideZones()
    if quote.reason == QuoteRefusal.OUTSIDE_HOURS:
        raise OutsideDeliveryHours(details={"opens_at": formats.time_format(quote.opens_at, "H:i")})
    if quote.reason == QuoteRefusal.BELOW_MINIMUM:
        raise BelowMinimumOrder(details={"min_order_total": str(quote.min_order_total)})
    return quote.fee
