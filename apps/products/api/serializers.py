"""Output shapes shared by several catalog endpoints (single-use Input/Output serializers live
nested in their views)."""

from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import DosageForm, StockStatus
from ..selectors import sellable_cutoff, stock_status


def _media_url(name: str | None) -> str | None:
    return default_storage.url(name) if name else None


class ManufacturerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()


class SubstanceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    inn = serializers.CharField()
    name = serializers.CharField()
    name_uz = serializers.CharField()
    name_ru = serializers.CharField()
    atc_code = serializers.CharField()


class CategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)


class ProductListItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    strength = serializers.CharField()
    dosage_form = serializers.ChoiceField(choices=DosageForm.choices)
    dosage_form_display = serializers.CharField(source="get_dosage_form_display")
    pack_size = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    requires_prescription = serializers.BooleanField()
    stock_status = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()
    manufacturer = ManufacturerOutput(allow_null=True)
    category_id = serializers.IntegerField()

    @extend_schema_field(serializers.ChoiceField(choices=StockStatus.choices))
    def get_stock_status(self, product) -> str:
        return stock_status(sellable_quantity=product.sellable_quantity)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_thumbnail(self, product) -> str | None:
        return _media_url(product.thumbnail_name)


class CompositionOutput(serializers.Serializer):
    substance_id = serializers.IntegerField(source="substance.id")
    inn = serializers.CharField(source="substance.inn")
    name = serializers.CharField(source="substance.name")
    amount = serializers.CharField()
    unit = serializers.CharField()


class ImageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    position = serializers.IntegerField()

    def get_url(self, image) -> str:
        return image.image.url

    def get_thumbnail(self, image) -> str:
        return image.thumbnail.url


class ProductDetailOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    barcode = serializers.CharField(allow_null=True)
    strength = serializers.CharField()
    dosage_form = serializers.ChoiceField(choices=DosageForm.choices)
    dosage_form_display = serializers.CharField(source="get_dosage_form_display")
    pack_size = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    requires_prescription = serializers.BooleanField()
    stock_status = serializers.SerializerMethodField()
    storage_conditions = serializers.CharField()
    leaflet = serializers.CharField()
    manufacturer = ManufacturerOutput(allow_null=True)
    category = CategoryOutput()
    substances = CompositionOutput(source="compositions", many=True)
    images = ImageOutput(many=True)

    @extend_schema_field(serializers.ChoiceField(choices=StockStatus.choices))
    def get_stock_status(self, product) -> str:
        return stock_status(sellable_quantity=product.sellable_quantity)


class ProductStaffOutput(serializers.Serializer):
    """Everything an operator edits, plus the stock figures they act on."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name_uz = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    description_uz = serializers.CharField()
    description_ru = serializers.CharField()
    description_en = serializers.CharField()
    barcode = serializers.CharField(allow_null=True)
    category_id = serializers.IntegerField()
    manufacturer_id = serializers.IntegerField(allow_null=True)
    dosage_form = serializers.ChoiceField(choices=DosageForm.choices)
    strength = serializers.CharField()
    pack_size = serializers.IntegerField()
    requires_prescription = serializers.BooleanField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    ikpu_code = serializers.CharField()
    package_code = serializers.CharField()
    vat_percent = serializers.IntegerField()
    is_active = serializers.BooleanField()
    popularity = serializers.IntegerField()
    storage_conditions = serializers.CharField()
    leaflet = serializers.CharField()
    low_stock_threshold = serializers.IntegerField()
    substances = CompositionOutput(source="compositions", many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BatchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    lot_number = serializers.CharField()
    expiry_date = serializers.DateField()
    quantity = serializers.IntegerField()
    reserved = serializers.IntegerField()
    available = serializers.IntegerField()
    is_sellable = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField()
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)

    def get_is_sellable(self, batch) -> bool:
        return batch.expiry_date > sellable_cutoff()


class MovementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    batch_id = serializers.IntegerField()
    kind = serializers.CharField()
    quantity_delta = serializers.IntegerField()
    reserved_delta = serializers.IntegerField()
    quantity_after = serializers.IntegerField()
    reserved_after = serializers.IntegerField()
    actor_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    reference = serializers.CharField()
    created_at = serializers.DateTimeField()
