"""Scenario 5: an order placed while Redis (the broker) is down commits; its SMS waits in the
outbox and the sweeper sends it, once, when the broker is back."""

import time
import uuid

import pytest

from .stack import wait_until

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("fault")]


def test_order_placed_with_the_broker_down_commits_and_its_sms_is_sent_later(stack):
    phone = next(stack.phones)
    token = stack.login(phone)
    added = stack.post(
        "/api/v1/orders/cart/add/", {"product_id": stack.product_id, "quantity": 1}, token=token
    )
    assert added.status_code in (200, 201), added.text

    stack.redis.stop()
    checkout = stack.post(
        "/api/v1/orders/checkout/",
        {"payment_method": "cash", "delivery_type": "pickup"},
        token=token,
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert checkout.status_code == 201, checkout.text
    number = checkout.json()["number"]
    # Committed: the order, its reserved stock and the outbox rows, though no task was queued.
    assert stack.postgres.query(
        "SELECT o.status, o.stock_state, count(h.id) FROM orders_order o"
        " JOIN orders_orderstatushistory h ON h.order_id = o.id"
        " WHERE o.number = %s GROUP BY o.id",
        (number,),
    ) == [("created", "reserved", 1)]
    assert stack.notifications_to(phone) == [("order_created", "pending", 0)]
    assert stack.gateway.count_to(phone) == 0

    stack.redis.start()
    wait_until(
        "the order SMS is delivered",
        lambda: stack.notifications_to(phone) == [("order_created", "sent", 1)],
        timeout=60,
        stack=stack,
    )
    texts = stack.gateway.texts_to(phone)
    assert len(texts) == 1
    assert number in texts[0]
    time.sleep(3)  # a few sweeper cycles later: still one
    assert stack.gateway.count_to(phone) == 1
