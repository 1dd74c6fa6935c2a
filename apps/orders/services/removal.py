"""Taking packs the pharmacy cannot supply off an order, before it is handed over.

One transaction, in the shop's lock order: the order row, then the line's stock batches
(`stock_release`, primary-key order), then prescriptions (coverage claim). Because the order row
is locked first, two operators removing the same line queue: the second sees what the first
left and is refused (`not_found` / `nothing_to_remove`), so a line is never released twice."""

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.core.roles import STAFF_ROLES
from apps.notifications.models import NotificationType
from apps.prescriptions.services import prescription_coverage_release
from apps.products.services import stock_release

from .. import events
from ..errors import (
    InvalidRemovalQuantity,
    LastOrderLine,
    NothingToRemove,
    OrderChangeNotAllowed,
    OrderItemNotFound,
    OrderNotChangeable,
    ReasonRequired,
)
from ..locks import lock_order
from ..models import (
    Order,
    OrderItem,
    OrderItemAllocation,
    OrderItemRemoval,
    OrderStatusHistory,
    StockState,
)
from ..pricing import AddressSnapshot, delivery_fee_quote
from ..state import LINE_REMOVAL_STATUSES, actor_role
from .lifecycle import order_notify, order_prescription_claim

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")

LineRemovalCheck = Callable[..., bool]
_removal_checks: list[LineRemovalCheck] = []


def register_line_removal_check(check: LineRemovalCheck) -> LineRemovalCheck:
    """Let a higher app veto line removals: `check(*, order) -> bool`, False when the goods
    have left the pharmacy's hands although the order's status does not say so yet (delivery:
    a courier picked the bag up)."""
    _removal_checks.append(check)
    return check


def unregister_line_removal_check(check: LineRemovalCheck) -> None:
    if check in _removal_checks:
        _removal_checks.remove(check)


def _release_units(*, item: OrderItem, quantity: int, order: Order, actor, reason: str) -> None:
    """Return `quantity` reserved units of the line to stock, from the batches expiring last,
    so what stays on the order is still first-expiring first (FEFO)."""
    allocations = list(
        OrderItemAllocation.objects.filter(item=item)
        .select_related("batch")
        .order_by("-batch__expiry_date", "-batch_id")
    )
    released: list[tuple[int, int]] = []
    left = quantity
    for allocation in allocations:
        if left == 0:
            break
        take = min(allocation.quantity, left)
        released.append((allocation.batch_id, take))
        left -= take
        if take == allocation.quantity:
            allocation.delete()
        else:
            allocation.quantity -= take
            allocation.save(update_fields=["quantity"])
    stock_release(
        allocations=sorted(released),
        reference=order.number,
        actor=actor,
        reason=f"Line removed: {reason}",
    )


def _prescription_reclaim(*, order: Order) -> None:
    """The order holds prescription packs for lines that changed: give them back and claim
    again for what is left. Should the new claim fall short (a prescription expired since),
    the savepoint keeps the claim as it was rather than leave the order uncovered."""
    try:
        with transaction.atomic():
            prescription_coverage_release(reference=order.number)
            order.prescription_claimed = False
            if not order_prescription_claim(order=order):
                raise _ClaimShort
    except _ClaimShort:
        order.prescription_claimed = True


class _ClaimShort(Exception):
    pass


def _delivery_fee_after(*, order: Order, items_total: Decimal) -> Decimal:
    """The fee for what is left, never more than the customer was charged: a removal is the
    pharmacy's shortfall, so losing a free-delivery threshold does not cost the customer."""
    address = AddressSnapshot(
        text=order.address_text,
        latitude=order.address_latitude,
        longitude=order.address_longitude,
    )
    try:
        quote = delivery_fee_quote(
            customer=order.customer,
            delivery_type=order.delivery_type,
            address=address if order.address_text else None,
            items_total=items_total,
        )
    except DomainError:
        # The address was accepted at checkout; a zone changed since. Keep the fee charged.
        return order.delivery_fee
    return min(order.delivery_fee, quote)


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(details={"reason": [_("This field is required.")]})
    return reason[:400]


def order_lines_removable(*, order: Order) -> bool:
    """Whether staff may take lines off `order` now: not handed over, its stock still held, and
    every registered check agrees (the delivery app: the courier has not taken the bag)."""
    if order.status not in LINE_REMOVAL_STATUSES or order.stock_state != StockState.RESERVED:
        return False
    return all(check(order=order) for check in _removal_checks)


