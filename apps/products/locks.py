"""The only place that takes row locks on stock batches. Locks are always taken in primary-key
order, so two transactions touching the same batches (in whatever order their callers listed
the products) queue behind each other instead of deadlocking."""

from collections.abc import Iterable
from datetime import date

from .models import StockBatch


def lock_batches(batch_ids: Iterable[int]) -> dict[int, StockBatch]:
    """Lock the given batches (primary-key order) and return them by id."""
    batches = StockBatch.objects.select_for_update().filter(pk__in=set(batch_ids)).order_by("pk")
    return {batch.pk: batch for batch in batches}


def lock_sellable_batches(*, product_ids: Iterable[int], cutoff: date) -> list[StockBatch]:
    """Lock every sellable batch of the given products (primary-key order)."""
    return list(
        StockBatch.objects.select_for_update()
        .sellable(cutoff=cutoff)
        .filter(product_id__in=set(product_ids))
        .order_by("pk")
    )
