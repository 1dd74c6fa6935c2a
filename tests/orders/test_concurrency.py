"""Races with real concurrent PostgreSQL connections: buyers of the last units, carts naming
products in opposite orders, double-clicked checkouts, and the expiry task racing itself, the
customer and the payment confirmation."""

import threading
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import DomainError
from apps.orders.models import Order, OrderStatus, OrderStatusHistory
from apps.orders.services import order_cancel, order_mark_paid, order_reservations_expire
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from apps.products.selectors import product_sellable_quantities
from tests.conftest import client_for
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.products.factories import ProductFactory, receive
from tests.users.factories import CustomerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECKOUT = reverse("checkout")
BODY = {"payment_method": "cash", "delivery_type": "pickup"}


def _run_threads(count: int, work) -> list:
    """Run `work(i)` in `count` threads released together; results (or exceptions) by index."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _checkout(client, key: str | None = None):
    response = client.post(
        CHECKOUT, BODY, format="json", HTTP_IDEMPOTENCY_KEY=key or uuid.uuid4().hex
    )
    return response.status_code, response.json()


def test_thirty_buyers_of_the_last_five_units_get_exactly_five_orders():
    product = ProductFactory()
    receive(product, 2, days=100)
    receive(product, 3, days=200)
    customers = [CustomerFactory() for _ in range(30)]
    for customer in customers:
        fill_cart(customer, [(product, 1)])
    clients = [client_for(customer) for customer in customers]

    results = _run_threads(30, lambda i: _checkout(clients[i]))

    statuses = Counter(status for status, _body in results)
    assert statuses == {201: 5, 409: 25}, results
    refusals = [body["error"] for status, body in results if status == 409]
    assert {error["code"] for error in refusals} == {"insufficient_stock"}
    assert all(error["details"]["items"][0]["product_id"] == product.pk for error in refusals)
    assert Order.objects.count() == 5
    batches = StockBatch.objects.filter(product=product)
    assert all(0 <= b.reserved <= b.quantity for b in batches)
    assert sum(b.reserved for b in batches) == 5
    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 0}
    # The losers keep their carts to try something else.
    assert sum(1 for c in customers if c.cart.items.exists()) == 25


def test_carts_naming_two_products_in_opposite_orders_do_not_deadlock():
    first, second = stocked_product(40), stocked_product(40)
    customers = [CustomerFactory() for _ in range(16)]
    for index, customer in enumerate(customers):
        lines = [(first, 1), (second, 1)]
        fill_cart(customer, lines if index % 2 else lines[::-1])
    clients = [client_for(customer) for customer in customers]

    results = _run_threads(16, lambda i: _checkout(clients[i]))

    assert [status for status, _body in results] == [201] * 16, results
    for product in (first, second):
        assert StockBatch.objects.get(product=product).reserved == 16


def test_a_double_clicked_checkout_makes_one_order():
    customer = CustomerFactory()
    fill_cart(customer, [(stocked_product(10), 2)])
    clients = [client_for(customer) for _ in range(8)]

    results = _run_threads(8, lambda i: _checkout(clients[i], key="same-click"))

    assert sorted(status for status, _body in results) == [200] * 7 + [201]
    assert len({body["number"] for _status, body in results}) == 1
    assert Order.objects.count() == 1
    assert StockMovement.objects.filter(kind=StockMovementKind.RESERVATION).count() == 1


def _expired_orders(count: int) -> list[Order]:
    customers = [CustomerFactory() for _ in range(count)]
    return [place_order(customer, [(stocked_product(5), 2)]) for customer in customers]


def test_expiry_runs_racing_each_other_cancel_each_order_once():
    orders = _expired_orders(6)
    later = timezone.now() + timedelta(hours=1)

    results = _run_threads(4, lambda i: order_reservations_expire(now=later))

    assert sum(results) == 6, results
    cancellations = OrderStatusHistory.objects.filter(to_status=OrderStatus.CANCELLED)
    assert sorted(cancellations.values_list("order_id", flat=True)) == sorted(o.pk for o in orders)
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 6
    assert not StockBatch.objects.filter(reserved__gt=0).exists()


def test_expiry_racing_customer_cancels_returns_stock_once():
    orders = _expired_orders(8)
    later = timezone.now() + timedelta(hours=1)

    def work(index: int):
        if index == 0:
            return order_reservations_expire(now=later)
        outcomes = []
        for order in orders:
            try:
                order_cancel(order=order, actor=order.customer)
                outcomes.append("cancelled")
            except DomainError as error:
                outcomes.append(error.code)
        return outcomes

    results = _run_threads(2, work)

    assert not any(isinstance(r, Exception) for r in results), results
    assert results[0] + results[1].count("cancelled") == 8
    assert set(results[1]) <= {"cancelled", "invalid_transition"}
    assert OrderStatusHistory.objects.filter(to_status=OrderStatus.CANCELLED).count() == 8
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 8
    assert not StockBatch.objects.filter(reserved__gt=0).exists()


def test_payment_racing_expiry_either_pays_or_cancels_never_both():
    orders = _expired_orders(8)
    later = timezone.now() + timedelta(hours=1)

    def work(index: int):
        if index == 0:
            return order_reservations_expire(now=later)
        paid, refused = [], []
        for order in orders:
            try:
                order_mark_paid(order=order, reference=f"payme-{order.number}")
                paid.append(order.pk)
            except DomainError as error:
                refused.append(error.code)
        return paid, refused

    expired, (paid, refused) = _run_threads(2, work)

    assert expired + len(paid) == 8
    assert set(refused) <= {"order_not_payable"}
    for order in Order.objects.all():
        held = sum(
            StockBatch.objects.filter(product__order_items__order=order).values_list(
                "reserved", flat=True
            )
        )
        if order.pk in paid:
            assert (order.status, held) == (OrderStatus.PAID, 2)
        else:
            assert (order.status, order.paid_at, held) == (OrderStatus.CANCELLED, None, 0)


def test_two_operators_removing_the_same_line_at_once_have_one_effect():
    from apps.orders.errors import OrderItemNotFound
    from apps.orders.models import OrderItemRemoval
    from apps.orders.services import order_item_remove
    from tests.users.factories import OperatorFactory

    removed, kept = stocked_product(10), stocked_product(10)
    order = place_order(CustomerFactory(), [(removed, 3), (kept, 1)], payment_method="cash")
    item = order.items.get(product=removed)
    operators = [OperatorFactory(), OperatorFactory()]

    results = _run_threads(
        2,
        lambda i: order_item_remove(
            order=order, item_id=item.pk, actor=operators[i], reason="not on the shelf"
        ),
    )

    assert sorted(type(r).__name__ for r in results) == sorted(
        ["OrderItemRemoval", OrderItemNotFound.__name__]
    )
    assert OrderItemRemoval.objects.count() == 1
    assert StockBatch.objects.get(product=removed).reserved == 0
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1
    order.refresh_from_db()
    assert order.total == kept.price + order.delivery_fee