@transaction.atomic
def order_item_reduce(
    *, order: Order, item_id: int, keep: int, actor, reason: str
) -> OrderItemRemoval:
    """Staff take packs of one line off an order before handover, keeping `keep` packs (0
    removes the line). Stock goes back to the batches, totals and the delivery fee are
    recomputed, the history and the customer are told, and `order_items_removed` is sent after
    commit (payments refunds a paid order). Raises 403 for non-staff, 400 without a reason or
    for `keep` not below the line's quantity, 404 for a line not in the order, 409 after
    handover (`order_not_changeable`), for the only line (`last_order_line`: cancel instead)
    and when the line already has `keep` packs (`nothing_to_remove`)."""
    if actor is None or actor.role not in STAFF_ROLES:
        raise OrderChangeNotAllowed()
    reason = _checked_reason(reason)
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 0:
        raise InvalidRemovalQuantity(details={"keep": str(keep)[:20]})
    order = lock_order(order_id=order.pk)
    if not order_lines_removable(order=order):
        raise OrderNotChangeable(details={"status": order.status})
    item = OrderItem.objects.filter(order=order, pk=item_id).first()
    if item is None:
        raise OrderItemNotFound(details={"item_id": item_id})
    if keep == item.quantity:
        raise NothingToRemove(details={"item_id": item.pk, "quantity": item.quantity})
    if keep > item.quantity:
        raise InvalidRemovalQuantity(details={"keep": keep, "quantity": item.quantity})
    if keep == 0 and not OrderItem.objects.filter(order=order).exclude(pk=item.pk).exists():
        raise LastOrderLine(details={"item_id": item.pk})

    removed = item.quantity - keep
    _release_units(item=item, quantity=removed, order=order, actor=actor, reason=reason)
    removal = OrderItemRemoval(
        order=order,
        product_id=item.product_id,
        product_name=item.product_name,
        unit_price=item.unit_price,
        quantity=removed,
        quantity_kept=keep,
        requires_prescription=item.requires_prescription,
        ikpu_code=item.ikpu_code,
        package_code=item.package_code,
        vat_percent=item.vat_percent,
        items_amount=item.unit_price * removed,
        total_before=order.total,
        order_status=order.status,
        was_paid=order.paid_at is not None,
        actor=actor,
        actor_role=actor_role(actor),
        reason=reason,
    )
    if keep:
        item.quantity = keep
        item.line_total = item.unit_price * keep
        item.save(update_fields=["quantity", "line_total"])
    else:
        item.delete()

    lines = OrderItem.objects.filter(order=order)
    items_total = lines.aggregate(total=Sum("line_total"))["total"] or ZERO
    delivery_fee = _delivery_fee_after(order=order, items_total=items_total)
    removal.delivery_fee_reduction = order.delivery_fee - delivery_fee
    removal.amount = removal.items_amount + removal.delivery_fee_reduction
    order.items_total = items_total
    order.delivery_fee = delivery_fee
    order.total = items_total + delivery_fee
    removal.total_after = order.total
    order.requires_prescription = lines.filter(requires_prescription=True).exists()
    if item.requires_prescription and order.prescription_claimed:
        _prescription_reclaim(order=order)
    order.save()
    removal.save()

    OrderStatusHistory.objects.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        actor=actor,
        actor_role=removal.actor_role,
        reason=(f"Removed {removed} x {item.product_name} ({removal.amount} so'm): {reason}")[:500],
    )
    order_notify(
        order=order,
        type=NotificationType.ORDER_CHANGED,
        context={"product": item.product_name, "quantity": removed, "total": str(order.total)},
    )
    transaction.on_commit(
        partial(
            _publish_removal,
            order_id=order.pk,
            order_number=order.number,
            removal_id=removal.pk,
            amount=removal.amount,
            actor_id=actor.pk,
        )
    )
    return removal


def order_item_remove(*, order: Order, item_id: int, actor, reason: str) -> OrderItemRemoval:
    """Take a whole line off an order (see `order_item_reduce`)."""
    return order_item_reduce(order=order, item_id=item_id, keep=0, actor=actor, reason=reason)


def _publish_removal(**event) -> None:
    for receiver, result in events.order_items_removed.send_robust(sender=Order, **event):
        if isinstance(result, Exception):
            logger.error(
                "order_items_removed receiver %s failed for order %s",
                getattr(receiver, "__qualname__", receiver),
                event["order_number"],
                exc_info=result,
            )
