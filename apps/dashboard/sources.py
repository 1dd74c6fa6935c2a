"""Where roll-ups read delivery and payment facts from. These are the only functions that know
which app records them: today the order history; once the delivery and payments apps are
merged, point them at their models and nothing else in the dashboard changes."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from apps.core.roles import Role
from apps.orders.models import OrderStatus, OrderStatusHistory, PaymentMethod
from apps.payments.models import PaymentLog, PaymentLogKind

from .periods import day_bounds


@dataclass
class CourierDay:
    courier_id: int
    deliveries: int = 0
    on_time: int = 0
    failed: int = 0
    minutes: list[float] | None = None
    cash_collected: Decimal = Decimal("0.00")

    @property
    def average_minutes(self) -> Decimal | None:
        if not self.minutes:
            return None
        return Decimal(str(round(sum(self.minutes) / len(self.minutes), 1)))


def courier_days(*, day: date) -> list[CourierDay]:
    """Per courier, on `day` (Tashkent): orders a courier handed over (DELIVERED by a courier
    actor), how many within DASHBOARD_ON_TIME_MINUTES of setting off, trips that ended without
    a handover (ON_THE_WAY to anything else; counted for the courier who set off), minutes from
    setting off to handover, and the cash of cash orders handed over."""
    start, end = day_bounds(day)
    ended = list(
        OrderStatusHistory.objects.filter(
            from_status=OrderStatus.ON_THE_WAY, created_at__gte=start, created_at__lt=end
        )
        .select_related("order")
        .only(
            "order_id",
            "to_status",
            "actor_id",
            "actor_role",
            "created_at",
            "order__total",
            "order__payment_method",
        )
    )
    departures: dict[int, list[tuple[datetime, int | None]]] = {}
    for order_id, created_at, actor_id in OrderStatusHistory.objects.filter(
        order_id__in={row.order_id for row in ended},
        to_status=OrderStatus.ON_THE_WAY,
        actor_role=Role.COURIER,
    ).values_list("order_id", "created_at", "actor_id"):
        departures.setdefault(order_id, []).append((created_at, actor_id))

    by_courier: dict[int, CourierDay] = {}
    for row in ended:
        departure = max(
            (d for d in departures.get(row.order_id, []) if d[0] <= row.created_at),
            default=None,
        )
        delivered_by_courier = (
            row.to_status == OrderStatus.DELIVERED and row.actor_role == Role.COURIER
        )
        courier_id = row.actor_id if delivered_by_courier else (departure and departure[1])
        if courier_id is None:
            continue
        stats = by_courier.setdefault(courier_id, CourierDay(courier_id=courier_id, minutes=[]))
        if not delivered_by_courier:
            stats.failed += 1
            continue
        stats.deliveries += 1
        if row.order.payment_method == PaymentMethod.CASH:
            stats.cash_collected += row.order.total
        if departure is not None:
            minutes = (row.created_at - departure[0]).total_seconds() / 60
            stats.minutes.append(minutes)
            stats.on_time += minutes <= settings.DASHBOARD_ON_TIME_MINUTES
    return sorted(by_courier.values(), key=lambda stats: stats.courier_id)


def payment_errors_since(*, since: datetime) -> int:
    """Provider callbacks answered with an error code since `since` (forged signatures, wrong
    amounts, unknown orders, protocol errors): a rise is worth an admin's look."""
    return PaymentLog.objects.filter(
        kind=PaymentLogKind.CALLBACK, error_code__isnull=False, created_at__gte=since
    ).count()
