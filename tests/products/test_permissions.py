"""Who may call each catalog endpoint. The catalog belongs to no account, so both customers (and
both couriers) get the same answers; staff endpoints are 401 anonymous, 403 customer/courier."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ROLES
from tests.products.factories import CategoryFactory, ProductFactory, ean13, jpeg_upload, receive

pytestmark = pytest.mark.django_db

PUBLIC = dict.fromkeys(ROLES, 200)


def staff_only(success: int) -> dict[str, int]:
    expected = dict.fromkeys(ROLES, 403)
    expected.update(anonymous=401, operator=success, admin=success)
    return expected


_barcodes = iter(range(700000, 10**9))


def _new_product_body(ctx) -> dict:
    return {
        "name_uz": "Sitramon",
        "name_ru": "Цитрамон",
        "category": ctx["category"].pk,
        "dosage_form": "tablet",
        "price": "3000.00",
        "ikpu_code": "30402001001000000",
        "package_code": "1",
        "barcode": ean13(next(_barcodes)),
    }


ENDPOINTS = [
    ("get", lambda c: "/api/v1/products/", None, PUBLIC),
    ("post", lambda c: "/api/v1/products/", _new_product_body, staff_only(201)),
    ("get", lambda c: f"/api/v1/products/{c['product'].pk}/", None, PUBLIC),
    ("get", lambda c: f"/api/v1/products/{c['product'].slug}/", None, PUBLIC),
    (
        "patch",
        lambda c: f"/api/v1/products/{c['product'].pk}/",
        lambda c: {"strength": "1 g"},
        staff_only(200),
    ),
    ("get", lambda c: f"/api/v1/products/{c['product'].pk}/alternatives/", None, PUBLIC),
    ("get", lambda c: "/api/v1/products/categories/", None, PUBLIC),
    ("get", lambda c: "/api/v1/products/substances/", None, PUBLIC),
    ("get", lambda c: "/api/v1/products/manufacturers/", None, PUBLIC),
    ("get", lambda c: f"/api/v1/products/{c['product'].pk}/batches/", None, staff_only(200)),
    ("get", lambda c: "/api/v1/products/stock/low/", None, staff_only(200)),
    ("get", lambda c: "/api/v1/products/stock/near-expiry/", None, staff_only(200)),
    (
        "post",
        lambda c: f"/api/v1/products/{c['product'].pk}/batches/",
        lambda c: {
            "lot_number": "P-1",
            "expiry_date": (timezone.localdate() + timedelta(days=200)).isoformat(),
            "quantity": 1,
        },
        staff_only(201),
    ),
    (
        "post",
        lambda c: f"/api/v1/products/batches/{c['batch'].pk}/write-off/",
        lambda c: {"quantity": 1, "reason": "Broken"},
        staff_only(200),
    ),
    (
        "post",
        lambda c: f"/api/v1/products/batches/{c['batch'].pk}/correction/",
        lambda c: {"counted_quantity": 50, "reason": "Count"},
        staff_only(200),
    ),
    (
        "get",
        lambda c: f"/api/v1/products/batches/{c['batch'].pk}/movements/",
        None,
        staff_only(200),
    ),
    ("multipart", lambda c: f"/api/v1/products/{c['product'].pk}/images/", None, staff_only(201)),
    (
        "delete",
        lambda c: f"/api/v1/products/{c['product'].pk}/images/{c['image'].pk}/",
        None,
        staff_only(204),
    ),
]


@pytest.fixture
def ctx(settings, tmp_path):
    from apps.products.services.images import product_image_add

    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory()
    return {
        "category": CategoryFactory(),
        "product": product,
        "batch": receive(product, 10),
        "image": product_image_add(product=product, upload=jpeg_upload()),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    ENDPOINTS,
    ids=[f"{m}:{i}" for i, (m, *_rest) in enumerate(ENDPOINTS)],
)
def test_permission_table(clients, ctx, role, method, url, body, expected):
    client = clients[role]
    if method == "multipart":
        response = client.post(url(ctx), {"image": jpeg_upload()}, format="multipart")
    else:
        response = getattr(client, method)(url(ctx), body(ctx) if body else None, format="json")
    assert response.status_code == expected[role], response.content
