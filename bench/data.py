"""The benchmark data set, generated once and reused: a catalog of 100,000 products with
batches (`manage.py seed_catalog`), 10,000 verified customers, a year of historical orders
with payments and deliveries (bench/history.py, generated in SQL) and the dashboard roll-ups
of that year. Each step checks what is already there and only adds what is missing."""

import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from apps.core.roles import Role
from apps.products.models import Product, StockBatch
from apps.products.services.stock import stock_receive
from apps.users.models import User
from bench import history

# Every generated customer signs in with this password (documented in docs/benchmarks.md).
CUSTOMER_PASSWORD = "Bench-customer-2026"  # noqa: S105 -- generated benchmark accounts only
CUSTOMER_PHONE_PREFIX = "+99877"  # +99877 0000001 ...: a range real customers do not get here
HOT_LOT = "BENCH-HOT"
HOT_UNITS = 10_000_000


def catalog_ensure(*, products: int) -> int:
    have = Product.objects.count()
    if have < products:
        call_command("seed_catalog", products=products - have, force=True, seed=have + 1)
    return Product.objects.count()


def customers_ensure(*, count: int, batch: int = 2000) -> list[int]:
    """`count` verified customers +99877NNNNNNN with CUSTOMER_PASSWORD, hashed once."""
    existing = set(
        User.objects.filter(phone_number__startswith=CUSTOMER_PHONE_PREFIX).values_list(
            "phone_number", flat=True
        )
    )
    wanted = [f"{CUSTOMER_PHONE_PREFIX}{i:07d}" for i in range(1, count + 1)]
    missing = [phone for phone in wanted if phone not in existing]
    if missing:
        password = make_password(CUSTOMER_PASSWORD)
        now = timezone.now()
        with tqdm(total=len(missing), unit="customers") as bar:
            for start in range(0, len(missing), batch):
                chunk = missing[start : start + batch]
                User.objects.bulk_create(
                    [
                        User(
                            phone_number=phone,
                            password=password,
                            role=Role.CUSTOMER,
                            is_verified=True,
                            verified_at=now,
                            first_name="Bench",
                            last_name=phone[-7:],
                        )
                        for phone in chunk
                    ]
                )
                bar.update(len(chunk))
    return list(
        User.objects.filter(phone_number__in=wanted)
        .order_by("phone_number")
        .values_list("pk", flat=True)
    )


def products_for_sale(*, count: int) -> list[int]:
    """`count` over-the-counter active products, each given a deep lot so checkouts never run
    out; the first one is the "hot" product every buyer of the contention scenario buys."""
    ids = list(
        Product.objects.filter(is_active=True, requires_prescription=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    stocked = set(
        StockBatch.objects.filter(product_id__in=ids, lot_number=HOT_LOT).values_list(
            "product_id", flat=True
        )
    )
    expiry = timezone.localdate() + timedelta(days=3 * 365)
    for product in Product.objects.filter(pk__in=set(ids) - stocked):
        with transaction.atomic():
            stock_receive(
                product=product,
                lot_number=HOT_LOT,
                expiry_date=expiry,
                quantity=HOT_UNITS,
                reason="benchmark stock",
            )
    return ids


def prepare(*, products: int, customers: int, orders: int) -> tuple[list[int], list[int], dict]:
    """Everything the load run needs; returns (customer ids, product ids for sale, seconds
    each step took)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    total = catalog_ensure(products=products)
    timings["catalog"] = time.perf_counter() - started
    print(f"catalog: {total:,} products, {StockBatch.objects.count():,} batches", flush=True)
    started = time.perf_counter()
    customer_ids = customers_ensure(count=customers)
    timings["customers"] = time.perf_counter() - started
    print(f"customers: {len(customer_ids):,} verified", flush=True)
    started = time.perf_counter()
    added = history.orders_ensure(count=orders, customer_ids=customer_ids) if orders else 0
    timings["orders"] = time.perf_counter() - started
    print(f"orders: {history.orders_existing():,} historical ({added:,} added)", flush=True)
    started = time.perf_counter()
    days = history.rollups_ensure(recompute=added > 0) if orders else 0
    timings["rollups"] = time.perf_counter() - started
    print(f"dashboard roll-ups: {days} days computed", flush=True)
    sale_ids = products_for_sale(count=200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return customer_ids, sale_ids, timings
