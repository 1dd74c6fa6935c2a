"""Courier performance for the dashboard, and the assignment question payments asks."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from apps.delivery.selectors import courier_is_assigned, courier_performance
from apps.delivery.services import delivery_fail, delivery_status_update
from apps.orders.models import OrderStatus
from apps.orders.services import order_transition
from tests.users.factories import AdminFactory, CourierFactory

from .factories import ZoneFactory, assigned_delivery, on_the_way_delivery, ready_delivery

pytestmark = pytest.mark.django_db


def _hand_over_after(delivery, courier, minutes: int, start):
    """Pick up and set off at `start`, hand over `minutes` later (staff confirm it)."""
    with time_machine.travel(start, tick=False):
        delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
        delivery_status_update(delivery=delivery, actor=courier, to="on_the_way")
    with (
        time_machine.travel(start + timedelta(minutes=minutes), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        order_transition(order=delivery.order, to=OrderStatus.DELIVERED, actor=AdminFactory())


def test_courier_performance_counts_done_on_time_average_failed_and_cash(settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 5
    ZoneFactory(eta_min_minutes=30, eta_max_minutes=60)
    fast, idle = CourierFactory(first_name="Bekzod"), CourierFactory()
    start = timezone.now()
    on_time = assigned_delivery(fast, payment_method="cash")
    late = assigned_delivery(fast, payment_method="payme")
    failed = assigned_delivery(fast)
    _hand_over_after(on_time, fast, 20, start)
    _hand_over_after(late, fast, 120, start)
    delivery_status_update(delivery=failed, actor=fast, to="picked_up")
    delivery_fail(delivery=failed, actor=fast, reason="customer_absent")

    results = courier_performance(
        since=start - timedelta(hours=1), until=start + timedelta(hours=3)
    )

    by_courier = {row.courier_id: row for row in results}
    assert results[0].courier_id == fast.pk
    stats = by_courier[fast.pk]
    assert (stats.first_name, stats.deliveries_done, stats.failed_count) == ("Bekzod", 2, 1)
    assert stats.on_time_rate == 0.5
    assert stats.average_minutes == 70.0
    assert stats.cash_collected == on_time.order.total
    quiet = by_courier[idle.pk]
    assert (quiet.deliveries_done, quiet.on_time_rate, quiet.average_minutes) == (0, None, None)
    assert (quiet.failed_count, quiet.cash_collected) == (0, Decimal("0.00"))


def test_performance_only_counts_the_period(courier):
    start = timezone.now()
    _hand_over_after(assigned_delivery(courier), courier, 10, start)
    later = courier_performance(
        since=start + timedelta(hours=1), until=start + timedelta(hours=2), courier_ids=[courier.pk]
    )
    assert [(row.courier_id, row.deliveries_done) for row in later] == [(courier.pk, 0)]


def test_performance_runs_three_queries(django_assert_num_queries, courier, courier_b):
    now = timezone.now()
    with django_assert_num_queries(3):
        courier_performance(since=now - timedelta(days=1), until=now)


def test_courier_is_assigned_while_holding_or_after_handing_over(courier, courier_b):
    pending = ready_delivery()
    assert not courier_is_assigned(courier=courier, order=pending.order)
    delivery = on_the_way_delivery(courier)
    order = delivery.order
    assert courier_is_assigned(courier=courier, order=order)
    assert not courier_is_assigned(courier=courier_b, order=order)
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_transition(order=order, to=OrderStatus.DELIVERED, actor=AdminFactory())
    assert courier_is_assigned(courier=courier, order=order)


def test_a_failed_delivery_is_no_longer_the_couriers(courier):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_absent")
    assert not courier_is_assigned(courier=courier, order=delivery.order)
