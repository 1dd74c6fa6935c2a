"""Checkout benchmark: throughput and latency of `POST /api/v1/orders/checkout/` against
PostgreSQL, without contention (every buyer a different product), with contention on one
product that has plenty of stock (everyone queues on the same batch rows), and with a race for
the last units (most buyers get 409 `insufficient_stock`).

Requests go through the whole Django stack in-process (JWT auth, DRF, services, PostgreSQL),
from concurrent threads, each with its own database connection. It runs in a throwaway
database (`<DATABASE NAME>_bench`, created and dropped here), never in the one it is pointed at.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dx_orders \
        .venv/bin/python bench/checkout_bench.py --buyers 300 --threads 16 --write

`--write` replaces the results section of docs/benchmarks.md with this run's figures.
"""

import argparse
import logging
import multiprocessing
import os
import platform
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from config.celery import app as celery_app  # noqa: E402

RESULTS_START = "<!-- checkout-bench:start -->"
RESULTS_END = "<!-- checkout-bench:end -->"
BODY = {"payment_method": "cash", "delivery_type": "pickup"}


@dataclass
class Scenario:
    name: str
    description: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    wall_seconds: float = 0.0
    invariant: str = ""

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
        return ordered[index]

    @property
    def throughput(self) -> float:
        return sum(self.statuses.values()) / self.wall_seconds


def _prepare_buyers(count: int, products_for) -> list:
    """`count` customers with a filled cart each and an authenticated API client."""
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.orders.services import cart_item_add
    from tests.users.factories import CustomerFactory

    clients = []
    for index in range(count):
        customer = CustomerFactory()
        for product in products_for(index):
            cart_item_add(customer=customer, product_id=product.pk, quantity=1)
        client = APIClient()
        token = RefreshToken.for_user(customer).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        clients.append(client)
    return clients


def _send_checkouts(clients: list, threads: int) -> tuple[list[float], Counter]:
    """One checkout per client from `threads` threads of this process."""
    pending, latencies, statuses = list(clients), [], Counter()
    lock = threading.Lock()

    def worker() -> None:
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    client = pending.pop()
                started = time.perf_counter()
                response = client.post(
                    "/api/v1/orders/checkout/",
                    BODY,
                    format="json",
                    HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
                )
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] += 1
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses


def _client_process(clients, threads, barrier, results) -> None:
    barrier.wait()
    results.put(_send_checkouts(clients, threads))


def _run(scenario: Scenario, clients: list, *, processes: int, threads: int) -> None:
    """Spread the clients over `processes` forked processes of `threads` threads each, start
    them together, and record every request's latency and status."""
    connections.close_all()  # children open their own connections
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes + 1), context.Queue()
    children = [
        context.Process(
            target=_client_process, args=(clients[i::processes], threads, barrier, results)
        )
        for i in range(processes)
    ]
    for child in children:
        child.start()
    barrier.wait()
    started = time.perf_counter()
    for _child in children:
        latencies, statuses = results.get()
        scenario.latencies_ms.extend(latencies)
        scenario.statuses.update(statuses)
    scenario.wall_seconds = time.perf_counter() - started
    for child in children:
        child.join()


def _stock_invariant(products) -> str:
    from apps.products.models import StockBatch

    batches = StockBatch.objects.filter(product__in=products)
    bad = [b.pk for b in batches if not 0 <= b.reserved <= b.quantity]
    reserved = sum(b.reserved for b in batches)
    return f"reserved {reserved} units, {'no' if not bad else len(bad)} batch out of bounds"


