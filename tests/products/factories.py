"""Catalog factories. Stock should be put on the shelf with `receive` (the real service), so
the movement journal matches the batches; `StockBatchFactory` is for data the services must
refuse or ignore (expired lots, raw constraint tests)."""

import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from apps.products.models import (
    ActiveSubstance,
    Category,
    DosageForm,
    Manufacturer,
    Product,
    ProductSubstance,
    StockBatch,
)
from apps.products.services import stock_receive


def ean13(n: int) -> str:
    """A valid EAN-13 built from a sequence number."""
    body = f"478{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_uz = factory.Sequence(lambda n: f"Kategoriya {n}")
    name_ru = factory.Sequence(lambda n: f"Категория {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ManufacturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manufacturer

    name = factory.Sequence(lambda n: f"Pharma {n}")
    country = "Uzbekistan"


class ActiveSubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActiveSubstance

    inn = factory.Sequence(lambda n: f"Substantia {n}")
    name_uz = factory.LazyAttribute(lambda o: o.inn)
    name_ru = factory.Sequence(lambda n: f"Субстанция {n}")
    atc_code = ""


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name_uz = factory.Sequence(lambda n: f"Dori {n}")
    name_ru = factory.Sequence(lambda n: f"Лекарство {n}")
    name_en = factory.Sequence(lambda n: f"Medicine {n}")
    slug = factory.Sequence(lambda n: f"medicine-{n}")
    barcode = factory.Sequence(ean13)
    category = factory.SubFactory(CategoryFactory)
    manufacturer = factory.SubFactory(ManufacturerFactory)
    dosage_form = DosageForm.TABLET
    strength = "500 mg"
    pack_size = 10
    requires_prescription = False
    price = Decimal("12000.00")
    ikpu_code = "30402001001000000"
    package_code = "1234567"
    vat_percent = 12


class ProductSubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductSubstance

    product = factory.SubFactory(ProductFactory)
    substance = factory.SubFactory(ActiveSubstanceFactory)
    amount = "500"
    unit = "mg"


class StockBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockBatch

    product = factory.SubFactory(ProductFactory)
    lot_number = factory.Sequence(lambda n: f"LOT{n:05d}")
    expiry_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    quantity = 10
    reserved = 0


_lot_counter = iter(range(1, 10**9))


def receive(product: Product, quantity: int, *, days: int = 365, lot: str | None = None):
    """Put `quantity` units of a new (or given) lot expiring in `days` days on the shelf."""
    return stock_receive(
        product=product,
        lot_number=lot or f"L{next(_lot_counter):06d}",
        expiry_date=timezone.localdate() + timedelta(days=days),
        quantity=quantity,
        cost=Decimal("5000.00"),
    )


def image_upload(
    image: Image.Image, fmt: str, name: str = "photo.jpg", **save
) -> SimpleUploadedFile:
    """`image` encoded as `fmt`, as a browser would upload it."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def jpeg_upload(width: int = 64, height: int = 32) -> SimpleUploadedFile:
    return image_upload(Image.new("RGB", (width, height), "red"), "JPEG")
