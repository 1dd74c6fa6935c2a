"""Roll-ups against the raw rows they summarise."""

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.dashboard.models import CourierPerformance, DailyStats, ProductPerformance
from apps.dashboard.periods import SHOP_TZ
from apps.dashboard.services import rollup_day_compute, rollups_rebuild, rollups_refresh
from apps.orders.models import Order, OrderStatus, PaymentMethod
from tests.products.factories import ProductFactory
from tests.users.factories import CourierFactory, CustomerFactory

from .factories import history, random_order, raw_order

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
DAY = date(2026, 3, 10)


def tashkent(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHOP_TZ)


def is_settled(order: Order) -> bool:
    if order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        return False
    return order.paid_at is not None or (
        order.payment_method == PaymentMethod.CASH and order.status == OrderStatus.DELIVERED
    )


def expected_day(orders: list[Order]) -> dict:
    settled = [o for o in orders if is_settled(o)]
    refunded = [o for o in orders if o.status == OrderStatus.REFUNDED]
    by_method = {
        m: sum((o.total for o in settled if o.payment_method == m), ZERO)
        for m in PaymentMethod.values
    }
    return {
        "orders_total": len(orders),
        "orders_by_status": dict(Counter(o.status for o in orders)),
        "paid_orders": len(settled),
        "revenue_total": sum((o.total for o in settled), ZERO),
        "revenue_payme": by_method["payme"],
        "revenue_click": by_method["click"],
        "revenue_cash": by_method["cash"],
        "cancellations": sum(o.status == OrderStatus.CANCELLED for o in orders),
        "refunds": len(refunded),
        "refunds_amount": sum((o.total for o in refunded), ZERO),
        "rx_orders": sum(o.requires_prescription for o in orders),
    }


def stored_day(day: date) -> dict:
    row = DailyStats.objects.get(day=day)
    return {field: getattr(row, field) for field in expected_day([])}


def expected_products(orders: list[Order]) -> dict:
    totals = defaultdict(lambda: [0, ZERO, 0])
    for order in orders:
        for item in order.items.all():
            if is_settled(order):
                totals[item.product_id][0] += item.quantity
                totals[item.product_id][1] += item.line_total
            if order.status == OrderStatus.REFUNDED:
                totals[item.product_id][2] += item.quantity
    return {pid: tuple(v) for pid, v in totals.items() if v[0] or v[2]}


def stored_products(day: date) -> dict:
    return {
        row.product_id: (row.units, row.revenue, row.returns)
        for row in ProductPerformance.objects.filter(day=day)
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_rollups_equal_direct_aggregate_over_random_orders(seed):
    rng = random.Random(seed)
    customers = [CustomerFactory() for _ in range(3)]
    products = [ProductFactory() for _ in range(5)]
    midnight = tashkent(DAY, 0)
    for _ in range(40):
        # Mostly within three hours either side of a Tashkent midnight, where day bugs live.
        at = midnight + timedelta(days=rng.randint(0, 1), seconds=rng.randint(-3 * 3600, 3 * 3600))
        random_order(rng, customers=customers, products=products, created_at=at)

    rollups_rebuild(start=DAY - timedelta(days=1), end=DAY + timedelta(days=1))

    orders_by_day = defaultdict(list)
    for order in Order.objects.prefetch_related("items"):
        orders_by_day[order.created_at.astimezone(SHOP_TZ).date()].append(order)
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        assert stored_day(day) == expected_day(orders_by_day[day]), (seed, day)
        assert stored_products(day) == expected_products(orders_by_day[day]), (seed, day)


def test_day_boundary_is_tashkent_midnight_not_utc():
    customer, product = CustomerFactory(), ProductFactory()
    line = [(product, 1, "10000")]
    # 23:59:59 Tashkent is 18:59:59 UTC the same date; 00:00 Tashkent is 19:00 UTC the day before.
    raw_order(customer=customer, created_at=tashkent(DAY, 23, 59, 59), lines=line)
    raw_order(customer=customer, created_at=datetime(2026, 3, 10, 19, 0, tzinfo=UTC), lines=line)
    raw_order(customer=customer, created_at=tashkent(DAY, 0, 0, 0), lines=line)

    rollups_rebuild(start=DAY, end=DAY + timedelta(days=1))

    assert DailyStats.objects.get(day=DAY).orders_total == 2
    assert DailyStats.objects.get(day=DAY + timedelta(days=1)).orders_total == 1


def _snapshot() -> list:
    return [
        list(
            DailyStats.objects.order_by("day").values_list("day", "orders_total", "revenue_total")
        ),
        list(
            ProductPerformance.objects.order_by("day", "product").values_list(
                "day", "product_id", "units", "revenue", "returns"
            )
        ),
        list(
            CourierPerformance.objects.order_by("day", "courier").values_list(
                "day", "courier_id", "deliveries", "on_time", "failed", "cash_collected"
            )
        ),
    ]


def test_rebuild_twice_gives_the_same_rows():
    rng = random.Random(7)
    customers, products = [CustomerFactory()], [ProductFactory() for _ in range(3)]
    for hour in range(0, 48, 3):
        at = tashkent(DAY, 0) + timedelta(hours=hour)
        random_order(rng, customers=customers, products=products, created_at=at)

    rollups_rebuild(start=DAY, end=DAY + timedelta(days=1))
    first = _snapshot()
    rollups_rebuild(start=DAY, end=DAY + timedelta(days=1))

    assert _snapshot() == first
    assert DailyStats.objects.count() == 2
    assert first[0][0][1] + first[0][1][1] == 16


def test_rebuild_replaces_rows_of_orders_that_changed():
    customer, product = CustomerFactory(), ProductFactory()
    order = raw_order(
        customer=customer,
        created_at=tashkent(DAY, 12),
        lines=[(product, 2, "5000")],
        status=OrderStatus.PAID,
        paid=True,
    )
    rollup_day_compute(day=DAY)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.REFUNDED)

    rollup_day_compute(day=DAY)

    stats = DailyStats.objects.get(day=DAY)
    assert (stats.paid_orders, stats.refunds, stats.revenue_total) == (0, 1, ZERO)
    assert stored_products(DAY) == {product.pk: (0, ZERO, 2)}


