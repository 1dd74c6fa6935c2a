"""The courier confirms the handover (with the customer's code) at the moment an operator
cancels the order on its way: threads with their own PostgreSQL connections, through the API.
Exactly one wins — delivered (the cancellation is refused, the stock is sold) or cancelled (the
confirmation is refused, the stock is back) — and the delivery follows the order."""

import time

import pytest

from apps.delivery.models import Delivery, DeliveryStatus
from apps.orders.models import Order, OrderStatus, OrderStatusHistory
from apps.products.models import StockBatch, StockMovement
from tests.concurrency import at_once
from tests.conftest import client_for
from tests.delivery.factories import ZoneFactory, handover_code, on_the_way_delivery
from tests.users.factories import CourierFactory, OperatorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# (confirmation delay, cancellation delay) per round: one side or the other leaves a little
# later while the first is in flight, so runs see both winners. The assertions hold either way.
DELAYS = ((0, 0), (0, 0.1), (0, 0.3), (0, 0.6), (0.3, 0))


def stock_of(order: Order) -> dict[int, tuple[int, int]]:
    batches = StockBatch.objects.filter(product__order_items__order=order).distinct()
    return {b.pk: (b.quantity, b.reserved) for b in batches}


def test_handover_racing_an_operator_cancel_has_exactly_one_winner(settings, sms_gateway):
    settings.DELIVERY_AUTO_ASSIGN = False
    settings.DELIVERY_HANDOVER_MAX_ATTEMPTS = 3
    ZoneFactory()
    courier, operator = CourierFactory(), OperatorFactory()
    outcomes = []
    for confirm_delay, cancel_delay in DELAYS:
        delivery = on_the_way_delivery(courier)
        order = delivery.order
        units = sum(order.items.values_list("quantity", flat=True))
        code = handover_code(sms_gateway, delivery)
        before = stock_of(order)
        confirm_url = f"/api/v1/delivery/courier/deliveries/{delivery.pk}/confirm/"
        cancel_url = f"/api/v1/orders/{order.number}/cancel/"

        def confirm(delay=confirm_delay, confirm_url=confirm_url, code=code):
            time.sleep(delay)
            return client_for(courier).post(confirm_url, {"code": code}, format="json")

        def cancel(delay=cancel_delay, cancel_url=cancel_url):
            time.sleep(delay)
            return client_for(operator).post(
                cancel_url, {"reason": "Customer phoned"}, format="json"
            )

        confirmed, cancelled = at_once([confirm, cancel])

        statuses = (confirmed.status_code, cancelled.status_code)
        assert statuses in ((200, 409), (409, 200)), (
            statuses,
            confirmed.content,
            cancelled.content,
        )
        order.refresh_from_db()
        delivery = Delivery.objects.get(pk=delivery.pk)
        after = stock_of(order)
        delivered = statuses == (200, 409)
        if delivered:
            assert (order.status, delivery.status) == (
                OrderStatus.DELIVERED,
                DeliveryStatus.DELIVERED,
            )
            assert sum(q for q, _ in after.values()) == sum(q for q, _ in before.values()) - units
        else:
            assert order.status == OrderStatus.CANCELLED
            assert delivery.status != DeliveryStatus.DELIVERED
            assert delivery.status not in (DeliveryStatus.ON_THE_WAY, DeliveryStatus.PICKED_UP)
            assert sum(q for q, _ in after.values()) == sum(q for q, _ in before.values())
        assert all(reserved == 0 for _, reserved in after.values())
        for batch_id, (quantity, reserved) in after.items():
            movements = StockMovement.objects.filter(batch_id=batch_id)
            assert sum(m.quantity_delta for m in movements) == quantity
            assert sum(m.reserved_delta for m in movements) == reserved
        finals = OrderStatusHistory.objects.filter(
            order=order, to_status__in=[OrderStatus.DELIVERED, OrderStatus.CANCELLED]
        )
        assert finals.count() == 1
        outcomes.append("delivered" if delivered else "cancelled")
    print("handover rounds:", outcomes)
