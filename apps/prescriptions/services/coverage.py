"""Prescription coverage: which order lines an approved, unexpired prescription releases, and
the bookkeeping that stops one prescription's packs being used twice."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.products.models import ProductSubstance

from ..models import Prescription, PrescriptionItem, PrescriptionStatus, PrescriptionUsage


@dataclass(frozen=True)
class CoverageResult:
    """`missing` maps product id -> packs not covered; empty means every line is covered."""

    missing: dict[int, int] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def _single_substance_of(product_ids: Iterable[int]) -> dict[int, int]:
    """product id -> its substance id, for products with exactly one active substance."""
    substances: dict[int, list[int]] = defaultdict(list)
    for product_id, substance_id in ProductSubstance.objects.filter(
        product_id__in=list(product_ids)
    ).values_list("product_id", "substance_id"):
        substances[product_id].append(substance_id)
    return {pid: ids[0] for pid, ids in substances.items() if len(ids) == 1}


@transaction.atomic
def prescription_coverage_claim(
    *, owner, prescription_ids: Sequence[int], lines: Sequence[tuple[int, int]], reference: str
) -> CoverageResult:
    """All or nothing: claim packs for every (product id, quantity) line from the owner's
    approved, unexpired prescriptions, or claim nothing and report what is missing.

    Prescriptions are locked in primary-key order, so concurrent claims cannot both spend the
    same packs."""
    today = timezone.localdate()
    prescriptions = list(
        Prescription.objects.select_for_update()
        .filter(
            pk__in=list(prescription_ids),
            owner=owner,
            status=PrescriptionStatus.APPROVED,
            valid_until__gte=today,
        )
        .order_by("pk")
    )
    items = list(
        PrescriptionItem.objects.filter(prescription__in=prescriptions).order_by(
            "prescription__valid_until", "pk"
        )
    )
    used = dict(
        PrescriptionUsage.objects.filter(item__in=items, released_at__isnull=True)
        .values("item")
        .annotate(total=Sum("quantity"))
        .values_list("item", "total")
    )
    remaining = {item.pk: item.quantity - used.get(item.pk, 0) for item in items}
    substance_of = _single_substance_of(product_id for product_id, _ in lines)

    usages: list[PrescriptionUsage] = []
    missing: dict[int, int] = {}
    for product_id, quantity in lines:
        need = quantity
        for item in items:
            covers = item.product_id == product_id or (
                item.substance_id is not None and item.substance_id == substance_of.get(product_id)
            )
            if not covers or remaining[item.pk] <= 0:
                continue
            take = min(need, remaining[item.pk])
            remaining[item.pk] -= take
            need -= take
            usages.append(
                PrescriptionUsage(
                    item=item, product_id=product_id, reference=reference, quantity=take
                )
            )
            if need == 0:
                break
        if need:
            missing[product_id] = missing.get(product_id, 0) + need
    if not missing:
        PrescriptionUsage.objects.bulk_create(usages)
    return CoverageResult(missing=missing)


def prescription_coverage_release(*, reference: str) -> int:
    """Give back the packs an order claimed (the order was cancelled). Idempotent."""
    return PrescriptionUsage.objects.filter(reference=reference, released_at__isnull=True).update(
        released_at=timezone.now()
    )
