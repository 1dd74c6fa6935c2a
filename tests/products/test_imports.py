# ruff: noqa: RUF001 -- Cyrillic product names are part of the data.
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import ValidationFailed
from apps.products.models import Product, StockBatch, StockMovement
from apps.products.services.imports import catalog_import_batches, catalog_import_products
from tests.products.factories import ActiveSubstanceFactory, CategoryFactory, ean13

pytestmark = pytest.mark.django_db

HEADER = (
    "barcode,name_uz,name_ru,category,dosage_form,strength,price,ikpu_code,"
    "requires_prescription,substances,manufacturer\n"
)


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


@pytest.fixture
def reference():
    CategoryFactory(slug="pain")
    ActiveSubstanceFactory(inn="Paracetamol")
    ActiveSubstanceFactory(inn="Caffeine")


def test_products_import_creates_then_is_idempotent_then_updates(reference):
    good = (
        HEADER + f"{ean13(1)},Sitramon,Цитрамон,pain,tablet,,3500,03004001001000001,no,"
        "Paracetamol:240 mg|Caffeine:30 mg,Farmak\n"
        + f"{ean13(2)},Paratsetamol,Парацетамол,pain,tablet,500 mg,2500.50,03004001001000002,"
        "0,Paracetamol:500 mg,Nika Pharm\n"
    )
    first = catalog_import_products(file=_csv(good))
    again = catalog_import_products(file=_csv(good))
    changed = catalog_import_products(file=_csv(good.replace("2500.50", "2700.00")))

    assert (first.created, first.updated, first.errors) == (2, 0, [])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (changed.updated, changed.unchanged) == (1, 1)
    sitramon = Product.objects.get(barcode=ean13(1))
    assert sorted(c.substance.inn for c in sitramon.compositions.all()) == [
        "Caffeine",
        "Paracetamol",
    ]
    assert sitramon.manufacturer.name == "Farmak"
    assert "paracetamol" in sitramon.search_document
    assert Product.objects.get(barcode=ean13(2)).price == Decimal("2700.00")


def test_bad_product_rows_are_reported_and_nothing_of_them_is_imported(reference):
    rows = (
        HEADER
        + f"{ean13(1)},Good,Хороший,pain,tablet,,100,03004001001000001,no,Paracetamol:1 g,\n"
        + f"{ean13(2)},Bad price,Плохой,pain,tablet,,-5,03004001001000002,no,,\n"
        + "4780000000000,Bad barcode,Плохой,pain,tablet,,100,03004001001000003,no,,\n"
        + f"{ean13(4)},Unknown INN,Плохой,pain,tablet,,100,03004001001000004,no,Aspirinum:1 g,\n"
        + f"{ean13(5)},No category,Плохой,nowhere,potion,,100,1,no,,\n"
    )
    report = catalog_import_products(file=_csv(rows))

    assert report.created == 1
    lines = dict(report.errors)
    assert set(lines) == {3, 4, 5, 6}
    assert "price" in lines[3]
    assert "barcode" in lines[4]
    assert "substances" in lines[5]
    assert {"category", "dosage_form", "ikpu_code"} <= set(lines[6])
    assert list(Product.objects.values_list("name_uz", flat=True)) == ["Good"]


def test_semicolon_csv_with_excel_bom_is_read(reference):
    text = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + (f"{ean13(7)};Analgin;Анальгин;pain;tablet;500 mg;1200,00;03004001001000007;no;;\n")
    )
    report = catalog_import_products(file=_csv(text))
    assert report.errors
    assert "price" in report.errors[0][1]
    fixed = catalog_import_products(file=_csv(text.replace("1200,00", "1200.00")))
    assert fixed.created == 1


def test_missing_columns_or_non_utf8_reject_the_whole_file():
    with pytest.raises(ValidationFailed) as missing:
        catalog_import_products(file=_csv("barcode,name_uz\n1,x\n"))
    assert "price" in missing.value.details["missing_columns"]
    with pytest.raises(ValidationFailed):
        catalog_import_products(file=io.BytesIO("barcode;Цитрамон".encode("cp1251")))


def test_batches_import_receives_stock_once_per_lot(reference):
    catalog_import_products(
        file=_csv(HEADER + f"{ean13(1)},A,А,pain,tablet,,100,03004001001000001,no,,\n")
    )
    expiry = (timezone.localdate() + timedelta(days=300)).isoformat()
    rows = (
        "barcode,lot_number,expiry_date,quantity,cost\n"
        f"{ean13(1)},LOT-1,{expiry},40,1500\n"
        f"{ean13(9)},LOT-2,{expiry},10,1500\n"
        f"{ean13(1)},LOT-3,2020-01-01,10,1500\n"
        f"{ean13(1)},LOT-4,{expiry},-3,1500\n"
    )
    first = catalog_import_batches(file=_csv(rows), reference="csv:delivery-1")
    again = catalog_import_batches(file=_csv(rows), reference="csv:delivery-1")

    assert (first.created, [line for line, _p in first.errors]) == (1, [3, 4, 5])
    assert "barcode" in first.errors[0][1]
    assert first.errors[1][1]["row"]  # expired lot refused by the stock service
    assert (again.created, again.unchanged) == (0, 1)
    batch = StockBatch.objects.get()
    assert (batch.lot_number, batch.quantity) == ("LOT-1", 40)
    assert StockMovement.objects.get().reference == "csv:delivery-1"
