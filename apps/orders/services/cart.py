"""The customer's cart. Nothing is reserved here: the cart refuses what could not be bought now
(inactive products, more than the per-product limit, more than is sellable), and checkout
checks stock again under locks."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from apps.products.errors import InsufficientStock
from apps.products.models import Product
from apps.products.selectors import product_sellable_quantities

from ..errors import CartFull, CartItemNotFound, ProductUnavailable, QuantityLimitExceeded
from ..locks import lock_cart
from ..models import Cart, CartItem, Order


def _product_for_sale(product_id: int) -> Product:
    product = Product.objects.filter(pk=product_id, is_active=True).first()
    if product is None:
        raise ProductUnavailable(details={"items": [{"product_id": product_id}]})
    return product


def _quantity_check(*, product: Product, quantity: int) -> None:
    limit = settings.CART_MAX_QUANTITY_PER_PRODUCT
    if quantity > limit:
        raise QuantityLimitExceeded(
            details={"product_id": product.pk, "requested": quantity, "max": limit}
        )
    available = product_sellable_quantities(product_ids=[product.pk])[product.pk]
    if quantity > available:
        raise InsufficientStock(
            details={
                "items": [
                    {
                        "product_id": product.pk,
                        "name": product.name_uz,
                        "requested": quantity,
                        "available": available,
                    }
                ]
            }
        )


def _item_of(cart: Cart, item_id: int) -> CartItem:
    item = cart.items.select_related("product").filter(pk=item_id).first()
    if item is None:
        raise CartItemNotFound()
    return item


@transaction.atomic
def cart_item_add(*, customer, product_id: int, quantity: int) -> CartItem:
    """Add packs of a product to the cart (on top of those already there)."""
    cart = lock_cart(customer=customer)
    product = _product_for_sale(product_id)
    item = cart.items.filter(product=product).first()
    if item is None and cart.items.count() >= settings.CART_MAX_ITEMS:
        raise CartFull(details={"max_items": settings.CART_MAX_ITEMS})
    total = quantity + (item.quantity if item else 0)
    _quantity_check(product=product, quantity=total)
    if item is None:
        return CartItem.objects.create(cart=cart, product=product, quantity=total)
    item.quantity = total
    item.save(update_fields=["quantity", "updated_at"])
    return item


@transaction.atomic
def cart_item_update(*, customer, item_id: int, quantity: int) -> CartItem:
    """Set the number of packs of one cart line."""
    cart = lock_cart(customer=customer)
    item = _item_of(cart, item_id)
    _product_for_sale(item.product_id)
    _quantity_check(product=item.product, quantity=quantity)
    item.quantity = quantity
    item.save(update_fields=["quantity", "updated_at"])
    return item


@transaction.atomic
def cart_item_remove(*, customer, item_id: int) -> None:
    cart = lock_cart(customer=customer)
    _item_of(cart, item_id).delete()


@transaction.atomic
def cart_clear(*, customer) -> None:
    cart = lock_cart(customer=customer)
    cart.items.all().delete()


@dataclass
class ReorderResult:
    """What went back into the cart, and what did not with a reason (`inactive`,
    `out_of_stock`, `quantity_limit`, `cart_full`)."""

    added: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)


@transaction.atomic
def cart_fill_from_order(*, customer, order: Order) -> ReorderResult:
    """Put the products of an earlier order back into the cart, as many packs of each as can
    be bought now (up to the ordered quantity)."""
    cart = lock_cart(customer=customer)
    lines = list(order.items.select_related("product").order_by("id"))
    in_cart = {item.product_id: item for item in cart.items.all()}
    sellable = product_sellable_quantities(product_ids=[line.product_id for line in lines])
    limit, result = settings.CART_MAX_QUANTITY_PER_PRODUCT, ReorderResult()
    for line in lines:
        product, existing = line.product, in_cart.get(line.product_id)
        have = existing.quantity if existing else 0
        room = min(limit, sellable[product.pk]) - have
        entry = {"product_id": product.pk, "name": line.product_name}
        if not product.is_active:
            result.skipped.append({**entry, "reason": "inactive"})
        elif sellable[product.pk] <= have:
            result.skipped.append({**entry, "reason": "out_of_stock"})
        elif room <= 0:
            result.skipped.append({**entry, "reason": "quantity_limit"})
        elif existing is None and len(in_cart) >= settings.CART_MAX_ITEMS:
            result.skipped.append({**entry, "reason": "cart_full"})
        else:
            quantity = min(line.quantity, room)
            if existing is None:
                in_cart[product.pk] = CartItem.objects.create(
                    cart=cart, product=product, quantity=quantity
                )
            else:
                existing.quantity = have + quantity
                existing.save(update_fields=["quantity", "updated_at"])
            result.added.append({**entry, "quantity": quantity})
    return result
