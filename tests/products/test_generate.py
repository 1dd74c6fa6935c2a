# ruff: noqa: RUF001 -- Cyrillic range in a regex.
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from apps.products.models import Product, ProductSubstance, StockBatch, StockMovement

pytestmark = pytest.mark.django_db


def test_seed_catalog_generates_consistent_searchable_products(settings):
    settings.DEBUG = True
    call_command("seed_catalog", products=120, chunk_size=50, verbosity=0)
    call_command("seed_catalog", products=30, verbosity=0)  # appends, no collisions

    assert Product.objects.count() == 150
    assert not Product.objects.filter(search_document="").exists()
    assert Product.objects.filter(name_ru__regex=r"[а-я]").count() == 150
    combos = ProductSubstance.objects.values("product").annotate(n=Count("id")).filter(n__gt=1)
    assert combos.exists()
    assert StockBatch.objects.exists()
    journal = StockMovement.objects.aggregate(q=Sum("quantity_delta"))["q"]
    assert journal == StockBatch.objects.aggregate(q=Sum("quantity"))["q"]
    for product in Product.objects.all()[:20]:
        product.full_clean()


def test_seed_catalog_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_catalog", products=5, verbosity=0)
    assert not Product.objects.exists()
