"""Catalog (categories, manufacturers, active substances, products, images) and stock (batches
with expiry, and the movement journal that explains every change of a batch)."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import money_field

from .validators import validate_gtin

IKPU_REGEX = r"^[0-9]{17}$"
BARCODE_REGEX = r"^([0-9]{8}|[0-9]{12,14})$"
# Products and categories are addressed by id or slug in URLs: an all-digit slug would be
# ambiguous with an id, so the database refuses one.
NUMERIC_SLUG_REGEX = r"^[0-9]+$"
LANGUAGE_SUFFIXES = ("uz", "ru", "en")


def active_language() -> str:
    """The request's language if the catalog has texts in it, else Uzbek."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGE_SUFFIXES else "uz"


def localized(obj: models.Model, field: str) -> str:
    """`obj.<field>_<active language>`, falling back to Uzbek when that translation is empty."""
    return getattr(obj, f"{field}_{active_language()}") or getattr(obj, f"{field}_uz")


class DosageForm(models.TextChoices):
    TABLET = "tablet", _("Tablet")
    FILM_COATED_TABLET = "film_coated_tablet", _("Film-coated tablet")
    EFFERVESCENT_TABLET = "effervescent_tablet", _("Effervescent tablet")
    CAPSULE = "capsule", _("Capsule")
    LOZENGE = "lozenge", _("Lozenge")
    SYRUP = "syrup", _("Syrup")
    SUSPENSION = "suspension", _("Suspension")
    SOLUTION = "solution", _("Oral solution")
    DROPS = "drops", _("Drops")
    INJECTION = "injection", _("Injection")
    INFUSION = "infusion", _("Infusion")
    POWDER = "powder", _("Powder")
    GRANULES = "granules", _("Granules")
    OINTMENT = "ointment", _("Ointment")
    CREAM = "cream", _("Cream")
    GEL = "gel", _("Gel")
    SPRAY = "spray", _("Spray")
    INHALER = "inhaler", _("Inhaler")
    SUPPOSITORY = "suppository", _("Suppository")
    PATCH = "patch", _("Patch")
    OTHER = "other", _("Other")


class StockStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    FEW_LEFT = "few_left", _("Few left")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")


