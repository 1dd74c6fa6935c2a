"""The only place that takes row locks on carts and orders.

Lock order across the shop: cart → order → stock batches (products/locks.py, primary-key order)
→ prescriptions (coverage claim, primary-key order). Every path takes a prefix of this chain,
so no two transactions wait on each other in a cycle."""

from datetime import datetime

from .models import Cart, Order


def lock_cart(*, customer) -> Cart:
    """The customer's cart, created if needed, locked: one customer's cart changes and
    checkouts run one at a time."""
    cart, _created = Cart.objects.get_or_create(customer=customer)
    return Cart.objects.select_for_update().get(pk=cart.pk)


def lock_order(*, order_id: int) -> Order:
    """The order row, locked for a status change (waits for a concurrent change)."""
    return Order.objects.select_for_update().get(pk=order_id)


def lock_order_if_expired(
    *, order_id: int, statuses: frozenset[str], now: datetime
) -> Order | None:
    """The order locked if it still waits in `statuses` past its reservation, else None. Rows
    another worker holds are skipped, so racing expiry runs never handle one order twice."""
    return (
        Order.objects.select_for_update(skip_locked=True)
        .filter(pk=order_id, status__in=statuses, reservation_expires_at__lte=now)
        .first()
    )