def run_benchmark(*, buyers: int, processes: int, threads: int, last_units: int) -> list[Scenario]:
    from apps.orders.models import Order
    from tests.products.factories import ProductFactory, receive

    settings.ORDER_CHECKOUT_RATE = "1000/min"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The SMS of each order is published to a broker after commit, as in production (an
    # in-memory one here), instead of being sent inside the request as eager tasks would.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    # 409s are expected in the race; Django would log each one.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    results = []

    alone = [ProductFactory() for _ in range(min(buyers, 100))]
    for product in alone:
        receive(product, 5)
    sequential = Scenario("sequential", f"{len(alone)} buyers one after another, 1 thread")
    _run(sequential, _prepare_buyers(len(alone), lambda i: [alone[i]]), processes=1, threads=1)
    sequential.invariant = _stock_invariant(alone)
    results.append(sequential)

    products = [ProductFactory() for _ in range(buyers)]
    for product in products:
        receive(product, 5)
    spread = Scenario("no contention", f"{buyers} buyers, each of a different product")
    _run(
        spread,
        _prepare_buyers(buyers, lambda i: [products[i]]),
        processes=processes,
        threads=threads,
    )
    spread.invariant = _stock_invariant(products)
    results.append(spread)

    hot = ProductFactory()
    receive(hot, buyers, days=200)
    receive(hot, buyers, days=400)
    queued = Scenario(
        "one product, plenty of stock", f"{buyers} buyers of one product with two batches"
    )
    _run(queued, _prepare_buyers(buyers, lambda i: [hot]), processes=processes, threads=threads)
    queued.invariant = _stock_invariant([hot])
    results.append(queued)

    scarce = ProductFactory()
    receive(scarce, last_units)
    race = Scenario("last units", f"{buyers} buyers racing for the last {last_units} units")
    before = Order.objects.count()
    _run(race, _prepare_buyers(buyers, lambda i: [scarce]), processes=processes, threads=threads)
    sold = Order.objects.count() - before
    race.invariant = f"{sold} orders for {last_units} units; " + _stock_invariant([scarce])
    results.append(race)
    return results


def _machine() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs (load average {load})",
        "python": platform.python_version(),
        "postgres": postgres,
    }


def render(results: list[Scenario], *, machine: dict, command: str, clients: str) -> str:
    lines = [
        RESULTS_START,
        f"Run on {machine['date']} — {machine['machine']}, Python {machine['python']}, "
        f"PostgreSQL {machine['postgres']} on the same machine; {clients}.",
        "",
        f"Command: `{command}`",
        "",
        "| scenario | requests | outcomes | throughput (req/s) | p50 ms | p95 ms | p99 ms "
        "| max ms | stock after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in results:
        outcomes = ", ".join(f"{count} x {code}" for code, count in sorted(s.statuses.items()))
        lines.append(
            f"| {s.name} ({s.description}) | {sum(s.statuses.values())} | {outcomes} "
            f"| {s.throughput:.0f} | {statistics.median(s.latencies_ms):.1f} "
            f"| {s.percentile(95):.1f} | {s.percentile(99):.1f} | {max(s.latencies_ms):.1f} "
            f"| {s.invariant} |"
        )
    lines.append(RESULTS_END)
    return "\n".join(lines)


def write_results(section: str, path: Path) -> None:
    text = path.read_text()
    start, end = text.index(RESULTS_START), text.index(RESULTS_END) + len(RESULTS_END)
    path.write_text(text[:start] + section + text[end:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=300)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=8, help="per process")
    parser.add_argument("--last-units", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL server: the benchmark measures PostgreSQL.")
        return 2

    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        results = run_benchmark(
            buyers=args.buyers,
            processes=args.processes,
            threads=args.threads,
            last_units=args.last_units,
        )
        machine = _machine()
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)

    command = "DATABASE_URL=postgres://… .venv/bin/python bench/checkout_bench.py " + " ".join(
        sys.argv[1:]
    )
    clients = (
        f"{args.processes} client processes x {args.threads} threads "
        "(the sequential baseline: one thread)"
    )
    section = render(results, machine=machine, command=command.strip(), clients=clients)
    print(section)
    if args.write:
        write_results(section, ROOT / "docs" / "benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
