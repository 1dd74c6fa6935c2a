"""Admin dashboard benchmark at a million orders, in process: the roll-up read (selector alone,
whole HTTP request, cached), the naive aggregate over the raw orders, and the beat refresh.

The data is the harness's (bench/data.py and bench/history.py: the database `dx_bench`, 100,000
products, 10,000 customers, 1,000,000 orders over the last year with payments, deliveries and
the roll-ups), prepared here if missing exactly as `make bench` does, and reused. The dashboard
under load over HTTP, next to the naive baseline and the SQL limit, is part of `make bench`
(bench/scenarios_dashboard.py); this script adds the in-process split and the refresh.

    .venv/bin/python bench/dashboard_bench.py --write

`--write` replaces the dashboard section of docs/benchmarks.md with this run's figures.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.run as harness  # noqa: E402 -- the harness's database, settings and data sizes

RESULTS_START = "<!-- dashboard-bench:start -->"
RESULTS_END = "<!-- dashboard-bench:end -->"


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
    from bench.naive import naive_admin_dashboard
    from bench.scenarios_dashboard import admin_ensure

    admin = admin_ensure()
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
    with override_settings(DASHBOARD_CACHE_SECONDS=600):  # the harness turns the cache off
        results["http_cached"] = _time(lambda: _get(client, "last_30_days"), runs)
    results["refresh"] = _time(rollups_refresh, 5)
    return results


def _report(results: dict, *, timings: dict) -> str:
    lines = [
        RESULTS_START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, PostgreSQL (local), Python {platform.python_version()}: "
        f"**{results['orders']:,} orders** over the last 365 days "
        f"(database {results['database_bytes'] / 2**30:.1f} GiB).",
        "",
    ]
    if timings.get("orders", 0) > 5:
        lines.append(f"- Generating the orders (SQL, bench/history.py): {timings['orders']:.0f} s.")
    if timings.get("rollups", 0) > 5:
        lines.append(f"- Computing the roll-ups of the year: {timings['rollups']:.0f} s.")
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
        f"| Naive aggregate over raw orders | {cell('naive_last_7_days')} | "
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
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", action="store_true", help="Update docs/benchmarks.md.")
    args = parser.parse_args()
    from bench import data

    _, _, timings = data.prepare(
        products=harness.PRODUCTS, customers=harness.CUSTOMERS, orders=harness.ORDERS
    )
    report = _report(measure(runs=args.runs), timings=timings)
    print(report)
    if args.write:
        _write(report)


if __name__ == "__main__":
    main()