class Category(TimeStampedModel):
    """A node of the catalog tree (parent is null for a root)."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name_uz = models.CharField(_("name (Uzbek)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    icon = models.CharField(_("icon"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_uz"]
        constraints = [
            models.CheckConstraint(name="category_not_own_parent", condition=~Q(parent=F("pk"))),
            models.CheckConstraint(
                name="category_slug_not_numeric", condition=~Q(slug__regex=NUMERIC_SLUG_REGEX)
            ),
        ]

    def __str__(self) -> str:
        return self.name_uz

    @property
    def name(self) -> str:
        return localized(self, "name")


class Manufacturer(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActiveSubstance(TimeStampedModel):
    """An active pharmaceutical ingredient under its international non-proprietary name."""

    inn = models.CharField(_("INN (Latin)"), max_length=200, unique=True)
    name_uz = models.CharField(_("name (Uzbek)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    atc_code = models.CharField(
        _("ATC code"),
        max_length=7,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$")],
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("active substance")
        verbose_name_plural = _("active substances")
        ordering = ["inn"]

    def __str__(self) -> str:
        return self.inn

    @property
    def name(self) -> str:
        language = active_language()
        if language == "ru":
            return self.name_ru or self.inn
        if language == "uz":
            return self.name_uz or self.inn
        return self.inn


class Product(TimeStampedModel):
    """A medicine or other item as sold: one pack of one strength and form."""

    name_uz = models.CharField(_("name (Uzbek)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_uz = models.TextField(_("description (Uzbek)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    slug = models.SlugField(_("slug"), max_length=280, unique=True)
    barcode = models.CharField(
        _("barcode (EAN/GTIN)"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_gtin],
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    manufacturer = models.ForeignKey(
        Manufacturer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("manufacturer"),
    )
    substances = models.ManyToManyField(
        ActiveSubstance,
        through="ProductSubstance",
        related_name="products",
        verbose_name=_("active substances"),
    )
    dosage_form = models.CharField(_("dosage form"), max_length=32, choices=DosageForm.choices)
    strength = models.CharField(_("strength"), max_length=100, blank=True)
    pack_size = models.PositiveIntegerField(
        _("pack size"), default=1, validators=[MinValueValidator(1)]
    )
    requires_prescription = models.BooleanField(_("prescription only"), default=False)
    price = money_field(verbose_name=_("price (so'm)"))
    # Fiscal data for Payme/Click receipts: IKPU (MXIK) class code, package code, VAT rate.
    ikpu_code = models.CharField(
        _("IKPU (MXIK) code"), max_length=17, validators=[RegexValidator(IKPU_REGEX)]
    )
    package_code = models.CharField(_("package code"), max_length=20)
    vat_percent = models.PositiveSmallIntegerField(
        _("VAT, %"), default=12, validators=[MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    popularity = models.PositiveIntegerField(_("popularity"), default=0)
    storage_conditions = models.CharField(_("storage conditions"), max_length=255, blank=True)
    leaflet = models.TextField(_("leaflet"), blank=True)
    low_stock_threshold = models.PositiveIntegerField(_("low-stock threshold"), default=10)
    # Set when staff were told stock is low; cleared once stock recovers, so each dip alerts once.
    low_stock_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Folded Latin spelling of every name, substance and code the product is known by; written
    # by the catalog services, read by search (trigram and full-text indexes on PostgreSQL).
    search_document = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name_uz", "id"]
        constraints = [
            models.CheckConstraint(name="product_price_positive", condition=Q(price__gt=0)),
            models.CheckConstraint(
                name="product_ikpu_17_digits", condition=Q(ikpu_code__regex=IKPU_REGEX)
            ),
            models.CheckConstraint(
                name="product_barcode_format",
                condition=Q(barcode__isnull=True) | Q(barcode__regex=BARCODE_REGEX),
            ),
            models.CheckConstraint(
                name="product_vat_percent_range", condition=Q(vat_percent__lte=100)
            ),
            models.CheckConstraint(
                name="product_pack_size_positive", condition=Q(pack_size__gte=1)
            ),
            models.CheckConstraint(
                name="product_slug_not_numeric", condition=~Q(slug__regex=NUMERIC_SLUG_REGEX)
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "category"], name="product_active_category_idx"),
            models.Index(fields=["-popularity", "id"], name="product_popularity_idx"),
            models.Index(fields=["price"], name="product_price_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name_uz} {self.strength}".strip()

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ProductSubstance(models.Model):
    """One active substance of a product and its amount per dose unit (combination drugs have
    several rows)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="compositions")
    substance = models.ForeignKey(
        ActiveSubstance, on_delete=models.PROTECT, related_name="compositions"
    )
    amount = models.CharField(_("amount"), max_length=32, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("product substance")
        verbose_name_plural = _("product substances")
        ordering = ["product", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "substance"], name="product_substance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substance} {self.amount}{self.unit}".strip()


def product_image_path(instance: "ProductImage", filename: str) -> str:
    # The service passes a server-generated name; the client's file name is never a path.
    return f"products/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    """A re-encoded product photo and its thumbnail; the lowest position is the main image."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=product_image_path)
    thumbnail = models.ImageField(upload_to=product_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product", "position", "id"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.image.name}"


class StockBatchQuerySet(models.QuerySet):
    def sellable(self, *, cutoff: date):
        """Batches with more than the minimum shelf life left (see `sellable_cutoff`)."""
        return self.filter(expiry_date__gt=cutoff)


class StockBatch(models.Model):
    """One lot of one product on the shelf. `quantity` is physically on hand; `reserved` is the
    part held for orders not yet handed over. Sellable = quantity - reserved on batches that are
    not expired and not within the minimum shelf life."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="batches")
    lot_number = models.CharField(_("lot number"), max_length=64)
    expiry_date = models.DateField(_("expiry date"))
    quantity = models.IntegerField(_("quantity on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    cost = money_field(verbose_name=_("unit cost (so'm)"), null=True, blank=True)
    # Set when staff were told this batch is near expiry (each batch alerts once).
    expiry_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StockBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock batch")
        verbose_name_plural = _("stock batches")
        ordering = ["product", "expiry_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="stock_batch_quantity_not_negative", condition=Q(quantity__gte=0)
            ),
            models.CheckConstraint(
                name="stock_batch_reserved_not_negative", condition=Q(reserved__gte=0)
            ),
            models.CheckConstraint(
                name="stock_batch_reserved_within_quantity",
                condition=Q(reserved__lte=F("quantity")),
            ),
            models.CheckConstraint(
                name="stock_batch_cost_not_negative",
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
            ),
            models.UniqueConstraint(
                fields=["product", "lot_number"], name="stock_batch_product_lot_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "expiry_date"], name="stock_batch_fefo_idx"),
            models.Index(fields=["expiry_date"], name="stock_batch_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} lot {self.lot_number} (exp. {self.expiry_date})"

    @property
    def available(self) -> int:
        return self.quantity - self.reserved


class StockMovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    RESERVATION = "reservation", _("Reservation")
    RELEASE = "release", _("Release")
    SALE = "sale", _("Sale")
    WRITE_OFF = "write_off", _("Write-off")
    CORRECTION = "correction", _("Correction")


class StockMovement(models.Model):
    """One change of one batch: the stock history. Summing the deltas of a batch gives its
    current quantity and reserved; rows are only ever added."""

    batch = models.ForeignKey(StockBatch, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=16, choices=StockMovementKind.choices)
    quantity_delta = models.IntegerField(_("change of quantity"), default=0)
    reserved_delta = models.IntegerField(_("change of reserved"), default=0)
    quantity_after = models.IntegerField(_("quantity after"))
    reserved_after = models.IntegerField(_("reserved after"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stock_movements",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="stock_movement_changes_something",
                condition=~Q(quantity_delta=0) | ~Q(reserved_delta=0),
            ),
        ]
        indexes = [models.Index(fields=["batch", "created_at"], name="stock_movement_batch_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity_delta:+}/{self.reserved_delta:+}"