def test_refresh_recomputes_today_and_earlier_days_whose_orders_changed():
    customer, product = CustomerFactory(), ProductFactory()
    long_ago = datetime.now(SHOP_TZ) - timedelta(days=5)
    order = raw_order(
        customer=customer,
        created_at=long_ago,
        lines=[(product, 1, "8000")],
        status=OrderStatus.PAID,
        paid=True,
    )
    rollups_rebuild(start=long_ago.date(), end=long_ago.date())
    assert DailyStats.objects.get(day=long_ago.date()).refunds == 0

    order.status = OrderStatus.REFUNDED
    order.save()
    days = rollups_refresh()

    assert long_ago.date() in days
    assert datetime.now(SHOP_TZ).date() in days
    assert DailyStats.objects.get(day=long_ago.date()).refunds == 1


def test_courier_performance_from_history():
    customer, product = CustomerFactory(), ProductFactory()
    courier, other = CourierFactory(), CourierFactory()
    on_the_way, delivered = OrderStatus.ON_THE_WAY, OrderStatus.DELIVERED

    def trip(*, minutes, to=delivered, method=PaymentMethod.CASH, by=courier, start=10):
        order = raw_order(
            customer=customer,
            created_at=tashkent(DAY, 8),
            lines=[(product, 1, "20000")],
            status=to,
            payment_method=method,
        )
        off = tashkent(DAY, start)
        history(order=order, to=on_the_way, actor=by, at=off, from_status="ready_for_delivery")
        actor = by if to == delivered else None
        history(
            order=order,
            to=to,
            actor=actor,
            at=off + timedelta(minutes=minutes),
            from_status=on_the_way,
        )
        return order

    trip(minutes=30)
    trip(minutes=90, method=PaymentMethod.PAYME)
    trip(minutes=20, to=OrderStatus.READY_FOR_DELIVERY)
    trip(minutes=45, by=other)
    trip(minutes=10, start=23, by=other)  # handed over at 23:10: still this day

    rollup_day_compute(day=DAY)

    mine = CourierPerformance.objects.get(day=DAY, courier=courier)
    assert (mine.deliveries, mine.on_time, mine.failed) == (2, 1, 1)
    assert mine.average_minutes == Decimal("60.0")
    assert mine.cash_collected == Decimal("35000.00")
    theirs = CourierPerformance.objects.get(day=DAY, courier=other)
    assert (theirs.deliveries, theirs.on_time, theirs.failed) == (2, 2, 0)


def test_new_customers_are_counted_on_their_registration_day():
    joined = CustomerFactory()
    CourierFactory()
    joined_day = joined.created_at.astimezone(SHOP_TZ).date()

    rollup_day_compute(day=joined_day)

    assert DailyStats.objects.get(day=joined_day).new_customers >= 1
    assert DailyStats.objects.get(day=joined_day).new_customers == (
        type(joined).objects.filter(role="customer").count()
    )


def test_rebuild_command_is_idempotent_and_reports_days():
    customer, product = CustomerFactory(), ProductFactory()
    raw_order(customer=customer, created_at=tashkent(DAY, 9), lines=[(product, 1, "1000")])
    out = StringIO()

    for _ in range(2):
        call_command(
            "dashboard_rebuild",
            "--from",
            "2026-03-09",
            "--to",
            "2026-03-11",
            stdout=out,
            stderr=StringIO(),
        )

    assert "Recomputed 3 day(s)" in out.getvalue()
    assert DailyStats.objects.count() == 3
    assert DailyStats.objects.get(day=DAY).orders_total == 1
    assert DailyStats.objects.get(day=DAY).is_final


def test_rebuild_command_refuses_reversed_range():
    with pytest.raises(CommandError):
        call_command("dashboard_rebuild", "--from", "2026-03-11", "--to", "2026-03-09")
