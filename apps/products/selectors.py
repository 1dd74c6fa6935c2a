"""Catalog and stock reads. Sellable stock is computed in the database (one subquery per
queryset), so lists annotate it without a query per product."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import NotFound, ValidationFailed

from .models import (
    ActiveSubstance,
    Category,
    Manufacturer,
    Product,
    ProductImage,
    ProductSubstance,
    StockBatch,
    StockMovement,
    StockStatus,
    active_language,
)
from .search import fold


class SimpleSearchVector(Func):
    """`to_tsvector('simple', column)`: exactly the expression of `product_search_fts_idx`."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


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


def stock_status(*, sellable_quantity: int) -> str:
    """What customers see instead of exact counts: in stock, few left or out of stock."""
    if sellable_quantity <= 0:
        return StockStatus.OUT_OF_STOCK
    if sellable_quantity <= settings.CATALOG_FEW_LEFT_QUANTITY:
        return StockStatus.FEW_LEFT
    return StockStatus.IN_STOCK


def _main_thumbnail() -> Subquery:
    return Subquery(
        ProductImage.objects.filter(product_id=OuterRef("pk"))
        .order_by("position", "pk")
        .values("thumbnail")[:1]
    )


def _category_descendant_ids(key: str) -> list[int]:
    """The active category named by id or slug and all its active descendants (one query)."""
    rows = list(Category.objects.filter(is_active=True).values_list("pk", "parent_id", "slug"))
    root = next((pk for pk, _parent, slug in rows if key in (str(pk), slug)), None)
    if root is None:
        raise ValidationFailed(details={"category": [_("Unknown category.")]})
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id, _slug in rows:
        children[parent_id].append(pk)
    found, frontier = [root], [root]
    while frontier:
        frontier = [child for parent in frontier for child in children[parent]]
        found += frontier
    return found


def _search(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Filter by a search text and annotate `relevance` (0..1, 2 for an exact barcode)."""
    folded = fold(text)
    code = text.strip()
    barcode_hit = Case(When(barcode=code, then=Value(2.0)), default=Value(0.0))
    if connection.vendor != "postgresql":
        condition = Q()
        for word in folded.split():
            condition &= Q(search_document__contains=word)
        return queryset.filter((condition if folded else Q(pk__in=[])) | Q(barcode=code)).annotate(
            relevance=Greatest(barcode_hit, Value(1.0), output_field=FloatField())
        )
    prefix_query = SearchQuery(
        " & ".join(f"{word}:*" for word in folded.split()) or "''",
        search_type="raw",
        config="simple",
    )
    return queryset.annotate(
        search_vector=SimpleSearchVector("search_document"),
        relevance=Greatest(
            barcode_hit,
            TrigramWordSimilarity(folded, "search_document"),
            output_field=FloatField(),
        ),
    ).filter(
        Q(search_document__trigram_word_similar=folded)
        | Q(search_vector=prefix_query)
        | Q(barcode=code)
    )


ORDERINGS = {
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "popularity": ("popularity", "pk"),
    "-popularity": ("-popularity", "pk"),
    "newest": ("-created_at", "-pk"),
    "name": ("{name}", "pk"),
    "-name": ("-{name}", "pk"),
}


def product_list(*, filters: dict, include_inactive: bool = False) -> QuerySet[Product]:
    """The catalog list: filters of the public API, sellable stock and main thumbnail annotated,
    searched results ranked by relevance (in tenths) then popularity. A constant number of
    queries whatever the page size."""
    queryset = Product.objects.select_related("manufacturer").annotate(
        sellable_quantity=sellable_quantity_expression(), thumbnail_name=_main_thumbnail()
    )
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    if filters.get("category"):
        queryset = queryset.filter(category_id__in=_category_descendant_ids(filters["category"]))
    for key in ("requires_prescription", "dosage_form"):
        if filters.get(key) is not None:
            queryset = queryset.filter(**{key: filters[key]})
    if filters.get("manufacturer"):
        queryset = queryset.filter(manufacturer_id=filters["manufacturer"])
    if filters.get("substance"):
        queryset = queryset.filter(
            pk__in=ProductSubstance.objects.filter(substance_id=filters["substance"]).values(
                "product_id"
            )
        )
    if filters.get("price_min") is not None:
        queryset = queryset.filter(price__gte=filters["price_min"])
    if filters.get("price_max") is not None:
        queryset = queryset.filter(price__lte=filters["price_max"])
    if filters.get("in_stock") is not None:
        # "Some sellable batch has an unreserved unit" is the same as a positive sum, and a
        # semi-join the planner runs far faster than the correlated sum over every product.
        in_stock = Exists(
            StockBatch.objects.sellable(cutoff=sellable_cutoff()).filter(
                product_id=OuterRef("pk"), quantity__gt=F("reserved")
            )
        )
        queryset = queryset.filter(in_stock if filters["in_stock"] else ~in_stock)

    ordering = filters.get("ordering")
    if filters.get("q"):
        queryset = _search(queryset, filters["q"])
        if not ordering:
            return queryset.order_by(Floor(F("relevance") * 10).desc(), "-popularity", "pk")
    name = f"name_{active_language()}"
    return queryset.order_by(*(f.format(name=name) for f in ORDERINGS[ordering or "-popularity"]))


def product_list_rows(*, ids: list[int]) -> list[Product]:
    """The products `ids` annotated as in `product_list` (stock, thumbnail, manufacturer), in
    the order of `ids`: the rows of a page whose ids (and count) a search already found."""
    by_id = (
        Product.objects.select_related("manufacturer")
        .annotate(
            sellable_quantity=sellable_quantity_expression(), thumbnail_name=_main_thumbnail()
        )
        .in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def _detail_queryset(*, include_inactive: bool) -> QuerySet[Product]:
    queryset = (
        Product.objects.select_related("manufacturer", "category")
        .prefetch_related(
            Prefetch(
                "compositions",
                queryset=ProductSubstance.objects.select_related("substance").order_by("pk"),
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
        )
        .annotate(sellable_quantity=sellable_quantity_expression())
    )
    return queryset if include_inactive else queryset.filter(is_active=True)


MAX_ID = 2**63 - 1


def _id_or_none(value: str | int) -> int | None:
    """An id that fits the primary key column, else None (so it can only be "not found")."""
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def product_get(*, key: str | int, include_inactive: bool = False) -> Product:
    """A product by id (all digits) or slug, with substances and images; inactive products
    only for staff."""
    lookup = {"pk": _id_or_none(key)} if str(key).isdigit() else {"slug": key}
    product = _detail_queryset(include_inactive=include_inactive).filter(**lookup).first()
    if product is None:
        raise NotFound()
    return product


def product_alternatives(*, key: str | int) -> QuerySet[Product]:
    """Active products with exactly the same set of active substances as the product named by
    id or slug: same strength and form first, then those in stock, then the cheapest."""
    product = product_get(key=key)
    substance_ids = {c.substance_id for c in product.compositions.all()}
    if not substance_ids:
        return Product.objects.none()
    containing_all = (
        ProductSubstance.objects.filter(substance_id__in=substance_ids)
        .values("product_id")
        .annotate(matching=Count("substance_id"))
        .filter(matching=len(substance_ids))
        .values("product_id")
    )
    something_else = ProductSubstance.objects.filter(product_id=OuterRef("pk")).exclude(
        substance_id__in=substance_ids
    )
    same_set = (
        Product.objects.filter(is_active=True, pk__in=containing_all)
        .exclude(pk=product.pk)
        .exclude(Exists(something_else))
        .values("pk")
    )
    return (
        Product.objects.filter(pk__in=same_set)
        .select_related("manufacturer")
        .annotate(
            sellable_quantity=sellable_quantity_expression(),
            thumbnail_name=_main_thumbnail(),
            is_same_dose=Case(
                When(dosage_form=product.dosage_form, strength=product.strength, then=Value(1)),
                default=Value(0),
            ),
        )
        .annotate(is_in_stock=Case(When(sellable_quantity__gt=0, then=Value(1)), default=Value(0)))
        .order_by("-is_same_dose", "-is_in_stock", "price", "pk")
    )


def category_tree() -> list[dict]:
    """Active categories as nested dicts (children ordered by position); one query. A child of
    an inactive category is hidden with it."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name_uz"))
    for category in categories:
        nodes[category.pk] = {"category": category, "children": []}
    for category in categories:
        node = nodes[category.pk]
        if category.parent_id is None:
            roots.append(node)
        elif category.parent_id in nodes:
            nodes[category.parent_id]["children"].append(node)
    return roots


