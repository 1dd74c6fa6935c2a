"""Who may call what: every delivery endpoint for every role (anonymous, customers A and B,
couriers 1 and 2, operator, admin). Another account's object is a 404 and stays unchanged; a
role that never may is a 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from apps.delivery.services import delivery_confirm_with_photo

from .factories import (
    ZoneFactory,
    assigned_delivery,
    handover_code,
    on_shift,
    on_the_way_delivery,
    ready_delivery,
)
from .images import jpeg_with_metadata

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "customer", "customer_b", "courier", "courier_b", "operator", "admin")


def _photo_delivery(ctx):
    delivery = on_the_way_delivery(ctx["courier"], customer=ctx["customer"])
    photo = SimpleUploadedFile("p.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    return delivery_confirm_with_photo(
        delivery=delivery, courier=ctx["courier"], photo=photo, note="No code"
    )


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


# name → (setup(ctx) → (method, url, body, format)), expected status per role
ENDPOINTS = {
    "zones": (
        lambda ctx: ("get", _url("delivery-zones"), None, None),
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "pickup_points": (
        lambda ctx: ("get", _url("delivery-pickup-points"), None, None),
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "quote": (
        lambda ctx: (
            "post",
            _url("delivery-quote"),
            {"latitude": "41.3", "longitude": "69.25", "cart_total": "50000.00"},
            "json",
        ),
        (401, 200, 200, 200, 200, 200, 200),
    ),
    "assign_courier": (
        lambda ctx: (
            "post",
            _url("delivery-assign-courier"),
            {
                "delivery_id": ready_delivery().pk,
                "courier_id": on_shift(ctx["courier"]).courier_id,
            },
            "json",
        ),
        (401, 403, 403, 403, 403, 200, 200),
    ),
    "staff_queue": (
        lambda ctx: ("get", _url("delivery-queue"), None, None),
        (401, 403, 403, 403, 403, 200, 200),
    ),
    "couriers_on_shift": (
        lambda ctx: ("get", _url("delivery-couriers"), None, None),
        (401, 403, 403, 403, 403, 200, 200),
    ),
    "proof_photo": (
        lambda ctx: (
            "get",
            _url("delivery-proof-photo", delivery_id=_photo_delivery(ctx).pk),
            None,
            None,
        ),
        (401, 403, 403, 403, 403, 200, 200),
    ),
    "shift_get": (
        lambda ctx: ("get", _url("courier-shift"), None, None),
        (401, 403, 403, 200, 200, 403, 403),
    ),
    "shift_set": (
        lambda ctx: ("post", _url("courier-shift"), {"on_shift": True}, "json"),
        (401, 403, 403, 200, 200, 403, 403),
    ),
    "courier_list": (
        lambda ctx: ("get", _url("courier-delivery-list"), None, None),
        (401, 403, 403, 200, 200, 403, 403),
    ),
    "courier_detail": (
        lambda ctx: (
            "get",
            _url("courier-delivery-detail", delivery_id=assigned_delivery(ctx["courier"]).pk),
            None,
            None,
        ),
        (401, 403, 403, 200, 404, 403, 403),
    ),
    "courier_status": (
        lambda ctx: (
            "post",
            _url("courier-delivery-status", delivery_id=assigned_delivery(ctx["courier"]).pk),
            {"status": "picked_up"},
            "json",
        ),
        (401, 403, 403, 200, 404, 403, 403),
    ),
    "courier_location": (
        lambda ctx: (
            "post",
            _url(
                "courier-delivery-location",
                delivery_id=on_the_way_delivery(ctx["courier"]).pk,
            ),
            {"latitude": "41.3", "longitude": "69.25"},
            "json",
        ),
        (401, 403, 403, 201, 404, 403, 403),
    ),
    "courier_confirm": (
        lambda ctx: (
            lambda delivery: (
                "post",
                _url("courier-delivery-confirm", delivery_id=delivery.pk),
                {"code": handover_code(ctx["sms_gateway"], delivery)},
                "json",
            )
        )(on_the_way_delivery(ctx["courier"])),
        (401, 403, 403, 200, 404, 403, 403),
    ),
    "courier_fail": (
        lambda ctx: (
            "post",
            _url("courier-delivery-fail", delivery_id=on_the_way_delivery(ctx["courier"]).pk),
            {"reason": "customer_absent"},
            "json",
        ),
        (401, 403, 403, 200, 404, 403, 403),
    ),
    "track": (
        lambda ctx: (
            "get",
            _url(
                "delivery-track",
                order_number=on_the_way_delivery(
                    ctx["courier"], customer=ctx["customer"]
                ).order.number,
            ),
            None,
            None,
        ),
        (401, 200, 404, 404, 404, 200, 200),
    ),
}

CASES = [
    pytest.param(name, role, expected[index], id=f"{name}-{role}")
    for name, (_setup, expected) in ENDPOINTS.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_table(clients, customer, courier, sms_gateway, endpoint, role, expected):
    ZoneFactory()
    ctx = {"customer": customer, "courier": courier, "sms_gateway": sms_gateway}
    method, url, body, fmt = ENDPOINTS[endpoint][0](ctx)
    client = clients[role]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url) if method == "get" else client.post(url, body, format=fmt)
    assert response.status_code == expected, getattr(response, "content", b"")[:300]
    if expected >= 400:
        assert response.json()["error"]["code"]
