from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.orders.models import CartItem, Order, OrderStatus
from apps.orders.services import order_mark_paid, order_transition
from apps.products.models import StockBatch
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

S = OrderStatus
LIST = reverse("order-list")


def _url(name: str, order) -> str:
    return reverse(name, args=[order.number])


def _numbers(response) -> list[str]:
    return [row["number"] for row in response.json()["results"]]


def _error(response) -> str:
    return response.json()["error"]["code"]


# --- list --------------------------------------------------------------------------------------


def test_customers_list_only_their_own_orders_newest_first(customer, customer_client, customer_b):
    first, second = place_order(customer), place_order(customer)
    place_order(customer_b)
    response = customer_client.get(LIST)
    assert response.status_code == 200
    assert _numbers(response) == [second.number, first.number]
    row = response.json()["results"][0]
    assert (row["status"], row["items_count"], row["customer"]["id"]) == (
        "awaiting_payment",
        1,
        customer.pk,
    )


def test_customers_filter_their_orders_by_status(customer, customer_client):
    waiting = place_order(customer)
    cash = place_order(customer, payment_method="cash")
    response = customer_client.get(LIST, {"status": ["created"]})
    assert _numbers(response) == [cash.number]
    response = customer_client.get(LIST, {"status": ["created", "awaiting_payment"]})
    assert set(_numbers(response)) == {cash.number, waiting.number}


def test_staff_list_every_order_with_filters(customer, customer_b, operator_client):
    rx = stocked_product(requires_prescription=True)
    start = timezone.now() - timedelta(days=10)
    with time_machine.travel(start, tick=False):
        old_cash = place_order(customer, payment_method="cash", delivery_type="pickup")
    online = place_order(customer_b)
    with_rx = place_order(customer_b, [(rx, 1)], payment_method="click")

    def numbers(**params):
        response = operator_client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return set(_numbers(response))

    assert numbers() == {old_cash.number, online.number, with_rx.number}
    assert numbers(payment_method="cash") == {old_cash.number}
    assert numbers(delivery_type="courier") == {online.number, with_rx.number}
    assert numbers(requires_prescription="true") == {with_rx.number}
    assert numbers(requires_prescription="false") == {old_cash.number, online.number}
    assert numbers(status="awaiting_prescription") == {with_rx.number}
    day = timezone.localdate(start)
    assert numbers(created_from=day.isoformat(), created_to=day.isoformat()) == {old_cash.number}
    assert numbers(created_from=(day + timedelta(days=1)).isoformat()) == {
        online.number,
        with_rx.number,
    }
    assert numbers(search=online.number.lower()) == {online.number}
    assert numbers(search=customer.phone_number) == {old_cash.number}


def test_staff_work_queues_list_oldest_first(customer, customer_b, operator_client):
    start = timezone.now() - timedelta(hours=2)
    with time_machine.travel(start, tick=False):
        oldest = place_order(customer_b, payment_method="cash")
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        middle = place_order(customer, payment_method="cash")
    newest = place_order(customer, payment_method="cash")
    response = operator_client.get(LIST, {"status": ["created"], "ordering": "created_at"})
    assert _numbers(response) == [oldest.number, middle.number, newest.number]
    response = operator_client.get(LIST, {"status": ["created"], "ordering": "-created_at"})
    assert _numbers(response) == [newest.number, middle.number, oldest.number]


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "total"},
        {"status": "shipped"},
        {"created_from": "yesterday"},
        {"created_to": "9999-12-31"},
        {"created_from": "0001-01-01"},
        {"payment_method": "btc"},
        {"requires_prescription": "maybe"},
    ],
)
def test_bad_filters_are_400(customer_client, params):
    response = customer_client.get(LIST, params)
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_page_size_is_capped(customer, customer_client):
    place_order(customer)
    response = customer_client.get(LIST, {"page_size": "9223372036854775808"})
    assert response.status_code == 200


