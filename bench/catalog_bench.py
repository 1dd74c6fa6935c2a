"""Catalog latency benchmark: list, filter and search requests against a large catalog.

Requests go through the whole Django stack in-process (URL routing, DRF, serializers, the
exception handler, SQL) with Django's test client; no HTTP server or network is involved, so
the numbers are the application's own cost. The catalog cache is switched off
(CATALOG_CACHE_SECONDS=0) so every request reaches PostgreSQL; one "cached" row shows a hit.

    createdb dx_bench && export DATABASE_URL=postgres://postgres@127.0.0.1:5432/dx_bench
    python manage.py migrate
    DJANGO_DEBUG=1 python manage.py seed_catalog --products 100000
    python bench/catalog_bench.py --requests 30 --write docs/benchmarks.md
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["CATALOG_CACHE_SECONDS"] = "0"
os.environ.setdefault("SLOW_REQUEST_MS", "100000")  # the table is the report, not the log

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from apps.products.models import Product, StockBatch  # noqa: E402

START, END = "<!-- catalog-bench:start -->", "<!-- catalog-bench:end -->"


def _cases() -> list[tuple[str, str]]:
    sample = Product.objects.filter(barcode__startswith="20").order_by("pk").first()
    category = sample.category.parent.slug if sample.category.parent else sample.category.slug
    return [
        ("list, default order (popularity), 20 per page", "/api/v1/products/"),
        ("list, page 200", "/api/v1/products/?page=200"),
        ("list, 100 per page", "/api/v1/products/?page_size=100"),
        ("list, price ascending", "/api/v1/products/?ordering=price"),
        (
            "list, category tree + in stock + Rx filter",
            f"/api/v1/products/?category={category}&in_stock=true&requires_prescription=false",
        ),
        ("search 'paracetamol' (Latin)", "/api/v1/products/?q=paracetamol"),
        (
            "search 'парацетамол' (Cyrillic)",
            "/api/v1/products/?" + urlencode({"q": "парацетамол"}),
        ),
        ("search 'paratsetamol' (Uzbek Latin)", "/api/v1/products/?q=paratsetamol"),
        ("search 'amoksitsilin' (typo)", "/api/v1/products/?q=amoksitsilin"),
        ("search 'klavul' (partial word)", "/api/v1/products/?q=klavul"),
        ("search barcode", f"/api/v1/products/?q={sample.barcode}"),
        (
            "search + in stock + price order",
            "/api/v1/products/?q=ibuprofen&in_stock=true&ordering=price",
        ),
        ("detail by slug", f"/api/v1/products/{sample.slug}/"),
        ("alternatives", f"/api/v1/products/{sample.pk}/alternatives/"),
    ]


def _measure(client: Client, url: str, requests: int) -> dict:
    for _ in range(3):
        client.get(url, HTTP_HOST="localhost")
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    body = response.json()
    count = body.get("count") if isinstance(body, dict) else len(body)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
        "max": timings[-1],
        "count": count if count is not None else 1,
    }


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {python}, PostgreSQL {pg}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--write", type=Path, help="Replace the results section of this file.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL (DATABASE_URL); SQLite is not what production runs.")
    products = Product.objects.count()
    if products < 100_000:
        sys.exit(f"Only {products} products: run `manage.py seed_catalog --products 100000`.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    load_before = os.getloadavg()[0]
    client = Client()
    rows = []
    for name, url in _cases():
        result = _measure(client, url, args.requests)
        rows.append(
            f"| {name} | {result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} "
            f"| {result['count']} |"
        )
        print(rows[-1], flush=True)

    settings.CATALOG_CACHE_SECONDS = 300
    cached = _measure(client, "/api/v1/products/?q=paracetamol", args.requests)
    rows.append(
        f"| search 'paracetamol', served from the cache | {cached['p50']:.1f} "
        f"| {cached['p95']:.1f} | {cached['max']:.1f} | {cached['count']} |"
    )
    print(rows[-1])

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    report = "\n".join(
        [
            START,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{commit}` on {_machine()}"
            f" (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after).",
            f"Catalog: {products:,} products, {StockBatch.objects.count():,} stock batches "
            f"(`seed_catalog --products 100000`). {args.requests} timed requests per row after "
            "3 warm-up requests, in-process through the full Django/DRF stack, cache off unless "
            "stated.",
            "",
            f"Command: `DATABASE_URL=... python bench/catalog_bench.py --requests {args.requests}`",
            "",
            "| request | p50 ms | p95 ms | max ms | results |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
            END,
        ]
    )
    if args.write:
        text = args.write.read_text() if args.write.exists() else ""
        if START in text and END in text:
            text = text[: text.index(START)] + report + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip() + "\n\n" + report + "\n"
        args.write.write_text(text)


if __name__ == "__main__":
    main()
