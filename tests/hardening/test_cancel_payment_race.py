"""The customer cancels an order at the moment the provider confirms its payment (SECURITY.md,
"Faults that must not lose data"): Payme PerformTransaction or Click Complete racing
`POST /orders/{number}/cancel/`, each over real HTTP against a live server, in threads with
their own PostgreSQL connections, released together by a barrier.

Customers may cancel an order that is awaiting payment and one that is paid (before
preparation), so the cancellation always lands; what the race decides is whether the money was
taken first. Exactly one of two outcomes is allowed, whatever the interleaving:

- the cancellation won: the provider's confirmation is refused (Payme -31008, Click -9), no
  payment is ever paid, the order never was PAID;
- the payment won: the order was PAID once, then cancelled, and the payment is on the refund
  path (Payme: refund pending until Payme's CancelTransaction; Click: reversed through the
  Click Merchant API, a local fake server).

Either way the stock held for the order comes back exactly once, the batch history adds up,
and the provider's follow-up (Payme's CancelTransaction) changes nothing more in stock. The
last test races a Payme cabinet refund of a paid order against the customer's cancel."""

import json
import re
import time

import pytest
import requests
from werkzeug import Response

from apps.orders.models import Order, OrderStatus, OrderStatusHistory
from apps.payments.clock import now_ms
from apps.payments.models import Payment, PaymentStatus, PaymeState
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from tests.concurrency import at_once
from tests.conftest import client_for
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

# One fresh order per round. The provider's call leaves after a delay that grows from round to
# round, while the cancellation (about a second on these machines) is still in flight, so runs
# see both "payment first" and "cancellation first". The assertions hold for either outcome;
# nothing depends on which one a round gets.
DELAYS = (0, 0, 0.2, 0.5, 1.0, 2.0)
STOCK, QUANTITY = 20, 2


class FakeClickApi:
    """The Click Merchant API (reversals) as a real local HTTP server."""

    def __init__(self):
        self.reversals: list[str] = []

    def reverse(self, request):
        self.reversals.append(request.path)
        body = {"error_code": 0, "error_note": "Success"}
        return Response(json.dumps(body), content_type="application/json")


@pytest.fixture
def click_api(httpserver, settings):
    api = FakeClickApi()
    httpserver.expect_request(
        re.compile(r"^/v2/merchant/payment/reversal/\d+/\d+$"), method="DELETE"
    ).respond_with_handler(api.reverse)
    settings.CLICK_API_URL = httpserver.url_for("/v2/merchant/")
    return api


def after(delay: float, call):
    def delayed():
        time.sleep(delay)
        return call()

    return delayed


def cancel_over_http(base_url: str, order: Order) -> int:
    access = client_for(order.customer)._credentials["HTTP_AUTHORIZATION"]
    response = requests.post(
        f"{base_url}/api/v1/orders/{order.number}/cancel/",
        json={"reason": "changed my mind"},
        headers={"Authorization": access},
        timeout=30,
    )
    return response.status_code


def history(order: Order, status: str) -> int:
    return OrderStatusHistory.objects.filter(order=order, to_status=status).count()


def assert_stock_returned_once(order: Order) -> None:
    """The order's units are back on the shelf, released exactly once, and every batch's
    movements add up to what the batch says."""
    batches = StockBatch.objects.filter(product__order_items__order=order).distinct()
    assert batches, "the order held no stock"
    for batch in batches:
        assert (batch.quantity, batch.reserved) == (STOCK, 0)
        movements = StockMovement.objects.filter(batch=batch)
        assert sum(m.quantity_delta for m in movements) == batch.quantity
        assert sum(m.reserved_delta for m in movements) == batch.reserved
        released = movements.filter(kind=StockMovementKind.RELEASE)
        assert sum(-m.reserved_delta for m in released) == QUANTITY


def assert_one_outcome(order: Order, *, confirmed: bool) -> None:
    order.refresh_from_db()
    payments = list(Payment.objects.filter(order=order))
    assert history(order, OrderStatus.CANCELLED) == 1
    assert len(payments) == 1
    if confirmed:  # the payment won, the cancellation refunds it
        assert history(order, OrderStatus.PAID) == 1
        assert order.paid_at is not None
        assert payments[0].status in (PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED)
    else:  # the cancellation won, no money was taken
        assert history(order, OrderStatus.PAID) == 0
        assert order.paid_at is None
        assert payments[0].status in (PaymentStatus.PROCESSING, PaymentStatus.CANCELLED)
    assert_stock_returned_once(order)


