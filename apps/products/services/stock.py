"""Stock services: every change of a batch's `quantity` or `reserved` happens here, under row
locks taken by `apps.products.locks`, and is journaled as one `StockMovement` per batch.

The life of a unit: `stock_receive` puts it on the shelf; `stock_reserve` holds it for an order
(FEFO); then either `stock_release` returns it (order cancelled or expired) or `stock_sell`
hands it over (quantity and reserved both drop). `stock_write_off` and `stock_correct` are the
pharmacist's tools for damaged goods and stock-takes. The CHECK constraints on `StockBatch` are
the backstop should any code path get this wrong.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ValidationFailed
from apps.users.models import User

from ..cache import catalog_cache_invalidate
from ..errors import (
    BatchExpired,
    BatchStockTooLow,
    InsufficientStock,
    InvalidStockQuantity,
    LotExpiryMismatch,
)
from ..locks import lock_batches, lock_sellable_batches
from ..models import Product, StockBatch, StockMovement, StockMovementKind
from ..selectors import sellable_cutoff


class Allocation(NamedTuple):
    """Units of one batch held for (or sold to) an order line."""

    batch: StockBatch
    quantity: int


def _positive_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise InvalidStockQuantity(details={"quantity": str(quantity)[:20]})
    return quantity


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give a reason for this stock change."),
            code="reason_required",
            details={"reason": [_("This field is required.")]},
        )
    return reason


def _apply(
    *,
    changes: list[tuple[StockBatch, int, int]],
    kind: str,
    actor: User | None,
    reason: str = "",
    reference: str = "",
) -> None:
    """Write (batch, quantity delta, reserved delta) changes to locked batches and journal them."""
    movements = []
    for batch, quantity_delta, reserved_delta in changes:
        batch.quantity += quantity_delta
        batch.reserved += reserved_delta
        movements.append(
            StockMovement(
                batch=batch,
                kind=kind,
                quantity_delta=quantity_delta,
                reserved_delta=reserved_delta,
                quantity_after=batch.quantity,
                reserved_after=batch.reserved,
                actor=actor,
                reason=reason[:255],
                reference=reference[:64],
            )
        )
        # Relative updates: should a caller ever bypass the locks, the CHECK constraints still
        # see the true totals instead of a stale absolute value.
        StockBatch.objects.filter(pk=batch.pk).update(
            quantity=F("quantity") + quantity_delta, reserved=F("reserved") + reserved_delta
        )
    StockMovement.objects.bulk_create(movements)
    catalog_cache_invalidate()


def _allocations_by_batch(allocations: Iterable[tuple[StockBatch | int, int]]) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for batch, quantity in allocations:
        batch_id = batch.pk if isinstance(batch, StockBatch) else int(batch)
        totals[batch_id] += _positive_quantity(quantity)
    return dict(totals)


def _locked_for(totals: dict[int, int], *, need: str) -> dict[int, StockBatch]:
    """Lock the batches of `totals` and check each holds enough reserved units."""
    batches = lock_batches(totals)
    short = [
        {
            "batch_id": batch_id,
            "requested": quantity,
            "reserved": batches[batch_id].reserved if batch_id in batches else 0,
        }
        for batch_id, quantity in sorted(totals.items())
        if batch_id not in batches or batches[batch_id].reserved < quantity
    ]
    if short:
        raise BatchStockTooLow(details={"need": need, "batches": short})
    return batches


@transaction.atomic
def stock_receive(
    *,
    product: Product,
    lot_number: str,
    expiry_date: date,
    quantity: int,
    cost: Decimal | None = None,
    actor: User | None = None,
    reason: str = "",
    reference: str = "",
) -> StockBatch:
    """Put `quantity` units of a lot on the shelf: a new batch, or more of a lot already held
    (which must then have the same expiry date)."""
    quantity = _positive_quantity(quantity)
    lot_number = lot_number.strip()
    if not lot_number:
        raise ValidationFailed(details={"lot_number": [_("This field is required.")]})
    if expiry_date <= timezone.localdate():
        raise BatchExpired(details={"expiry_date": expiry_date.isoformat()})
    batch, _created = StockBatch.objects.get_or_create(
        product=product,
        lot_number=lot_number,
        defaults={"expiry_date": expiry_date, "quantity": 0, "cost": cost},
    )
    batch = lock_batches([batch.pk])[batch.pk]
    if batch.expiry_date != expiry_date:
        raise LotExpiryMismatch(
            details={"lot_number": lot_number, "expiry_date": batch.expiry_date.isoformat()}
        )
    if cost is not None and batch.cost != cost:
        batch.cost = cost
        batch.save(update_fields=["cost"])
    _apply(
        changes=[(batch, quantity, 0)],
        kind=StockMovementKind.RECEIPT,
        actor=actor,
        reason=reason,
        reference=reference,
    )
    return batch


@transaction.atomic
def stock_reserve(
    *, items: Iterable[tuple[int, int]], reference: str, actor: User | None = None
) -> dict[int, list[Allocation]]:
    """Hold stock for an order: per product id, FEFO allocations over sellable batches.

    All or nothing: if any product is short, nothing is reserved and `InsufficientStock`
    names every short product with the quantity requested and available."""
    requested: dict[int, int] = defaultdict(int)
    for product_id, quantity in items:
        requested[int(product_id)] += _positive_quantity(quantity)
    batches_by_product: dict[int, list[StockBatch]] = defaultdict(list)
    for batch in lock_sellable_batches(product_ids=requested, cutoff=sellable_cutoff()):
        batches_by_product[batch.product_id].append(batch)

    allocations: dict[int, list[Allocation]] = {}
    short = []
    for product_id, wanted in sorted(requested.items()):
        fefo = sorted(
            batches_by_product[product_id], key=lambda b: (b.expiry_date, b.received_at, b.pk)
        )
        remaining, taken = wanted, []
        for batch in fefo:
            if remaining == 0:
                break
            quantity = min(batch.available, remaining)
            if quantity > 0:
                taken.append(Allocation(batch=batch, quantity=quantity))
                remaining -= quantity
        if remaining:
            short.append(
                {"product_id": product_id, "requested": wanted, "available": wanted - remaining}
            )
        allocations[product_id] = taken
    if short:
        names = dict(
            Product.objects.filter(pk__in=[s["product_id"] for s in short]).values_list(
                "pk", "name_uz"
            )
        )
        for item in short:
            item["name"] = names.get(item["product_id"], "")
        raise InsufficientStock(details={"items": short})

    _apply(
        changes=[(a.batch, 0, a.quantity) for taken in allocations.values() for a in taken],
        kind=StockMovementKind.RESERVATION,
        actor=actor,
        reference=reference,
    )
    return allocations


@transaction.atomic
def stock_release(
    *,
    allocations: Iterable[tuple[StockBatch | int, int]],
    reference: str,
    actor: User | None = None,
    reason: str = "",
) -> list[StockBatch]:
    """Return reserved units to the very batches they were held on (order cancelled or its
    reservation expired). Releasing more than a batch holds reserved is refused."""
    totals = _allocations_by_batch(allocations)
    batches = _locked_for(totals, need="reserved")
    changes = [(batches[batch_id], 0, -quantity) for batch_id, quantity in sorted(totals.items())]
    _apply(
        changes=changes,
        kind=StockMovementKind.RELEASE,
        actor=actor,
        reason=reason,
        reference=reference,
    )
    return [batch for batch, _q, _r in changes]


@transaction.atomic
def stock_sell(
    *,
    allocations: Iterable[tuple[StockBatch | int, int]],
    reference: str,
    actor: User | None = None,
) -> list[StockBatch]:
    """Hand reserved units over to the buyer: both quantity and reserved drop by the sold units,
    and each product's popularity grows by the units sold (the catalog's default order)."""
    totals = _allocations_by_batch(allocations)
    batches = _locked_for(totals, need="reserved")
    changes = [
        (batches[batch_id], -quantity, -quantity) for batch_id, quantity in sorted(totals.items())
    ]
    _apply(changes=changes, kind=StockMovementKind.SALE, actor=actor, reference=reference)
    sold: dict[int, int] = defaultdict(int)
    for batch, quantity_delta, _r in changes:
        sold[batch.product_id] -= quantity_delta
    for product_id, quantity in sorted(sold.items()):
        Product.objects.filter(pk=product_id).update(popularity=F("popularity") + quantity)
    return [batch for batch, _q, _r in changes]


@transaction.atomic
def stock_write_off(
    *,
    batch: StockBatch,
    quantity: int,
    reason: str,
    actor: User | None = None,
    reference: str = "",
) -> StockBatch:
    """Remove damaged, lost or expired units from a batch. Units held for orders cannot be
    written off: release them first."""
    quantity = _positive_quantity(quantity)
    reason = _required_reason(reason)
    batch = lock_batches([batch.pk])[batch.pk]
    if batch.available < quantity:
        raise BatchStockTooLow(
            details={"batch_id": batch.pk, "requested": quantity, "available": batch.available}
        )
    _apply(
        changes=[(batch, -quantity, 0)],
        kind=StockMovementKind.WRITE_OFF,
        actor=actor,
        reason=reason,
        reference=reference,
    )
    return batch


@transaction.atomic
def stock_correct(
    *,
    batch: StockBatch,
    counted_quantity: int,
    reason: str,
    actor: User | None = None,
    reference: str = "",
) -> StockBatch:
    """Set a batch's on-hand quantity to what a stock-take counted. It cannot go below the units
    reserved for orders. A count equal to the book quantity records nothing."""
    if isinstance(counted_quantity, bool) or not isinstance(counted_quantity, int):
        raise InvalidStockQuantity(details={"quantity": str(counted_quantity)[:20]})
    reason = _required_reason(reason)
    batch = lock_batches([batch.pk])[batch.pk]
    if counted_quantity < batch.reserved:
        raise BatchStockTooLow(
            details={"batch_id": batch.pk, "counted": counted_quantity, "reserved": batch.reserved}
        )
    delta = counted_quantity - batch.quantity
    if delta:
        _apply(
            changes=[(batch, delta, 0)],
            kind=StockMovementKind.CORRECTION,
            actor=actor,
            reason=reason,
            reference=reference,
        )
    return batch
