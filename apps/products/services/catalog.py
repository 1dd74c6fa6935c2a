"""Catalog writes: products, their compositions, activation, and keeping the search document
and the public cache true to them."""

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict
from apps.users.models import User

from ..cache import catalog_cache_invalidate
from ..models import ActiveSubstance, Product, ProductSubstance
from ..search import build_search_document, fold

# Path segments under /api/v1/products/ that a product slug must never shadow.
RESERVED_SLUGS = frozenset({"categories", "substances", "manufacturers", "batches", "images"})

PRODUCT_FIELDS = frozenset(
    {
        "name_uz",
        "name_ru",
        "name_en",
        "description_uz",
        "description_ru",
        "description_en",
        "slug",
        "barcode",
        "category",
        "manufacturer",
        "dosage_form",
        "strength",
        "pack_size",
        "requires_prescription",
        "price",
        "ikpu_code",
        "package_code",
        "vat_percent",
        "is_active",
        "storage_conditions",
        "leaflet",
        "low_stock_threshold",
    }
)


class Composition(TypedDict, total=False):
    substance: ActiveSubstance
    amount: str
    unit: str


class BarcodeTaken(Conflict):
    code = "barcode_taken"
    default_message = _("Another product already has this barcode.")


class SlugTaken(Conflict):
    code = "slug_taken"
    default_message = _("Another product already has this slug.")


def _product_search_texts(product: Product) -> list[str]:
    texts = [product.name_uz, product.name_ru, product.name_en, product.strength]
    for composition in product.compositions.all():
        substance = composition.substance
        texts += [substance.inn, substance.name_uz, substance.name_ru]
    if product.manufacturer is not None:
        texts.append(product.manufacturer.name)
    return texts


def product_search_refresh(*, product_ids: Iterable[int]) -> int:
    """Rewrite the folded search document of the given products (names, substances, maker)."""
    products = list(
        Product.objects.filter(pk__in=set(product_ids))
        .select_related("manufacturer")
        .prefetch_related("compositions__substance")
    )
    for product in products:
        product.search_document = build_search_document(_product_search_texts(product))
    Product.objects.bulk_update(products, ["search_document"], batch_size=1000)
    return len(products)


def product_changed(*, product_ids: Iterable[int]) -> None:
    """Call after any product edit made outside these services (Django admin)."""
    product_search_refresh(product_ids=product_ids)
    catalog_cache_invalidate()


def catalog_reference_changed(
    *, substance_ids: Iterable[int] = (), manufacturer_ids: Iterable[int] = ()
) -> None:
    """A substance or manufacturer was renamed: refresh the products that show its name."""
    product_ids = set(
        ProductSubstance.objects.filter(substance_id__in=list(substance_ids)).values_list(
            "product_id", flat=True
        )
    )
    product_ids |= set(
        Product.objects.filter(manufacturer_id__in=list(manufacturer_ids)).values_list(
            "pk", flat=True
        )
    )
    product_search_refresh(product_ids=product_ids)
    catalog_cache_invalidate()


def _unique_slug(product: Product) -> str:
    base = slugify(fold(f"{product.name_en or product.name_uz} {product.strength}"))[:250]
    if not base or base.isdigit() or base in RESERVED_SLUGS:
        base = f"product-{base}".strip("-")
    slug, suffix = base, 2
    while Product.objects.filter(slug=slug).exclude(pk=product.pk).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _check_unique(product: Product) -> None:
    others = Product.objects.exclude(pk=product.pk)
    if product.barcode and others.filter(barcode=product.barcode).exists():
        raise BarcodeTaken(details={"barcode": product.barcode})
    if product.slug in RESERVED_SLUGS or others.filter(slug=product.slug).exists():
        raise SlugTaken(details={"slug": product.slug})


def _save(product: Product, compositions: list[Composition] | None) -> Product:
    try:
        with transaction.atomic():
            product.save()
            if compositions is not None:
                _set_compositions(product, compositions)
    except IntegrityError as exc:
        # A concurrent writer took the barcode or slug between the check and the insert.
        raise BarcodeTaken(details={"barcode": product.barcode}) from exc
    product_search_refresh(product_ids=[product.pk])
    catalog_cache_invalidate()
    product.refresh_from_db()
    return product


def _set_compositions(product: Product, compositions: list[Composition]) -> None:
    ProductSubstance.objects.filter(product=product).delete()
    ProductSubstance.objects.bulk_create(
        ProductSubstance(
            product=product,
            substance=item["substance"],
            amount=item.get("amount", ""),
            unit=item.get("unit", ""),
        )
        for item in compositions
    )


@transaction.atomic
def product_create(
    *,
    data: Mapping[str, Any],
    compositions: list[Composition] | None = None,
    actor: User | None = None,
) -> Product:
    """Create a product with its active substances; the slug is made from the name unless
    given. Barcode and slug must be free."""
    product = Product(**{key: value for key, value in data.items() if key in PRODUCT_FIELDS})
    product.slug = product.slug or _unique_slug(product)
    product.barcode = product.barcode or None
    _check_unique(product)
    return _save(product, compositions or [])


@transaction.atomic
def product_update(
    *,
    product: Product,
    data: Mapping[str, Any],
    compositions: list[Composition] | None = None,
    actor: User | None = None,
) -> Product:
    """Change the given fields; `compositions`, when given, replaces the active substances."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    for key, value in data.items():
        if key in PRODUCT_FIELDS:
            setattr(product, key, value)
    product.barcode = product.barcode or None
    product.slug = product.slug or _unique_slug(product)
    _check_unique(product)
    return _save(product, compositions)


@transaction.atomic
def products_set_active(*, product_ids: Iterable[int], is_active: bool) -> int:
    """Show or hide products in the shop; returns how many changed."""
    changed = (
        Product.objects.filter(pk__in=list(product_ids))
        .exclude(is_active=is_active)
        .update(is_active=is_active, updated_at=timezone.now())
    )
    if changed:
        catalog_cache_invalidate()
    return changed