def test_payme_perform_racing_the_customers_cancel_has_one_consistent_outcome(live_server):
    outcomes = []
    for delay in DELAYS:
        order = awaiting_order(stock=STOCK, quantity=QUANTITY)
        tid = payme_id()
        params = {"id": tid, "time": now_ms(), "amount": payme_amount(order)}
        created = PaymeHttp(live_server.url)(
            "CreateTransaction", params | {"account": payme_account(order)}
        )
        assert created["result"]["state"] == PaymeState.CREATED

        perform, cancelled = at_once(
            [
                after(
                    delay,
                    lambda tid=tid: PaymeHttp(live_server.url)("PerformTransaction", {"id": tid}),
                ),
                lambda order=order: cancel_over_http(live_server.url, order),
            ]
        )

        confirmed = "result" in perform
        assert cancelled == 200
        if not confirmed:
            assert perform["error"]["code"] == -31008, perform
        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELLED
        assert_one_outcome(order, confirmed=confirmed)
        payment = Payment.objects.get(order=order)
        expected = PaymentStatus.REFUND_PENDING if confirmed else PaymentStatus.PROCESSING
        assert (payment.status, payment.state) == (
            expected,
            PaymeState.PERFORMED if confirmed else PaymeState.CREATED,
        )

        # Payme closes its side: the open transaction is cancelled (state -1), or staff refund
        # the performed one from the cabinet (state -2). Nothing more moves in stock.
        follow_up = PaymeHttp(live_server.url)("CancelTransaction", {"id": tid, "reason": 3})
        assert follow_up["result"]["state"] == (
            PaymeState.CANCELLED_AFTER_PERFORM if confirmed else PaymeState.CANCELLED
        )
        order.refresh_from_db()
        payment.refresh_from_db()
        assert payment.status == (PaymentStatus.REFUNDED if confirmed else PaymentStatus.CANCELLED)
        assert order.status == (OrderStatus.REFUNDED if confirmed else OrderStatus.CANCELLED)
        assert_stock_returned_once(order)
        outcomes.append("paid, then refunded" if confirmed else "cancelled before payment")
    print("payme rounds:", outcomes)


def test_click_complete_racing_the_customers_cancel_has_one_consistent_outcome(
    live_server, click_api
):
    outcomes = []
    for round_number, delay in enumerate(DELAYS):
        order = awaiting_order(method="click", stock=STOCK, quantity=QUANTITY)
        trans_id = 7000 + round_number
        prepared = ClickHttp(live_server.url)(
            click_fields(order_number=order.number, amount=order.total, click_trans_id=trans_id)
        )
        assert prepared["error"] == 0, prepared
        complete = click_fields(
            order_number=order.number,
            amount=order.total,
            click_trans_id=trans_id,
            action=1,
            prepare_id=prepared["merchant_prepare_id"],
        )

        completed, cancelled = at_once(
            [
                after(delay, lambda complete=complete: ClickHttp(live_server.url)(complete)),
                lambda order=order: cancel_over_http(live_server.url, order),
            ]
        )

        confirmed = completed["error"] == 0
        assert cancelled == 200
        if not confirmed:
            assert completed["error"] == -9, completed
        assert_one_outcome(order, confirmed=confirmed)
        order.refresh_from_db()
        payment = Payment.objects.get(order=order)
        if confirmed:
            # The reversal ran after the cancellation committed (eager task in tests).
            assert (order.status, payment.status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
        else:
            assert (order.status, payment.status) == (
                OrderStatus.CANCELLED,
                PaymentStatus.CANCELLED,
            )
        outcomes.append("paid, then reversed" if confirmed else "cancelled before payment")
    assert len(click_api.reversals) == outcomes.count("paid, then reversed")
    print("click rounds:", outcomes)


def test_payme_refund_racing_the_customers_cancel_of_a_paid_order_returns_stock_once(
    live_server,
):
    """Staff refund a paid order in the Payme cabinet (Payme sends CancelTransaction, state
    2 → -2) while the customer cancels it: refunded once, the stock back once."""
    outcomes = []
    for delay in DELAYS:
        order = awaiting_order(stock=STOCK, quantity=QUANTITY)
        tid = payme_id()
        payme = PaymeHttp(live_server.url)
        params = {"id": tid, "time": now_ms(), "amount": payme_amount(order)}
        payme("CreateTransaction", params | {"account": payme_account(order)})
        assert "result" in payme("PerformTransaction", {"id": tid})

        refund, cancelled = at_once(
            [
                after(
                    delay,
                    lambda tid=tid: PaymeHttp(live_server.url)(
                        "CancelTransaction", {"id": tid, "reason": 5}
                    ),
                ),
                lambda order=order: cancel_over_http(live_server.url, order),
            ]
        )

        assert refund["result"]["state"] == PaymeState.CANCELLED_AFTER_PERFORM, refund
        assert cancelled in (200, 409)
        order.refresh_from_db()
        payment = Payment.objects.get(order=order)
        assert (order.status, payment.status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
        assert history(order, OrderStatus.PAID) == 1
        assert history(order, OrderStatus.REFUNDED) == 1
        assert history(order, OrderStatus.CANCELLED) == (1 if cancelled == 200 else 0)
        assert_stock_returned_once(order)
        outcomes.append("cancelled, then refunded" if cancelled == 200 else "refunded first")
    print("refund rounds:", outcomes)
