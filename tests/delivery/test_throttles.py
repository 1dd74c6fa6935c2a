"""Request throttles of the quote and handover endpoints: 429 with Retry-After once a user's
per-minute budget is spent (the handover code's own limit is counted in the database)."""

import pytest
from django.urls import resolve, reverse
from rest_framework.settings import api_settings

from .factories import on_the_way_delivery

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["delivery-quote", "courier-delivery-confirm"])
def test_the_endpoint_has_a_configured_throttle(name):
    kwargs = {"delivery_id": 1} if name.startswith("courier") else {}
    view = resolve(reverse(name, kwargs=kwargs)).func.view_class
    assert view.throttle_classes
    assert view.throttle_scope in api_settings.DEFAULT_THROTTLE_RATES


def test_handover_confirmations_are_throttled_per_courier(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    url = reverse("courier-delivery-confirm", kwargs={"delivery_id": delivery.pk})
    limit = int(api_settings.DEFAULT_THROTTLE_RATES["delivery_confirm"].split("/")[0])
    statuses = {
        courier_client.post(url, {"code": "0000"}, format="json").status_code for _ in range(limit)
    }
    response = courier_client.post(url, {"code": "0000"}, format="json")
    assert 429 not in statuses
    assert (response.status_code, response.json()["error"]["code"]) == (429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_quotes_are_throttled_per_user(customer_client):
    url = reverse("delivery-quote")
    body = {"latitude": "41.3", "longitude": "69.2", "cart_total": "1000.00"}
    limit = int(api_settings.DEFAULT_THROTTLE_RATES["delivery_quote"].split("/")[0])
    for _ in range(limit):
        assert customer_client.post(url, body, format="json").status_code == 200
    assert customer_client.post(url, body, format="json").status_code == 429
