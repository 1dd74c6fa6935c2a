"""Order test data is made through the real services (cart → checkout → transitions), so the
stock journal, allocations and history always match what production would hold."""

import uuid
from decimal import Decimal

from apps.orders.models import DeliveryType, Order, PaymentMethod
from apps.orders.pricing import AddressSnapshot
from apps.orders.services import cart_item_add, order_checkout
from apps.products.models import Product
from tests.products.factories import ProductFactory, receive

ADDRESS = AddressSnapshot(
    text="Toshkent, Chilonzor 9-kvartal, 12-uy",
    latitude=Decimal("41.285000"),
    longitude=Decimal("69.204000"),
)


def stocked_product(quantity: int = 20, *, days: int = 365, **fields) -> Product:
    """An active product with `quantity` sellable units in one batch."""
    product = ProductFactory(**fields)
    if quantity:
        receive(product, quantity, days=days)
    return product


def fill_cart(customer, lines) -> None:
    for product, quantity in lines:
        cart_item_add(customer=customer, product_id=product.pk, quantity=quantity)


def place_order(
    customer,
    lines=None,
    *,
    payment_method: str = PaymentMethod.PAYME,
    delivery_type: str = DeliveryType.COURIER,
    address: AddressSnapshot | None = ADDRESS,
    prescription_ids: list[int] | None = None,
    key: str | None = None,
) -> Order:
    """Put `lines` [(product, quantity)] in the customer's cart and check out."""
    fill_cart(customer, lines if lines is not None else [(stocked_product(), 1)])
    return order_checkout(
        customer=customer,
        idempotency_key=key or uuid.uuid4().hex,
        payment_method=payment_method,
        delivery_type=delivery_type,
        address=address if delivery_type == DeliveryType.COURIER else None,
        prescription_ids=prescription_ids,
    ).order
