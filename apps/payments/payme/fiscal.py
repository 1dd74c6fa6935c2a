"""The fiscal receipt Payme prints for a payment (`detail` of CheckPerformTransaction): one item
per order line at its price per unit in tiyin with IKPU code, package code and VAT rate, plus
the delivery as `shipping`. The items and shipping add up to the amount charged, exactly."""

from apps.core.money import som_to_tiyin
from apps.orders.models import Order
from apps.orders.selectors import order_fiscal_lines

RECEIPT_TYPE_SALE = 0
SHIPPING_TITLE = "Yetkazib berish xizmati"


class FiscalDetailMismatch(Exception):
    """The receipt would not add up to the order total: the order data is inconsistent."""


def payme_receipt_detail(*, order: Order) -> dict:
    lines, delivery_fee = order_fiscal_lines(order=order)
    items = [
        {
            "title": line.title,
            "price": som_to_tiyin(line.unit_price),
            "count": line.quantity,
            "code": line.ikpu_code,
            "package_code": line.package_code,
            "vat_percent": line.vat_percent,
        }
        for line in lines
    ]
    detail: dict = {"receipt_type": RECEIPT_TYPE_SALE, "items": items}
    shipping = som_to_tiyin(delivery_fee)
    if shipping:
        detail["shipping"] = {"title": SHIPPING_TITLE, "price": shipping}
    charged = sum(item["price"] * item["count"] for item in items) + shipping
    if charged != som_to_tiyin(order.total):
        raise FiscalDetailMismatch(f"order {order.number}: receipt {charged} != total")
    return detail
