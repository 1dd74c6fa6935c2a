"""Admin dashboard benchmark at a million orders: the roll-up read against the naive aggregate
over the raw orders, side by side.

`generate` writes customers, couriers, products and N orders spread over the last year (with
their lines and, for courier deliveries, the on-the-way/delivered history) straight into
PostgreSQL with COPY, then computes the roll-ups with `rollups_rebuild`. The data lives in its
own database (`<DATABASE NAME>_dashboard_bench`, created if missing) and is kept, so later runs
only `measure`. Generating again adds to what is there; `--fresh` drops the database first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dx_dashboard \
        .venv/bin/python bench/dashboard_bench.py --orders 1000000 --write

`--write` replaces the dashboard section of docs/benchmarks.md with this run's figures.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

RESULTS_START = "<!-- dashboard-bench:start -->"
RESULTS_END = "<!-- dashboard-bench:end -->"
CHUNK = 50_000


def _bench_database(*, fresh: bool) -> str:
    """Point DATABASE_URL at the bench database, creating it (empty) when missing."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{url.path.lstrip('/')}_dashboard_bench"
    admin_url = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    os.environ.pop("REDIS_URL", None)  # measure the database, not a warm cache
    return name


def _setup(fresh: bool) -> str:
    name = _bench_database(fresh=fresh)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def _people_and_products(rng: random.Random) -> tuple[list[int], list[int], list]:
    from apps.users.models import User
    from tests.products.factories import (
        ActiveSubstanceFactory,
        ProductFactory,
        ProductSubstanceFactory,
    )
    from tests.users.factories import CourierFactory, CustomerFactory

    if User.objects.filter(role="customer").count() < 20_000:
        start = User.objects.count()
        users = CustomerFactory.build_batch(20_000)
        for n, user in enumerate(users):
            user.phone_number = f"+99893{start + n:07d}"
            user.set_unusable_password()
        User.objects.bulk_create(users, batch_size=5_000)
        for _ in range(40):
            CourierFactory(phone_number=f"+99894{start + _:07d}")
        substances = ActiveSubstanceFactory.create_batch(120)
        for product in ProductFactory.create_batch(600):
            ProductSubstanceFactory(product=product, substance=rng.choice(substances))
    from apps.products.models import Product

    customers = list(User.objects.filter(role="customer").values_list("pk", flat=True))
    couriers = list(User.objects.filter(role="courier").values_list("pk", flat=True))
    products = list(Product.objects.values_list("pk", "price", "name_uz"))
    return customers, couriers, products


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def generate(*, orders: int, days: int, seed: int) -> float:
    """COPY `orders` orders (created over the last `days` days) with lines and history."""
    from django.db import connection

    from apps.orders.models import Order, OrderItem, OrderStatusHistory

    rng = random.Random(seed)
    customers, couriers, products = _people_and_products(rng)
    statuses = [
        ("delivered", 55),
        ("cancelled", 10),
        ("refunded", 3),
        ("paid", 6),
        ("preparing", 4),
        ("ready_for_delivery", 3),
        ("on_the_way", 3),
        ("awaiting_payment", 6),
        ("awaiting_prescription", 4),
        ("created", 6),
    ]
    status_names, status_weights = zip(*statuses, strict=True)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = connection.connection
        order_id = _next_id(cursor, Order._meta.db_table)
        item_id = _next_id(cursor, OrderItem._meta.db_table)
        history_id = _next_id(cursor, OrderStatusHistory._meta.db_table)
    order_cols = (
        "id, number, customer_id, status, payment_method, delivery_type, address_text, "
        "customer_note, items_total, delivery_fee, total, requires_prescription, "
        "prescription_claimed, stock_state, paid_at, payment_reference, delivered_at, "
        "cancelled_at, idempotency_key, request_fingerprint, created_at, updated_at"
    )
    item_cols = (
        "id, order_id, product_id, product_name, unit_price, quantity, line_total, "
        "requires_prescription, ikpu_code, package_code, vat_percent"
    )
    history_cols = "id, order_id, from_status, to_status, actor_id, actor_role, reason, created_at"
    done = 0
    while done < orders:
        batch = min(CHUNK, orders - done)
        order_rows, item_rows, history_rows = [], [], []
        for _ in range(batch):
            created = now - timedelta(seconds=rng.randrange(days * 86400))
            status = rng.choices(status_names, status_weights)[0]
            method = rng.choice(("payme", "click", "cash"))
            if status in ("refunded", "paid", "awaiting_payment"):
                method = rng.choice(("payme", "click"))
            courier = rng.random() < 0.8
            lines = rng.sample(products, rng.randint(1, 3))
            items_total = Decimal(0)
            for product_id, price, name in lines:
                qty = rng.randint(1, 3)
                items_total += price * qty
                item_rows.append(
                    (
                        item_id,
                        order_id,
                        product_id,
                        name,
                        price,
                        qty,
                        price * qty,
                        False,
                        "30402001001000000",
                        "1234567",
                        12,
                    )
                )
                item_id += 1
            fee = Decimal("15000.00") if courier else Decimal("0.00")
            paid = method != "cash" and status not in (
                "created",
                "awaiting_payment",
                "awaiting_prescription",
            )
            delivered_at = created + timedelta(minutes=rng.randint(60, 300))
            order_rows.append(
                (
                    order_id,
                    f"DB{order_id:010d}",
                    rng.choice(customers),
                    status,
                    method,
                    "courier" if courier else "pickup",
                    "Toshkent, Chilonzor 1",
                    "",
                    items_total,
                    fee,
                    items_total + fee,
                    rng.random() < 0.2,
                    False,
                    "sold" if status == "delivered" else "reserved",
                    created + timedelta(minutes=2) if paid else None,
                    f"bench-{order_id}" if paid else "",
                    delivered_at if status == "delivered" else None,
                    created + timedelta(minutes=30) if status == "cancelled" else None,
                    f"k{order_id}",
                    "f",
                    created,
                    created,
                )
            )
            if status == "delivered" and courier:
                actor = rng.choice(couriers)
                off = delivered_at - timedelta(minutes=rng.randint(15, 120))
                history_rows.append(
                    (
                        history_id,
                        order_id,
                        "ready_for_delivery",
                        "on_the_way",
                        actor,
                        "courier",
                        "",
                        off,
                    )
                )
                history_rows.append(
                    (
                        history_id + 1,
                        order_id,
                        "on_the_way",
                        "delivered",
                        actor,
                        "courier",
                        "",
                        delivered_at,
                    )
                )
                history_id += 2
            order_id += 1
        with raw.cursor() as cursor:
            for table, cols, rows in (
                (Order._meta.db_table, order_cols, order_rows),
                (OrderItem._meta.db_table, item_cols, item_rows),
                (OrderStatusHistory._meta.db_table, history_cols, history_rows),
            ):
                with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        raw.commit()
        done += batch
        print(f"  {done:,} orders", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        for model in (Order, OrderItem, OrderStatusHistory):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def rebuild(*, days: int) -> float:
    from apps.dashboard.periods import shop_today
    from apps.dashboard.services import rollups_rebuild

    started = time.perf_counter()
    rollups_rebuild(start=shop_today() - timedelta(days=days), end=shop_today())
    return time.perf_counter() - started


def naive_admin_dashboard(period) -> dict:
    """What a dashboard without roll-ups does: aggregate the raw orders of the period on every
    request (the same figures as the admin dashboard's KPIs, series and rankings)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncDate

    from apps.dashboard.periods import SHOP_TZ, day_bounds
    from apps.dashboard.services import SETTLED, _prefixed
    from apps.orders.models import Order, OrderItem, OrderStatusHistory

    start, _ = day_bounds(period.start)
    _, end = day_bounds(period.end)
    orders = Order.objects.filter(created_at__gte=start, created_at__lt=end)
    series = list(
        orders.annotate(day=TruncDate("created_at", tzinfo=SHOP_TZ))
        .values("day", "payment_method", "status")
        .annotate(n=Count("id"), revenue=Sum("total", filter=SETTLED))
        .order_by("day")
    )
    top = list(
        OrderItem.objects.filter(
            _prefixed(SETTLED, "order__"), order__created_at__gte=start, order__created_at__lt=end
        )
        .values("product_id")
        .annotate(units=Sum("quantity"), revenue=Sum("line_total"))
        .order_by("-revenue")[:10]
    )
    league = list(
        OrderStatusHistory.objects.filter(
            to_status="delivered", actor_role="courier", created_at__gte=start, created_at__lt=end
        )
        .values("actor_id")
        .annotate(deliveries=Count("id"))
        .order_by("-deliveries")[:10]
    )
    return {"series": series, "top": top, "league": league}


def _get(client, preset: str) -> None:
    response = client.get("/api/v1/dashboard/admin/", {"preset": preset})
    if response.status_code != 200:
        raise RuntimeError(f"admin dashboard answered {response.status_code}")


def _time(fn, runs: int) -> dict:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
    }


def measure(*, runs: int) -> dict:
    from django.db import connection
    from django.test import override_settings
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.dashboard import selectors
    from apps.dashboard.periods import period_from_preset
    from apps.dashboard.services import rollups_refresh
    from apps.orders.models import Order
    from apps.users.models import User
    from tests.users.factories import AdminFactory

    admin = User.objects.filter(role="admin").first() or AdminFactory(phone_number="+998950000001")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(admin).access_token}")
    results = {"orders": Order.objects.count()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        results["database_bytes"] = cursor.fetchone()[0]
    for preset in ("last_7_days", "last_30_days"):
        period = period_from_preset(preset)
        with override_settings(DASHBOARD_CACHE_SECONDS=0):
            results[f"rollups_{preset}"] = _time(
                lambda p=period: selectors._admin_dashboard(p), runs
            )
            results[f"http_{preset}"] = _time(lambda p=preset: _get(client, p), runs)
        results[f"naive_{preset}"] = _time(
            lambda p=period: naive_admin_dashboard(p), max(3, runs // 5)
        )
    results["http_cached"] = _time(lambda: _get(client, "last_30_days"), runs)
    results["refresh"] = _time(rollups_refresh, 5)
    return results


def _report(results: dict, *, generated: float | None, rebuilt: float | None) -> str:
    lines = [
        RESULTS_START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, PostgreSQL (local), Python {platform.python_version()}: "
        f"**{results['orders']:,} orders** over the last 365 days "
        f"(database {results['database_bytes'] / 2**30:.1f} GiB).",
        "",
    ]
    if generated is not None:
        lines.append(f"- Generating the orders (COPY, with lines and history): {generated:.0f} s.")
    if rebuilt is not None:
        lines.append(f"- `dashboard_rebuild` over the whole year (366 days): {rebuilt:.0f} s.")
    lines += [
        "",
        "| Admin dashboard read | last 7 days p50 / p95 | last 30 days p50 / p95 |",
        "|---|---|---|",
    ]

    def cell(key: str) -> str:
        return f"{results[key]['p50']:.1f} / {results[key]['p95']:.1f} ms"

    lines += [
        f"| Roll-ups, selector, uncached | {cell('rollups_last_7_days')} | "
        f"{cell('rollups_last_30_days')} |",
        f"| Roll-ups, whole HTTP request (JWT, DRF), uncached | {cell('http_last_7_days')} | "
        f"{cell('http_last_30_days')} |",
        f"| Naive aggregate over raw orders (fewer figures) | {cell('naive_last_7_days')} | "
        f"{cell('naive_last_30_days')} |",
        f"| Roll-ups, HTTP, served from cache | | {cell('http_cached')} |",
        "",
        f"The beat refresh (`rollups_refresh`: today plus days with changed orders) takes "
        f"{cell('refresh')} (p50 / p95).",
        RESULTS_END,
    ]
    return "\n".join(lines)


def _write(report: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    if RESULTS_START in text:
        head, rest = text.split(RESULTS_START, 1)
        text = head + report + rest.split(RESULTS_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Dashboard (`bench/dashboard_bench.py`)\n\n" + report + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="Orders to have in total.")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="Drop the bench database first.")
    parser.add_argument("--write", action="store_true", help="Update docs/benchmarks.md.")
    args = parser.parse_args()
    name = _setup(args.fresh)
    from apps.orders.models import Order

    missing = args.orders - Order.objects.count()
    generated = rebuilt = None
    if missing > 0:
        print(f"Generating {missing:,} orders in {name}", file=sys.stderr)
        generated = generate(orders=missing, days=args.days, seed=args.seed)
        rebuilt = rebuild(days=args.days + 1)
    from django.test import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        report = _report(measure(runs=args.runs), generated=generated, rebuilt=rebuilt)
    print(report)
    if args.write:
        _write(report)


if __name__ == "__main__":
    main()
