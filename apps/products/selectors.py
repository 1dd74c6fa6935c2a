"""Catalog and stock reads. Sellable stock is computed in the database (one subquery per
queryset), so lists annotate it without a query per product."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Product, StockBatch


def sellable_cutoff() -> date:
    """Batches expiring on or before this date are not sold (today plus the minimum shelf life,
    in the shop's time zone)."""
    return timezone.localdate() + timedelta(days=settings.MIN_SHELF_LIFE_DAYS)


def sellable_quantity_expression(*, cutoff: date | None = None) -> Coalesce:
    """An expression for `Product` querysets: units that can be sold now."""
    per_product = (
        StockBatch.objects.sellable(cutoff=cutoff or sellable_cutoff())
        .filter(product_id=OuterRef("pk"))
        .order_by()
        .values("product_id")
        .annotate(total=Sum(F("quantity") - F("reserved")))
        .values("total")
    )
    return Coalesce(Subquery(per_product, output_field=IntegerField()), Value(0))


def product_list_with_stock(*, queryset: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """Products annotated with `sellable_quantity`."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.annotate(sellable_quantity=sellable_quantity_expression())


def product_sellable_quantities(*, product_ids: Iterable[int]) -> dict[int, int]:
    """Sellable units per product id in one query (0 for products without sellable stock)."""
    ids = set(product_ids)
    rows = (
        StockBatch.objects.sellable(cutoff=sellable_cutoff())
        .filter(product_id__in=ids)
        .values("product_id")
        .annotate(total=Sum(F("quantity") - F("reserved")))
    )
    quantities = dict.fromkeys(ids, 0)
    quantities.update({row["product_id"]: row["total"] for row in rows})
    return quantities


def batch_list_fefo(*, product_id: int) -> QuerySet[StockBatch]:
    """All batches of a product, first-expiring first (the order stock is allocated in)."""
    return StockBatch.objects.filter(product_id=product_id).order_by(
        "expiry_date", "received_at", "pk"
    )
