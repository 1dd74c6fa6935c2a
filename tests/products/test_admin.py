import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.products.models import Product, StockBatch, StockMovementKind
from tests.products.factories import CategoryFactory, ProductFactory, ean13, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_web(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "query",
    ["", "?q=dori", "?stock=low", "?stock=out", "?expiry=near", "?expiry=unsellable", "?o=7"],
)
def test_product_changelist_searches_and_filters(admin_web, query, settings):
    settings.NEAR_EXPIRY_ALERT_DAYS = 60
    low = ProductFactory(name_uz="Dori kam", low_stock_threshold=5)
    receive(low, 3, days=40)
    receive(ProductFactory(name_uz="Dori ko'p"), 500)
    response = admin_web.get(f"/admin/products/product/{query}")
    assert response.status_code == 200
    if query in ("?stock=low", "?expiry=near"):
        assert list(response.context["cl"].result_list) == [low]


def test_product_change_page_shows_batches_and_saving_refreshes_search(admin_web):
    product = ProductFactory(name_en="Old")
    receive(product, 5, lot="LOT-A")
    page = admin_web.get(f"/admin/products/product/{product.pk}/change/")
    assert page.status_code == 200
    assert b"LOT-A" in page.content


def test_bulk_deactivate_and_activate(admin_web):
    first, second = ProductFactory(), ProductFactory()
    admin_web.post(
        "/admin/products/product/",
        {"action": "deactivate", "_selected_action": [first.pk, second.pk]},
    )
    assert not Product.objects.filter(is_active=True).exists()
    admin_web.post(
        "/admin/products/product/", {"action": "activate", "_selected_action": [first.pk]}
    )
    assert list(Product.objects.filter(is_active=True)) == [first]


def test_receiving_and_writing_off_in_admin_goes_through_the_journal(admin_web, admin_user):
    product = ProductFactory()
    expiry = (timezone.localdate() + timedelta(days=200)).isoformat()
    added = admin_web.post(
        "/admin/products/stockbatch/add/",
        {"product": product.pk, "lot_number": "ADM-1", "expiry_date": expiry, "quantity": 12},
    )
    assert added.status_code == 302
    topped_up = admin_web.post(
        "/admin/products/stockbatch/add/",
        {"product": product.pk, "lot_number": "ADM-1", "expiry_date": expiry, "quantity": 3},
    )
    assert topped_up.status_code == 302
    batch = StockBatch.objects.get()
    assert batch.quantity == 15

    refused = admin_web.post(
        f"/admin/products/stockbatch/{batch.pk}/change/", {"write_off": 2, "reason": ""}
    )
    assert refused.status_code == 200  # form error: a reason is required
    admin_web.post(
        f"/admin/products/stockbatch/{batch.pk}/change/", {"write_off": 2, "reason": "Broken"}
    )
    batch.refresh_from_db()
    assert batch.quantity == 13
    kinds = list(batch.movements.order_by("id").values_list("kind", "actor"))
    assert kinds == [
        (StockMovementKind.RECEIPT, admin_user.pk),
        (StockMovementKind.RECEIPT, admin_user.pk),
        (StockMovementKind.WRITE_OFF, admin_user.pk),
    ]
    history = admin_web.get(f"/admin/products/stockmovement/?batch__id__exact={batch.pk}")
    assert history.status_code == 200
    assert len(history.context["cl"].result_list) == 3


def test_csv_import_page_reports_rows(admin_web):
    CategoryFactory(slug="pain")
    csv_text = (
        "barcode,name_uz,name_ru,category,dosage_form,price,ikpu_code\n"
        f"{ean13(1)},Analgin,Анальгин,pain,tablet,1200,03004001001000001\n"
        f"{ean13(2)},Broken,Сломан,pain,tablet,free,03004001001000002\n"
    )
    upload = io.BytesIO(csv_text.encode())
    upload.name = "products.csv"
    response = admin_web.post(
        "/admin/products/product/import/", {"kind": "products", "file": upload}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, [line for line, _p in report.errors]) == (1, [3])
    assert b"price" in response.content
    assert admin_web.get("/admin/products/product/import/").status_code == 200


def test_reference_admin_pages_load(admin_web):
    for model in ("category", "manufacturer", "activesubstance", "stockbatch", "stockmovement"):
        assert admin_web.get(f"/admin/products/{model}/").status_code == 200
        if model not in ("stockmovement",):
            assert admin_web.get(f"/admin/products/{model}/add/").status_code == 200
