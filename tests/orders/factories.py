"""Order test data is made through the real services (cart → checkout → transitions), so the
stock journal, allocations and history always match what production would hold."""

import uuid
from decimal import Decimal

from apps.orders.models import DeliveryType, Order, PaymentMethod
from apps.orders.pricing import AddressSnapshot
from apps.orders.services import cart_item_add, order_checkout
from apps.products.models import Product
from tests.products.factories import ProductFactory, receive
from tests.users.factories import CustomerFactory

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


def named(name: str) -> dict:
    """The same product name in every catalog language."""
    return {"name_uz": name, "name_ru": name, "name_en": name}


def two_line_order(method=PaymentMethod.CASH, delivery=DeliveryType.COURIER):
    """Aspirin 3 x 10 000 and vitamins 2 x 4 500 (+ the 15 000 courier fee): 54 000 so'm."""
    aspirin = stocked_product(20, price=Decimal("10000.00"), **named("Aspirin"))
    vitamins = stocked_product(20, price=Decimal("4500.00"), **named("Vitamin C"))
    order = place_order(
        CustomerFactory(),
        [(aspirin, 3), (vitamins, 2)],
        payment_method=method,
        delivery_type=delivery,
    )
    return order, order.items.get(product=aspirin), order.items.get(product=vitamins)
