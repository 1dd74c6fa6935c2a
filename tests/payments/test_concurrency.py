"""Concurrent duplicate callbacks over real HTTP against a live server on PostgreSQL: whatever
the interleaving, one effect (one paid payment, one PAID transition, one SMS)."""

import pytest

from apps.notifications.models import Notification, NotificationType
from apps.orders.models import OrderStatus, OrderStatusHistory
from apps.payments.clock import now_ms
from apps.payments.models import Payment, PaymentStatus
from tests.concurrency import at_once
from tests.payments.factories import awaiting_order
from tests.payments.providers import (
    ClickHttp,
    PaymeHttp,
    click_fields,
    payme_account,
    payme_amount,
    payme_id,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("provider_settings"),
]

THREADS = 8


def paid_once(order) -> None:
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order, status=PaymentStatus.PAID).count() == 1
    assert OrderStatusHistory.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
    sms = Notification.objects.filter(type=NotificationType.ORDER_PAID, channel="sms")
    assert sms.filter(user=order.customer).count() == 1


def test_duplicate_payme_performs_pay_once_with_identical_answers(live_server):
    payme = PaymeHttp(live_server.url)
    order = awaiting_order()
    tid = payme_id()
    params = {"id": tid, "time": now_ms(), "amount": payme_amount(order)}
    payme("CreateTransaction", params | {"account": payme_account(order)})

    replies = at_once(
        [lambda: PaymeHttp(live_server.url)("PerformTransaction", {"id": tid})] * THREADS
    )

    assert all("result" in reply for reply in replies)
    assert len({str(reply) for reply in replies}) == 1
    paid_once(order)


def test_duplicate_payme_creates_open_one_transaction(live_server):
    order = awaiting_order()
    tid, time = payme_id(), now_ms()
    params = {
        "id": tid,
        "time": time,
        "amount": payme_amount(order),
        "account": payme_account(order),
    }

    replies = at_once([lambda: PaymeHttp(live_server.url)("CreateTransaction", params)] * THREADS)

    assert len({str(reply) for reply in replies}) == 1
    assert Payment.objects.get().payme_transaction_id == tid


def test_competing_payme_creates_for_one_order_let_exactly_one_through(live_server):
    order = awaiting_order()

    def create():
        params = {"id": payme_id(), "time": now_ms(), "amount": payme_amount(order)}
        return PaymeHttp(live_server.url)(
            "CreateTransaction", params | {"account": payme_account(order)}
        )

    replies = at_once([create] * THREADS)

    assert sum("result" in reply for reply in replies) == 1
    assert {reply["error"]["code"] for reply in replies if "error" in reply} == {-31008}
    assert Payment.objects.filter(order=order).count() == 1


def test_duplicate_click_completes_pay_once(live_server):
    click = ClickHttp(live_server.url)
    order = awaiting_order(method="click")
    prepared = click(click_fields(order_number=order.number, amount=order.total, click_trans_id=41))
    complete = click_fields(
        order_number=order.number,
        amount=order.total,
        click_trans_id=41,
        action=1,
        prepare_id=prepared["merchant_prepare_id"],
    )

    replies = at_once([lambda: ClickHttp(live_server.url)(complete)] * THREADS)

    assert sorted(reply["error"] for reply in replies) == [-4] * (THREADS - 1) + [0]
    paid_once(order)


def test_payme_and_click_racing_for_one_order_take_one_payment(live_server):
    order = awaiting_order()
    tid = payme_id()
    params = {"id": tid, "time": now_ms(), "amount": payme_amount(order)}
    PaymeHttp(live_server.url)("CreateTransaction", params | {"account": payme_account(order)})
    prepared = ClickHttp(live_server.url)(
        click_fields(order_number=order.number, amount=order.total, click_trans_id=42)
    )
    complete = click_fields(
        order_number=order.number,
        amount=order.total,
        click_trans_id=42,
        action=1,
        prepare_id=prepared["merchant_prepare_id"],
    )

    payme_reply, click_reply = at_once(
        [
            lambda: PaymeHttp(live_server.url)("PerformTransaction", {"id": tid}),
            lambda: ClickHttp(live_server.url)(complete),
        ]
    )

    assert ("result" in payme_reply) != (click_reply["error"] == 0)
    paid_once(order)
