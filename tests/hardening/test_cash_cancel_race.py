"""The courier records the customer's cash at the door at the moment an operator cancels the
order: threads with their own PostgreSQL connections, through the API. The cancellation always
lands (staff may cancel until handover); the cash is either refused (never recorded) or recorded
once and then marked returned to the customer, so the courier never owes it in the ledger."""

import time

import pytest

from apps.orders.models import OrderStatus, OrderStatusHistory
from apps.payments.models import Payment, PaymentStatus
from tests.concurrency import at_once
from tests.conftest import client_for
from tests.payments.factories import awaiting_order, on_the_way
from tests.users.factories import CourierFactory, OperatorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# (cash confirmation delay, cancellation delay) per round, so runs see both orders.
DELAYS = ((0, 0), (0, 0.2), (0, 0.5), (0.3, 0))


def test_cash_confirmation_racing_an_operator_cancel_never_leaves_cash_owed(settings):
    settings.DELIVERY_AUTO_ASSIGN = False
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = len(DELAYS)
    courier, operator = CourierFactory(), OperatorFactory()
    outcomes = []
    for confirm_delay, cancel_delay in DELAYS:
        order = on_the_way(awaiting_order(method="cash"), courier)
        body = {"order_id": order.pk, "amount": str(order.total)}

        def confirm(delay=confirm_delay, body=body):
            time.sleep(delay)
            return client_for(courier).post("/api/v1/payments/cash/confirm/", body, format="json")

        def cancel(delay=cancel_delay, number=order.number):
            time.sleep(delay)
            return client_for(operator).post(
                f"/api/v1/orders/{number}/cancel/", {"reason": "Customer refused"}, format="json"
            )

        confirmed, cancelled = at_once([confirm, cancel])

        assert cancelled.status_code == 200, cancelled.content
        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELLED
        assert OrderStatusHistory.objects.filter(order=order, to_status="cancelled").count() == 1
        payments = list(Payment.objects.filter(order=order))
        if confirmed.status_code == 201:  # recorded first, then returned with the cancellation
            assert [p.status for p in payments] == [PaymentStatus.REFUNDED]
            outcomes.append("recorded, then returned")
        else:  # the order was cancelled first: no cash taken
            assert confirmed.status_code in (404, 409), confirmed.content
            assert payments == []
            assert order.paid_at is None
            outcomes.append("refused")
    ledger = client_for(courier).get("/api/v1/payments/cash/ledger/")
    assert ledger.status_code == 200
    assert ledger.json() == []
    print("cash rounds:", outcomes)
