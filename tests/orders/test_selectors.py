import json
from decimal import Decimal

import pytest

from apps.orders.selectors import order_get_by_number, orders_for_export
from apps.orders.services import order_cancel
from tests.orders.factories import place_order, stocked_product

pytestmark = pytest.mark.django_db


def test_export_holds_every_order_of_the_user_as_plain_data(customer, customer_b):
    product = stocked_product(price=Decimal("7000.00"))
    first = place_order(customer, [(product, 2)])
    order_cancel(order=first, actor=customer, reason="Wrong product")
    second = place_order(customer, payment_method="cash", delivery_type="pickup")
    place_order(customer_b)

    exported = orders_for_export(customer)

    json.dumps(exported)  # plain data only
    assert [o["number"] for o in exported] == [first.number, second.number]
    assert exported[0]["items"] == [
        {
            "product": str(product),
            "quantity": 2,
            "unit_price": "7000.00",
            "line_total": "14000.00",
        }
    ]
    assert [h["to"] for h in exported[0]["history"]] == ["created", "awaiting_payment", "cancelled"]
    assert exported[0]["history"][-1]["reason"] == "Wrong product"
    assert exported[1]["address"] == ""


def test_export_of_a_user_without_orders_is_empty(customer):
    assert orders_for_export(customer) == []


def test_orders_are_found_by_their_public_number_in_any_case(customer):
    order = place_order(customer)
    assert order_get_by_number(number=order.number.lower()) == order
    assert order_get_by_number(number="DX-NOTHERE") is None