def substance_list(*, search: str = "") -> QuerySet[ActiveSubstance]:
    """Substances by INN or Uzbek/Russian name (case-insensitive part of the name)."""
    queryset = ActiveSubstance.objects.order_by("inn")
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(inn__icontains=search)
            | Q(name_uz__icontains=search)
            | Q(name_ru__icontains=search)
            | Q(atc_code__istartswith=search)
        )
    return queryset


def manufacturer_list(*, search: str = "") -> QuerySet[Manufacturer]:
    queryset = Manufacturer.objects.order_by("name")
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset


def batch_list(*, product: Product) -> QuerySet[StockBatch]:
    """Every batch of a product, first-expiring first (for staff)."""
    return batch_list_fefo(product_id=product.pk)


def low_stock_list() -> QuerySet[Product]:
    """Active products at or below their low-stock threshold (sellable units, the same rule as
    the staff alerts), fewest sellable first. Two queries for any page (count, rows).

    The sellable units are summed in one grouped pass over the batches rather than one
    correlated subquery per product: over the whole catalog that is ~3x faster
    (docs/benchmarks.md, admin dashboard)."""
    sellable = Coalesce(
        Sum(
            F("batches__quantity") - F("batches__reserved"),
            filter=Q(batches__expiry_date__gt=sellable_cutoff()),
        ),
        Value(0),
    )
    return (
        Product.objects.filter(is_active=True)
        .annotate(sellable_quantity=sellable)
        .filter(sellable_quantity__lte=F("low_stock_threshold"))
        .order_by("sellable_quantity", "pk")
    )


def near_expiry_batch_list() -> QuerySet[StockBatch]:
    """Batches of active products with units on the shelf that expire within
    NEAR_EXPIRY_ALERT_DAYS (already expired ones too: they must come off the shelf),
    first-expiring first. Two queries for any page (count, rows with the product)."""
    horizon = timezone.localdate() + timedelta(days=settings.NEAR_EXPIRY_ALERT_DAYS)
    return (
        StockBatch.objects.filter(quantity__gt=0, expiry_date__lte=horizon, product__is_active=True)
        .select_related("product")
        .order_by("expiry_date", "pk")
    )


def batch_get(*, batch_id: int) -> StockBatch:
    batch = StockBatch.objects.select_related("product").filter(pk=_id_or_none(batch_id)).first()
    if batch is None:
        raise NotFound()
    return batch


def movement_list(*, batch: StockBatch) -> QuerySet[StockMovement]:
    """The stock history of a batch, newest first, with who made each change."""
    return batch.movements.select_related("actor").order_by("-created_at", "-pk")


def product_image_get(*, product_id: int, image_id: int) -> ProductImage:
    image = ProductImage.objects.filter(
        pk=_id_or_none(image_id), product_id=_id_or_none(product_id)
    ).first()
    if image is None:
        raise NotFound()
    return image
