"""The benchmark's historical orders (bench/history.py): generated in SQL, they must satisfy
every constraint of the real tables, follow the documented mix, skip what exists, and give the
dashboard roll-ups the same figures as the raw rows."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from apps.dashboard.models import CourierPerformance, DailyStats
from apps.delivery.models import Delivery
from apps.orders.models import Order, OrderItem, OrderStatusHistory
from apps.payments.models import Payment
from bench import history
from tests.products.factories import ProductFactory
from tests.users.factories import CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

COUNT = 400


@pytest.fixture
def generated():
    ProductFactory.create_batch(30)
    customers = [c.pk for c in CustomerFactory.create_batch(5)]
    added = history.orders_ensure(count=COUNT, customer_ids=customers)
    return {"added": added, "customers": customers}


def test_the_orders_are_generated_once_with_their_lines_and_totals(generated):
    assert generated["added"] == COUNT
    assert history.orders_ensure(count=COUNT, customer_ids=generated["customers"]) == 0
    assert Order.objects.count() == COUNT
    assert set(Order.objects.values_list("customer_id", flat=True)) <= set(generated["customers"])
    for order in Order.objects.all()[:50]:
        lines = OrderItem.objects.filter(order=order)
        assert 1 <= lines.count() <= 3
        items_total = lines.aggregate(total=Sum("line_total"))["total"]
        assert order.items_total == items_total
        assert order.total == items_total + order.delivery_fee
    # more added later continue the numbering
    history.orders_ensure(count=COUNT + 10, customer_ids=generated["customers"])
    assert Order.objects.count() == COUNT + 10


def test_paid_orders_have_one_payment_and_courier_orders_a_delivery(generated):
    online_paid = Order.objects.exclude(payment_reference="")
    assert online_paid.exists()
    assert Payment.objects.filter(order__in=online_paid).count() == online_paid.count()
    assert not Payment.objects.filter(order__payment_method="cash", collected_by=None).exists()
    refunded = Payment.objects.filter(order__status="refunded")
    assert set(refunded.values_list("status", flat=True)) == {"refunded"}
    delivered = Order.objects.filter(status="delivered", delivery_type="courier")
    assert Delivery.objects.filter(order__in=delivered, status="delivered").count() == (
        delivered.count()
    )
    assert (
        OrderStatusHistory.objects.filter(
            order__in=delivered, to_status="delivered", actor_role="courier"
        ).count()
        == delivered.count()
    )
    assert not Delivery.objects.filter(order__delivery_type="pickup").exists()


def test_the_status_mix_is_about_the_documented_one(generated):
    delivered = Order.objects.filter(status="delivered").count() / COUNT
    assert 0.45 < delivered < 0.65


@pytest.mark.django_db(transaction=True)  # the rebuild creates (and drops) an index
def test_the_roll_ups_are_computed_from_the_history(generated):
    days = history.rollups_ensure()
    assert days == history.DAYS + 1
    assert history.rollups_ensure() == 0  # nothing missing any more
    assert DailyStats.objects.aggregate(n=Sum("orders_total"))["n"] == COUNT
    courier_deliveries = CourierPerformance.objects.aggregate(n=Sum("deliveries"))["n"]
    assert (
        courier_deliveries
        == Order.objects.filter(status="delivered", delivery_type="courier").count()
    )
    revenue = DailyStats.objects.aggregate(r=Sum("revenue_total"))["r"]
    assert revenue > Decimal(0)
