"""Dashboard reads. Admin and courier figures come from the roll-ups only (never from raw
orders), so they cost the same at a thousand orders or a million; the operator's queues and
the customer's own summary are small indexed reads of live rows. Every read runs a fixed
number of queries."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language

from apps.orders.models import DeliveryType, Order, OrderStatus, PaymentMethod
from apps.prescriptions.models import Prescription
from apps.products.models import StockBatch
from apps.products.selectors import low_stock_list

from .cache import dashboard_cached
from .errors import UnknownTable
from .models import CourierPerformance, DailyStats, ProductPerformance, SystemHealthLog
from .periods import Period, shop_today
from .services import SETTLED

ZERO = Decimal("0.00")
SUM_FIELDS = (
    "orders_total",
    "paid_orders",
    "revenue_total",
    "revenue_payme",
    "revenue_click",
    "revenue_cash",
    "new_customers",
    "cancellations",
    "refunds",
    "refunds_amount",
    "rx_orders",
)


def _name_field(prefix: str = "") -> str:
    language = (get_language() or "uz")[:2]
    return f"{prefix}name_{'ru' if language == 'ru' else 'uz'}"


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else ZERO


# --- admin ---------------------------------------------------------------------------------------


def admin_series(*, period: Period) -> list[dict]:
    """One row per day of the period (zeros for days without orders)."""
    stored = {
        row.day: row for row in DailyStats.objects.filter(day__range=(period.start, period.end))
    }
    series = []
    for day in period.days:
        row = stored.get(day)
        values = {field: getattr(row, field) if row else 0 for field in SUM_FIELDS}
        values["average_basket"] = _average(values["revenue_total"], values["paid_orders"])
        series.append({"day": day, **values})
    return series


def _average(amount: Decimal, count: int) -> Decimal:
    return (Decimal(amount) / count).quantize(Decimal("0.01")) if count else ZERO


def admin_kpis(*, series: list[dict]) -> dict:
    totals = {field: sum((row[field] for row in series), 0) for field in SUM_FIELDS}
    totals["average_basket"] = _average(totals["revenue_total"], totals["paid_orders"])
    totals["rx_share"] = _share(totals["rx_orders"], totals["orders_total"])
    totals["cancellation_rate"] = _share(totals["cancellations"], totals["orders_total"])
    return totals


def admin_payment_split(*, kpis: dict) -> list[dict]:
    return [
        {
            "payment_method": method.value,
            "revenue": Decimal(kpis[f"revenue_{method.value}"]),
            "share": _share(kpis[f"revenue_{method.value}"], kpis["revenue_total"]),
        }
        for method in PaymentMethod
    ]


def admin_top_products(*, period: Period, limit: int) -> list[dict]:
    rows = (
        ProductPerformance.objects.filter(day__range=(period.start, period.end))
        .values("product_id", name=F(_name_field("product__")))
        .annotate(units=Sum("units"), revenue=Sum("revenue"), returns=Sum("returns"))
        .order_by("-revenue", "product_id")[:limit]
    )
    return list(rows)


def admin_top_substances(*, period: Period, limit: int) -> list[dict]:
    rows = (
        ProductPerformance.objects.filter(day__range=(period.start, period.end))
        .values(
            substance_id=F("product__compositions__substance_id"),
            inn=F("product__compositions__substance__inn"),
        )
        .filter(substance_id__isnull=False)
        .annotate(units=Sum("units"), revenue=Sum("revenue"))
        .order_by("-revenue", "substance_id")[:limit]
    )
    return list(rows)


def admin_courier_league(*, period: Period, limit: int) -> list[dict]:
    rows = (
        CourierPerformance.objects.filter(day__range=(period.start, period.end))
        .values(
            "courier_id", first_name=F("courier__first_name"), last_name=F("courier__last_name")
        )
        .annotate(
            deliveries=Sum("deliveries"),
            on_time=Sum("on_time"),
            failed=Sum("failed"),
            cash_collected=Sum("cash_collected"),
        )
        .order_by("-deliveries", "courier_id")[:limit]
    )
    league = []
    for row in rows:
        name = f"{row.pop('first_name')} {row.pop('last_name')}".strip()
        league.append(
            {**row, "name": name, "on_time_share": _share(row["on_time"], row["deliveries"])}
        )
    return league


def admin_stock_counts() -> dict:
    """Live counts: active products at or below their low-stock threshold, and batches on the
    shelf that expire within NEAR_EXPIRY_ALERT_DAYS."""
    low = low_stock_list().count()
    horizon = timezone.localdate() + timedelta(days=settings.NEAR_EXPIRY_ALERT_DAYS)
    near = StockBatch.objects.filter(
        quantity__gt=0, expiry_date__gte=timezone.localdate(), expiry_date__lte=horizon
    ).count()
    return {"low_stock_products": low, "near_expiry_batches": near}


def admin_system_health() -> SystemHealthLog | None:
    return SystemHealthLog.objects.order_by("-created_at").first()


def _admin_dashboard(period: Period) -> dict:
    series = admin_series(period=period)
    kpis = admin_kpis(series=series)
    limit = settings.DASHBOARD_TOP_LIMIT
    return {
        "period": {"from": period.start, "to": period.end},
        "kpis": kpis,
        "series": series,
        "payment_split": admin_payment_split(kpis=kpis),
        "top_products": admin_top_products(period=period, limit=limit),
        "top_substances": admin_top_substances(period=period, limit=limit),
        "courier_league": admin_courier_league(period=period, limit=limit),
        "stock": admin_stock_counts(),
        "system_health": admin_system_health(),
    }


def admin_dashboard(*, period: Period) -> dict:
    """Everything the admin dashboard shows for a period, from the roll-ups (cached)."""
    return dashboard_cached(
        key=f"admin:{period.start}:{period.end}:{_name_field()}",
        timeout=settings.DASHBOARD_CACHE_SECONDS,
        compute=lambda: _admin_dashboard(period),
    )


ADMIN_TABLES = ("series", "payment_split", "top_products", "top_substances", "courier_league")


def admin_table(*, table: str, period: Period) -> list[dict]:
    """The rows of one admin table for export (the full ranking, not only the top)."""
    limit = settings.DASHBOARD_EXPORT_MAX_ROWS
    if table == "series":
        return admin_series(period=period)
    if table == "payment_split":
        return admin_payment_split(kpis=admin_kpis(series=admin_series(period=period)))
    if table == "top_products":
        return admin_top_products(period=period, limit=limit)
    if table == "top_substances":
        return admin_top_substances(period=period, limit=limit)
    if table == "courier_league":
        return admin_courier_league(period=period, limit=limit)
    raise UnknownTable(details={"table": table, "tables": list(ADMIN_TABLES)})


# --- operator ------------------------------------------------------------------------------------

OPERATOR_QUEUES = {
    "awaiting_prescription_review": Q(status=OrderStatus.AWAITING_PRESCRIPTION),
    "awaiting_preparation": Q(status=OrderStatus.PAID)
    | Q(status=OrderStatus.CREATED, payment_method=PaymentMethod.CASH),
    "awaiting_courier": Q(
        status=OrderStatus.READY_FOR_DELIVERY, delivery_type=DeliveryType.COURIER
    ),
}


def _operator_dashboard() -> dict:
    limit = settings.DASHBOARD_QUEUE_LIMIT
    counts = Order.objects.aggregate(
        **{name: Count("id", filter=condition) for name, condition in OPERATOR_QUEUES.items()},
        **{
            f"{name}_since": Min("created_at", filter=condition)
            for name, condition in OPERATOR_QUEUES.items()
        },
    )
    queues = {
        name: {
            "count": counts[name],
            "oldest_created_at": counts[f"{name}_since"],
            "orders": list(
                Order.objects.filter(condition)
                .order_by("created_at", "id")
                .values(
                    "number", "status", "payment_method", "delivery_type", "total", "created_at"
                )[:limit]
            ),
        }
        for name, condition in OPERATOR_QUEUES.items()
    }
    today = DailyStats.objects.filter(day=shop_today()).first()
    return {
        "queues": queues,
        "today": {field: getattr(today, field) if today else 0 for field in SUM_FIELDS},
    }


def operator_dashboard() -> dict:
    """The pharmacy's work queues, oldest first, and today's numbers (cached briefly)."""
    return dashboard_cached(
        key="operator",
        timeout=settings.DASHBOARD_OPERATOR_CACHE_SECONDS,
        compute=_operator_dashboard,
    )


# --- courier -------------------------------------------------------------------------------------


def _courier_dashboard(courier_id: int) -> dict:
    today = shop_today()
    rows = {
        row.day: row
        for row in CourierPerformance.objects.filter(
            courier_id=courier_id, day__range=(today - timedelta(days=6), today)
        )
    }

    def summary(days: list) -> dict:
        chosen = [rows[day] for day in days if day in rows]
        deliveries = sum(row.deliveries for row in chosen)
        on_time = sum(row.on_time for row in chosen)
        return {
            "deliveries": deliveries,
            "on_time": on_time,
            "on_time_share": _share(on_time, deliveries),
            "failed": sum(row.failed for row in chosen),
            "cash_collected": sum((row.cash_collected for row in chosen), ZERO),
        }

    week = [today - timedelta(days=n) for n in range(7)]
    return {"today": summary([today]), "week": summary(week)}


def courier_dashboard(*, courier_id: int) -> dict:
    """The courier's own figures today and over the last 7 days (roll-ups, cached)."""
    return dashboard_cached(
        key=f"courier:{courier_id}",
        timeout=settings.DASHBOARD_CACHE_SECONDS,
        compute=lambda: _courier_dashboard(courier_id),
    )


# --- customer ------------------------------------------------------------------------------------


def customer_dashboard(*, customer_id: int) -> dict:
    """The customer's own orders by status, what they have spent, and their prescriptions by
    status. Read live (their own few rows, by index), so a new order shows at once."""
    orders = Order.objects.filter(customer_id=customer_id)
    by_status = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    spent = orders.aggregate(
        spent=Sum("total", filter=SETTLED, default=ZERO), settled=Count("id", filter=SETTLED)
    )
    prescriptions = dict(
        Prescription.objects.filter(owner_id=customer_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "orders_total": sum(by_status.values()),
        "orders_by_status": by_status,
        "orders_settled": spent["settled"],
        "spent_total": spent["spent"],
        "prescriptions_by_status": prescriptions,
    }
