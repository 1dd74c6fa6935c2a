import pytest
from django.core.management import call_command

from apps.products.models import Product, StockBatch
from apps.products.selectors import product_alternatives, product_sellable_quantities

pytestmark = pytest.mark.django_db


def test_demo_catalog_is_realistic_and_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Product.objects.count(), StockBatch.objects.count())
    call_command("seed_demo")
    assert (Product.objects.count(), StockBatch.objects.count()) == counts
    assert counts[0] >= 20

    assert Product.objects.filter(requires_prescription=True).exists()
    assert Product.objects.filter(requires_prescription=False).exists()
    augmentin = Product.objects.get(name_en="Augmentin")
    assert augmentin.compositions.count() == 2
    assert [p.name_en for p in product_alternatives(key=augmentin.slug)] == ["Amoxiclav"]

    paracetamol = Product.objects.get(name_en="Paracetamol")
    near = paracetamol.batches.get(lot_number="D001N")
    total = paracetamol.batches.get(lot_number="D001A").quantity + near.quantity
    assert product_sellable_quantities(product_ids=[paracetamol.pk])[paracetamol.pk] < total
    assert "paracetamol" in paracetamol.search_document
