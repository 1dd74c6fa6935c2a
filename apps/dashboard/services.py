"""Roll-up computation. A day is always recomputed whole from the raw rows and replaces what
was stored for it, so every run (beat, rebuild, twice in a row) converges on the same rows."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils import timezone

from apps.core.roles import Role
from apps.notifications.models import Notification, NotificationStatus
from apps.orders.models import Order, OrderItem, OrderStatus, OrderStatusHistory, PaymentMethod
from apps.users.models import User

from .cache import dashboard_cache_invalidate
from .models import CourierPerformance, DailyStats, ProductPerformance, SystemHealthLog
from .periods import SHOP_TZ, day_bounds, shop_today
from .sources import courier_days, payment_errors_since

ZERO = Decimal("0.00")

# Revenue is earned by orders paid online, or cash orders handed over; cancelled and refunded
# orders earn none (a paid order that is cancelled is on its way to a refund).
SETTLED = (
    Q(paid_at__isnull=False) | Q(payment_method=PaymentMethod.CASH, status=OrderStatus.DELIVERED)
) & ~Q(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUNDED])


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` with every lookup moved under `prefix` (for filtering related rows)."""
    copy = q.copy()
    copy.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in q.children
    ]
    return copy


def _daily_stats_values(*, day: date) -> dict:
    start, end = day_bounds(day)
    groups = (
        Order.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("status", "payment_method", "requires_prescription")
        .annotate(
            settled=ExpressionWrapper(SETTLED, output_field=BooleanField()),
            orders=Count("id"),
            amount=Sum("total"),
        )
        .order_by()
    )
    values = {
        "orders_total": 0,
        "orders_by_status": {},
        "paid_orders": 0,
        "revenue_total": ZERO,
        "revenue_payme": ZERO,
        "revenue_click": ZERO,
        "revenue_cash": ZERO,
        "cancellations": 0,
        "refunds": 0,
        "refunds_amount": ZERO,
        "rx_orders": 0,
    }
    for group in groups:
        count, amount, status = group["orders"], group["amount"] or ZERO, group["status"]
        values["orders_total"] += count
        values["orders_by_status"][status] = values["orders_by_status"].get(status, 0) + count
        values["rx_orders"] += count if group["requires_prescription"] else 0
        if group["settled"]:
            values["paid_orders"] += count
            values["revenue_total"] += amount
            values[f"revenue_{group['payment_method']}"] += amount
        if status == OrderStatus.CANCELLED:
            values["cancellations"] += count
        if status == OrderStatus.REFUNDED:
            values["refunds"] += count
            values["refunds_amount"] += amount
    values["new_customers"] = User.objects.filter(
        role=Role.CUSTOMER, created_at__gte=start, created_at__lt=end
    ).count()
    return values


def _product_rows(*, day: date) -> list[ProductPerformance]:
    start, end = day_bounds(day)
    settled = _prefixed(SETTLED, "order__")
    rows = (
        OrderItem.objects.filter(order__created_at__gte=start, order__created_at__lt=end)
        .values("product_id")
        .annotate(
            units=Sum("quantity", filter=settled, default=0),
            revenue=Sum("line_total", filter=settled, default=ZERO),
            returns=Sum("quantity", filter=Q(order__status=OrderStatus.REFUNDED), default=0),
        )
        .order_by()
    )
    return [
        ProductPerformance(day=day, product_id=row["product_id"], **_without(row, "product_id"))
        for row in rows
        if row["units"] or row["returns"]
    ]


def _without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


def _courier_rows(*, day: date) -> list[CourierPerformance]:
    return [
        CourierPerformance(
            day=day,
            courier_id=stats.courier_id,
            deliveries=stats.deliveries,
            on_time=stats.on_time,
            failed=stats.failed,
            average_minutes=stats.average_minutes,
            cash_collected=stats.cash_collected,
        )
        for stats in courier_days(day=day)
    ]


@transaction.atomic
def rollup_day_compute(*, day: date, is_final: bool = False) -> DailyStats:
    """Recompute every roll-up of one shop day from the raw rows and replace the stored ones."""
    stats, _ = DailyStats.objects.select_for_update().get_or_create(
        day=day, defaults={"computed_at": timezone.now()}
    )
    for field, value in _daily_stats_values(day=day).items():
        setattr(stats, field, value)
    stats.computed_at = timezone.now()
    stats.is_final = is_final
    stats.save()
    ProductPerformance.objects.filter(day=day).delete()
    ProductPerformance.objects.bulk_create(_product_rows(day=day))
    CourierPerformance.objects.filter(day=day).delete()
    CourierPerformance.objects.bulk_create(_courier_rows(day=day))
    return stats


def rollups_rebuild(*, start: date, end: date, on_day: Callable[[date], None] | None = None) -> int:
    """Recompute the days `start`..`end` (each in its own transaction); days before today are
    marked final. Returns the number of days computed."""
    today = shop_today()
    day, computed = start, 0
    while day <= end:
        rollup_day_compute(day=day, is_final=day < today)
        computed += 1
        if on_day is not None:
            on_day(day)
        day += timedelta(days=1)
    transaction.on_commit(dashboard_cache_invalidate)
    return computed


def _days_changed_since(moment) -> set[date]:
    orders = Order.objects.filter(updated_at__gte=moment).datetimes(
        "created_at", "day", tzinfo=SHOP_TZ
    )
    history = OrderStatusHistory.objects.filter(created_at__gte=moment).datetimes(
        "created_at", "day", tzinfo=SHOP_TZ
    )
    return {day.date() for day in [*orders, *history]}


def rollups_refresh() -> list[date]:
    """Bring the roll-ups up to date: today, and any earlier day whose orders changed since the
    last refresh (a late refund, a delivery after midnight). Returns the days recomputed."""
    last = DailyStats.objects.order_by("-computed_at").values_list("computed_at", flat=True)
    last_computed = last.first()
    days = {shop_today()}
    if last_computed is not None:
        overlap = timedelta(seconds=settings.DASHBOARD_REFRESH_OVERLAP_SECONDS)
        days |= _days_changed_since(last_computed - overlap)
    for day in sorted(days):
        rollup_day_compute(day=day, is_final=day < shop_today())
    transaction.on_commit(dashboard_cache_invalidate)
    return sorted(days)


def rollups_finalise() -> date:
    """Recompute yesterday once it is over and mark it final (nightly)."""
    yesterday = shop_today() - timedelta(days=1)
    rollup_day_compute(day=yesterday, is_final=True)
    transaction.on_commit(dashboard_cache_invalidate)
    return yesterday


def _database_bytes() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def system_health_record() -> SystemHealthLog:
    """Store a snapshot of queue length, failed notifications and payment errors over the last
    24 hours, and the database size."""
    since = timezone.now() - timedelta(hours=24)
    waiting = Notification.objects.filter(
        status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]
    ).count()
    failed = Notification.objects.filter(
        status=NotificationStatus.FAILED, updated_at__gte=since
    ).count()
    return SystemHealthLog.objects.create(
        queue_length=waiting,
        failed_notifications=failed,
        payment_errors=payment_errors_since(since=since),
        database_bytes=_database_bytes(),
    )
