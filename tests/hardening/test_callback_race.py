"""Concurrent duplicates of the callbacks tests/payments/test_concurrency.py does not race:
Payme CancelTransaction of a performed transaction (a refund) and Click Prepare. Over HTTP
against a live server, 8 threads released together: one effect, identical answers."""

import pytest

from apps.orders.models import OrderStatus, OrderStatusHistory
from apps.payments.clock import now_ms
from apps.payments.models import Payment, PaymentStatus, PaymeState
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from tests.concurrency import at_once
from tests.payments.factories import awaiting_order
from tests.payments.providers import (
    ClickHttp,
    PaymeHttp,
    click_fields,
    payme_account,
    payme_amount,
    payme_id,
    provider_settings,  # noqa: F401  (fixture)
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("provider_settings"),
]

THREADS = 8


def test_duplicate_payme_refunds_refund_once_and_return_the_stock_once(live_server):
    order = awaiting_order(stock=20, quantity=2)
    tid = payme_id()
    payme = PaymeHttp(live_server.url)
    params = {"id": tid, "time": now_ms(), "amount": payme_amount(order)}
    payme("CreateTransaction", params | {"account": payme_account(order)})
    assert "result" in payme("PerformTransaction", {"id": tid})

    replies = at_once(
        [lambda: PaymeHttp(live_server.url)("CancelTransaction", {"id": tid, "reason": 5})]
        * THREADS
    )

    assert len({str(reply) for reply in replies}) == 1, replies
    assert replies[0]["result"]["state"] == PaymeState.CANCELLED_AFTER_PERFORM
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert OrderStatusHistory.objects.filter(order=order, to_status="refunded").count() == 1
    assert Payment.objects.get(order=order).status == PaymentStatus.REFUNDED
    batch = StockBatch.objects.get(product__order_items__order=order)
    assert (batch.quantity, batch.reserved) == (20, 0)
    released = StockMovement.objects.filter(batch=batch, kind=StockMovementKind.RELEASE)
    assert sum(-m.reserved_delta for m in released) == 2


def test_duplicate_click_prepares_open_one_attempt(live_server):
    order = awaiting_order(method="click")
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=9100)

    replies = at_once([lambda: ClickHttp(live_server.url)(fields)] * THREADS)

    assert {reply["error"] for reply in replies} == {0}, replies
    assert len({reply["merchant_prepare_id"] for reply in replies}) == 1
    assert Payment.objects.filter(order=order).count() == 1
