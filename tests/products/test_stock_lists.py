"""The operator's low-stock and near-expiry lists."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.products.factories import ProductFactory, StockBatchFactory, receive

pytestmark = pytest.mark.django_db

LOW = "/api/v1/products/stock/low/"
NEAR = "/api/v1/products/stock/near-expiry/"


def test_low_stock_lists_active_products_at_or_below_their_threshold_fewest_first(
    operator_client,
):
    empty = ProductFactory(low_stock_threshold=5)
    at_threshold = ProductFactory(low_stock_threshold=5)
    receive(at_threshold, 5)
    plenty = ProductFactory(low_stock_threshold=5)
    receive(plenty, 6)
    ProductFactory(low_stock_threshold=5, is_active=False)
    # Units that expire within the minimum shelf life are not sellable: still low.
    short_dated = ProductFactory(low_stock_threshold=5)
    receive(short_dated, 2)
    receive(short_dated, 50, days=5)

    response = operator_client.get(LOW)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [empty.pk, short_dated.pk, at_threshold.pk]
    assert rows[0] == {
        "id": empty.pk,
        "name": empty.name_uz,
        "slug": empty.slug,
        "sellable_quantity": 0,
        "low_stock_threshold": 5,
    }
    assert rows[2]["sellable_quantity"] == 5
    assert plenty.pk not in [row["id"] for row in rows]


def test_near_expiry_lists_batches_on_the_shelf_within_the_window_first_expiring_first(
    operator_client, settings
):
    settings.NEAR_EXPIRY_ALERT_DAYS = 60
    today = timezone.localdate()
    later = StockBatchFactory(expiry_date=today + timedelta(days=60))
    soon = StockBatchFactory(expiry_date=today + timedelta(days=3))
    expired = StockBatchFactory(expiry_date=today - timedelta(days=1))
    StockBatchFactory(expiry_date=today + timedelta(days=61))  # outside the window
    StockBatchFactory(expiry_date=today + timedelta(days=2), quantity=0)  # nothing on the shelf
    StockBatchFactory(expiry_date=today, product=ProductFactory(is_active=False))

    response = operator_client.get(NEAR)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [expired.pk, soon.pk, later.pk]
    assert [row["days_left"] for row in rows] == [-1, 3, 60]
    assert rows[1]["product_name"] == soon.product.name_uz
    assert rows[1]["lot_number"] == soon.lot_number
    assert rows[1]["quantity"] == 10


@pytest.mark.parametrize("url", [LOW, NEAR])
def test_stock_lists_read_a_fixed_number_of_queries(operator_client, url):
    today = timezone.localdate()
    StockBatchFactory(expiry_date=today + timedelta(days=10), product=ProductFactory())
    with CaptureQueriesContext(connection) as few:
        operator_client.get(url)
    for _ in range(4):
        StockBatchFactory(expiry_date=today + timedelta(days=10), product=ProductFactory())
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get(url)
    assert response.json()["count"] == 5
    assert len(many) == len(few)