@pytest.mark.parametrize("page_size", [1, 4, 9])
@pytest.mark.parametrize("who", ["customer", "operator"])
def test_order_lists_take_the_same_queries_whatever_the_page_size(
    clients, customer, django_assert_num_queries, settings, page_size, who
):
    settings.ORDER_MAX_OPEN_UNPAID = 100
    products = [stocked_product(50) for _ in range(3)]
    for index in range(9):
        place_order(customer, [(p, 1) for p in products[: index % 3 + 1]], payment_method="cash")
    # user (authentication), count, the page of orders with customers and item counts
    with django_assert_num_queries(3):
        response = clients[who].get(LIST, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


# --- detail ------------------------------------------------------------------------------------


def test_detail_shows_items_batches_totals_timeline_payment_and_delivery(customer, customer_client):
    product = stocked_product(10)
    order = place_order(customer, [(product, 2)])
    body = customer_client.get(_url("order-detail", order)).json()
    assert body["number"] == order.number
    assert body["items"][0]["batches"][0]["quantity"] == 2
    assert body["items"][0]["batches"][0]["lot_number"] == (
        StockBatch.objects.get(product=product).lot_number
    )
    assert body["payment"] == {
        "method": "payme",
        "is_paid": False,
        "paid_at": None,
        "amount_due": body["total"],
        "checkout_url": None,  # no payment provider configured in this test
    }
    assert body["delivery"]["type"] == "courier"
    assert [(t["from_status"], t["to_status"], t["actor_role"]) for t in body["timeline"]] == [
        ("", "created", "customer"),
        ("created", "awaiting_payment", "system"),
    ]
    assert body["available_transitions"] == ["cancelled"]


def test_staff_see_their_own_next_steps(customer, operator_client):
    order = order_mark_paid(order=place_order(customer), reference="p-1")
    body = operator_client.get(_url("order-detail", order)).json()
    assert body["available_transitions"] == ["preparing", "cancelled"]


@pytest.mark.parametrize("lines", [1, 5])
def test_detail_takes_the_same_queries_whatever_the_size(
    customer, customer_client, django_assert_num_queries, lines
):
    order = place_order(customer, [(stocked_product(), 1) for _ in range(lines)])
    # user, order, items, allocations with batches, history, removed lines, prescriptions
    with django_assert_num_queries(7):
        response = customer_client.get(_url("order-detail", order))
    assert len(response.json()["items"]) == lines


@pytest.mark.parametrize("number", ["DX-00000000", "dx-zzzzzzzz"])
def test_unknown_orders_are_404(customer_client, number):
    response = customer_client.get(reverse("order-detail", args=[number]))
    assert (response.status_code, _error(response)) == (404, "not_found")


# --- cancel, status, reorder -------------------------------------------------------------------


def test_customer_cancels_their_order_and_the_stock_comes_back(customer, customer_client):
    product = stocked_product(3)
    order = place_order(customer, [(product, 3)])
    response = customer_client.post(_url("order-cancel", order), {"reason": "Found it cheaper"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["timeline"][-1]["reason"] == "Found it cheaper"
    assert StockBatch.objects.get(product=product).reserved == 0


def test_another_customer_can_neither_see_nor_cancel_an_order(customer, customer_b_client):
    product = stocked_product(3)
    order = place_order(customer, [(product, 1)])
    assert customer_b_client.get(_url("order-detail", order)).status_code == 404
    assert customer_b_client.post(_url("order-cancel", order)).status_code == 404
    assert customer_b_client.post(_url("order-reorder", order)).status_code == 404
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT
    assert StockBatch.objects.get(product=product).reserved == 1


def test_customer_cannot_cancel_after_preparation_started(customer, customer_client, operator):
    order = place_order(customer, payment_method="cash")
    order_transition(order=order, to=S.PREPARING, actor=operator)
    response = customer_client.post(_url("order-cancel", order))
    assert (response.status_code, _error(response)) == (403, "transition_not_allowed")


def test_staff_cancel_with_a_reason(customer, operator_client, operator):
    order = place_order(customer, payment_method="cash")
    order_transition(order=order, to=S.PREPARING, actor=operator)
    response = operator_client.post(_url("order-cancel", order))
    assert (response.status_code, _error(response)) == (400, "reason_required")
    response = operator_client.post(_url("order-cancel", order), {"reason": "Out of date pack"})
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")


def test_staff_advance_an_order(customer, operator_client):
    order = place_order(customer, payment_method="cash", delivery_type="pickup")
    url = _url("order-status", order)
    response = operator_client.post(url, {"status": "preparing", "reason": "Started"})
    assert (response.status_code, response.json()["status"]) == (200, "preparing")
    assert response.json()["timeline"][-1]["actor_role"] == "operator"
    response = operator_client.post(url, {"status": "delivered"})
    assert (response.status_code, _error(response)) == (409, "invalid_transition")
    assert response.json()["error"]["details"] == {"from": "preparing", "to": "delivered"}
    response = operator_client.post(url, {"status": "nonsense"})
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_the_pickup_counter_settles_cash_then_hands_over(customer, operator_client):
    """What the operator's pickup tab does: list ready pickup orders with their paid state,
    record the cash at the counter, then mark the order handed over."""
    order = place_order(customer, payment_method="cash", delivery_type="pickup")
    for status in ("preparing", "ready_for_delivery"):
        operator_client.post(_url("order-status", order), {"status": status})
    queue = {"status": ["ready_for_delivery"], "delivery_type": "pickup", "ordering": "created_at"}

    listed = operator_client.get(LIST, queue).json()["results"]
    assert [(o["number"], o["paid_at"]) for o in listed] == [(order.number, None)]

    cash = {"order_id": order.pk, "amount": listed[0]["total"]}
    assert operator_client.post(reverse("payments-cash-confirm"), cash).status_code == 201
    assert operator_client.get(LIST, queue).json()["results"][0]["paid_at"] is not None

    response = operator_client.post(_url("order-status", order), {"status": "delivered"})
    assert (response.status_code, response.json()["status"]) == (200, "delivered")
    assert operator_client.get(LIST, queue).json()["results"] == []


def test_operators_cannot_make_courier_moves(customer, operator_client, operator):
    order = order_mark_paid(order=place_order(customer), reference="p-1")
    for status in (S.PREPARING, S.READY_FOR_DELIVERY):
        order_transition(order=order, to=status, actor=operator)
    response = operator_client.post(_url("order-status", order), {"status": "on_the_way"})
    assert (response.status_code, _error(response)) == (403, "transition_not_allowed")


def test_operators_cannot_mark_orders_paid(customer, operator_client):
    order = place_order(customer)
    response = operator_client.post(_url("order-status", order), {"status": "paid"})
    assert response.status_code == 403
    assert Order.objects.get().paid_at is None


def test_reorder_puts_what_can_be_bought_back_in_the_cart(customer, customer_client, settings):
    settings.CART_MAX_QUANTITY_PER_PRODUCT = 10
    plenty, scarce, withdrawn = stocked_product(10), stocked_product(4), stocked_product(5)
    order = place_order(customer, [(plenty, 2), (scarce, 3), (withdrawn, 1)])
    place_order(CustomerFactory(), [(scarce, 1)])
    withdrawn.is_active = False
    withdrawn.save()
    fill_cart(customer, [(plenty, 7)])

    response = customer_client.post(_url("order-reorder", order))

    assert response.status_code == 200
    body = response.json()
    assert [(a["product_id"], a["quantity"]) for a in body["added"]] == [(plenty.pk, 1)]
    assert {(s["product_id"], s["reason"]) for s in body["skipped"]} == {
        (scarce.pk, "out_of_stock"),
        (withdrawn.pk, "inactive"),
    }
    assert dict(
        CartItem.objects.filter(cart__customer=customer).values_list("product_id", "quantity")
    ) == {plenty.pk: 8}
    assert body["cart"]["items_total"]


def test_reorder_respects_limits_and_partial_stock(customer, customer_client, settings):
    settings.CART_MAX_QUANTITY_PER_PRODUCT = 3
    product = stocked_product(10)
    order = place_order(customer, [(product, 3)])
    order_transition(order=order, to=S.CANCELLED, actor=customer)
    settings.CART_MAX_QUANTITY_PER_PRODUCT = 2
    body = customer_client.post(_url("order-reorder", order)).json()
    assert [(a["product_id"], a["quantity"]) for a in body["added"]] == [(product.pk, 2)]
    body = customer_client.post(_url("order-reorder", order)).json()
    assert [s["reason"] for s in body["skipped"]] == ["quantity_limit"]


# --- permission tables -------------------------------------------------------------------------

DETAIL_ACCESS = {
    "anonymous": 401,
    "customer": 200,
    "customer_b": 404,
    "courier": 403,
    "courier_b": 403,
    "operator": 200,
    "admin": 200,
}
CUSTOMER_ONLY = {**DETAIL_ACCESS, "operator": 403, "admin": 403}
STAFF_ONLY = {**DETAIL_ACCESS, "customer": 403, "customer_b": 403}


@pytest.mark.parametrize(("role", "expected"), {**DETAIL_ACCESS, "customer_b": 200}.items())
def test_list_permission_table(clients, customer, role, expected):
    place_order(customer)
    response = clients[role].get(LIST)
    assert response.status_code == expected
    if role == "customer_b":
        assert response.json()["results"] == []


@pytest.mark.parametrize(("role", "expected"), DETAIL_ACCESS.items())
def test_detail_permission_table(clients, customer, role, expected):
    order = place_order(customer)
    assert clients[role].get(_url("order-detail", order)).status_code == expected


@pytest.mark.parametrize(("role", "expected"), DETAIL_ACCESS.items())
def test_cancel_permission_table(clients, customer, role, expected):
    order = place_order(customer)
    response = clients[role].post(_url("order-cancel", order), {"reason": "table"})
    assert response.status_code == expected
    order.refresh_from_db()
    assert (order.status == S.CANCELLED) == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), STAFF_ONLY.items())
def test_status_permission_table(clients, customer, role, expected):
    order = place_order(customer, payment_method="cash")
    response = clients[role].post(_url("order-status", order), {"status": "preparing"})
    assert response.status_code == expected
    order.refresh_from_db()
    assert (order.status == S.PREPARING) == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), CUSTOMER_ONLY.items())
def test_reorder_permission_table(clients, customer, role, expected):
    order = place_order(customer)
    response = clients[role].post(_url("order-reorder", order))
    assert response.status_code == expected
    assert CartItem.objects.exists() == (expected == 200)


CHECKOUT_ACCESS = {**CUSTOMER_ONLY, "customer_b": 400}


@pytest.mark.parametrize(("role", "expected"), CHECKOUT_ACCESS.items())
def test_checkout_permission_table(clients, customer, role, expected):
    fill_cart(customer, [(stocked_product(), 1)])
    response = clients[role].post(
        reverse("checkout"),
        {"payment_method": "cash", "delivery_type": "pickup"},
        HTTP_IDEMPOTENCY_KEY="table",
    )
    # customer_b has an empty cart of their own: 400 cart_empty, never customer's cart.
    assert response.status_code == {"customer": 201}.get(role, expected)
    assert Order.objects.count() == (1 if role == "customer" else 0)
