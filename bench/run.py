"""The benchmark harness: one command prepares the data, serves the app under gunicorn as in
production, loads it from loopback and writes the figures.

    .venv/bin/python bench/run.py              # full run (see docs/benchmarks.md for its time)
    BENCH_QUICK=1 .venv/bin/python bench/run.py  # a few minutes, same tables

Steps: (1) create/fill the PostgreSQL database BENCH_DATABASE_URL (default dx_bench): 100,000
products with batches, 10,000 verified customers, a year of 1,000,000 historical orders with
payments and deliveries and the dashboard roll-ups (bench/data.py, bench/history.py) — each step
skipped when the data is already there; (2) start gunicorn with config/gunicorn.py and the
production settings (bench/settings.py: throwaway secret, DEBUG off, throttles raised, the naive
baseline routed under /bench/naive/) and a Celery worker as deployed; (3) for every scenario and
concurrency level, a closed loop of requests for a fixed time (bench/load.py), while the RSS of
every gunicorn and Celery process is sampled; (4) the same answers as one hand-written SQL
query + orjson, timed in process (bench/limit.py); (5) SQL queries per request, counted in
process; (6) a pyinstrument profile of every endpoint; (7) bench/output/results.csv,
latency.png and profile-*.txt, copied to docs/ with the table in docs/benchmarks.md.

Every `bench/scenarios_<area>.py` with `scenarios(context) -> list[Scenario]` is picked up
automatically (Payme PerformTransaction, the admin dashboard).
"""

import csv
import importlib
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import orjson
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))

QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", 4 if QUICK else 10))
LEVELS = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,4,16").split(",")]
LIMIT_RUNS = 30 if QUICK else 200
PROFILE_RUNS = 8 if QUICK else 20  # in-process requests profiled per endpoint
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dx_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", 100_000))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 10_000))
ORDERS = int(os.environ.get("BENCH_ORDERS", 1_000_000))
STARTED = time.perf_counter()
# Only the scenarios whose name contains one of these words (comma-separated), e.g. while
# working on one endpoint: BENCH_ONLY=Payme,dashboard.
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]

# The app under test reads these (config/settings, config/gunicorn.py): production settings
# with a throwaway key, plain HTTP on loopback, the catalog cache off so every read reaches
# PostgreSQL, and the per-customer limits (open orders, checkout rate) out of the way.
APP_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "NUM_PROXIES": "0",
    "CATALOG_CACHE_SECONDS": "0",
    "ORDER_CHECKOUT_RATE": "1000000/min",
    "ORDER_MAX_OPEN_UNPAID": "1000000",
    "LOG_JSON": "0",
    "LOG_LEVEL": "WARNING",
    "SLOW_REQUEST_MS": "1000000",
    "GUNICORN_ACCESS_LOG": "",
    "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
    "SENTRY_DSN": "",
    "DASHBOARD_CACHE_SECONDS": "0",  # every admin dashboard request reads the roll-ups
    "SMS_PROVIDER": "console",  # the Celery worker sends the checkouts' SMS nowhere
    # Throwaway provider credentials: the Payme scenario signs its callbacks with them.
    "PAYME_MERCHANT_ID": "bench-merchant",
    "PAYME_KEY": "bench-payme-" + uuid.uuid4().hex,
    "CLICK_SERVICE_ID": "1000",
    "CLICK_MERCHANT_ID": "1000",
    "CLICK_SECRET_KEY": "bench-click-" + uuid.uuid4().hex,
}
os.environ.update(APP_ENV)
CHECKOUT_BODY = {"payment_method": "cash", "delivery_type": "pickup"}


def database_create(url: str) -> None:
    """Create the benchmark database if it does not exist (only dx_bench* names)."""
    info = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    name = info.pop("dbname")
    if not name.startswith("dx_bench"):
        sys.exit(f"Refusing to use database {name!r}: benchmark databases are dx_bench*.")
    with psycopg.connect(**info, dbname="postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


database_create(DATABASE_URL)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from apps.orders.models import CartItem  # noqa: E402
from apps.products.models import Product  # noqa: E402
from apps.products.search import fold  # noqa: E402
from apps.users.models import User  # noqa: E402
from bench import data, load  # noqa: E402
from bench.limit import Limit  # noqa: E402
from bench.load import Scenario  # noqa: E402


@dataclass
class Context:
    customers: list[int]
    tokens: list[str]
    sale_ids: list[int]
    sample: Product
    extra: dict = field(default_factory=dict)

    def auth(self, index: int) -> dict:
        return {"Authorization": f"Bearer {self.tokens[index % len(self.tokens)]}"}


def _get(path: str) -> Callable[[int], load.Request]:
    return lambda i: ("GET", path, None, None, [])


SEARCHES = [
    ("search Latin 'paracetamol'", "paracetamol"),
    ("search Cyrillic 'парацетамол'", "парацетамол"),
    ("search typo 'amoksitsilin'", "amoksitsilin"),
]


def core_scenarios(ctx: Context) -> list[Scenario]:
    sample = ctx.sample
    half = len(ctx.tokens) // 2  # cart-add customers | checkout customers
    others = ctx.sale_ids[1:]
    hot = ctx.sale_ids[0]

    def cart_add(i: int) -> load.Request:
        body = {"product_id": others[i % len(others)], "quantity": 1}
        return ("POST", "/api/v1/orders/cart/add/", body, ctx.auth(i % half), [])

    def checkout(product_for: Callable[[int], int]) -> Callable[[int], load.Request]:
        def make(i: int) -> load.Request:
            headers = ctx.auth(half + i % half)
            add = ("POST", "/api/v1/orders/cart/add/", {"product_id": product_for(i)}, headers)
            checkout_headers = {**headers, "Idempotency-Key": uuid.uuid4().hex}
            return ("POST", "/api/v1/orders/checkout/", CHECKOUT_BODY, checkout_headers, [add])

        return make

    scenarios = [
        Scenario(
            "product list",
            _get("/api/v1/products/"),
            naive=_get("/bench/naive/products/"),
            limit=lambda lim: lim.product_list(),
        )
    ]
    for name, text in SEARCHES:
        scenarios.append(
            Scenario(
                name,
                _get(f"/api/v1/products/?q={quote(text)}"),
                naive=_get(f"/bench/naive/products/?q={quote(text)}"),
                limit=lambda lim, text=text: lim.product_search(folded=fold(text), code=text),
            )
        )
    scenarios += [
        Scenario(
            "product detail",
            _get(f"/api/v1/products/{sample.slug}/"),
            naive=_get(f"/bench/naive/products/{sample.slug}/"),
            limit=lambda lim: lim.product_detail(slug=sample.slug),
        ),
        Scenario(
            "product alternatives",
            _get(f"/api/v1/products/{sample.pk}/alternatives/"),
            naive=_get(f"/bench/naive/products/{sample.slug}/alternatives/"),
            limit=lambda lim: lim.product_alternatives(product_id=sample.pk),
        ),
        Scenario("cart add", cart_add),
        Scenario("checkout, no contention", checkout(lambda i: others[i % len(others)])),
        Scenario("checkout, one hot product", checkout(lambda i: hot)),
    ]
    return scenarios


def hooked_scenarios(ctx: Context) -> list[Scenario]:
    """Scenarios of other areas: every bench/scenarios_*.py with `scenarios(context)`."""
    found = []
    for path in sorted((ROOT / "bench").glob("scenarios_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        found += module.scenarios(ctx)
    return found


def context_build(customer_ids: list[int], sale_ids: list[int]) -> Context:
    users = User.objects.in_bulk(customer_ids)
    tokens = [str(AccessToken.for_user(users[pk])) for pk in customer_ids]
    # The sample: an over-the-counter product in stock whose substances other products share.
    sample = (
        Product.objects.filter(pk__in=sale_ids[1:], compositions__isnull=False)
        .order_by("pk")
        .first()
    )
    return Context(customers=customer_ids, tokens=tokens, sale_ids=sale_ids, sample=sample)


# --- measuring -------------------------------------------------------------------------------


class RssSampler(threading.Thread):
    """Peak resident memory of each gunicorn worker and of each Celery process (the main
    process and its pool children), sampled every 200 ms."""

    def __init__(self, master_pid: int, celery_pid: int | None = None) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.celery = psutil.Process(celery_pid) if celery_pid else None
        self.peak: dict[int, int] = {}
        self.celery_peak: dict[int, int] = {}
        self.window_peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            for child in self.master.children():
                try:
                    rss = child.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
                self.window_peak = max(self.window_peak, rss)
            if self.celery is None:
                continue
            try:
                processes = [self.celery, *self.celery.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for process in processes:
                try:
                    rss = process.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.celery_peak[process.pid] = max(self.celery_peak.get(process.pid, 0), rss)

    def take_window(self) -> int:
        value, self.window_peak = self.window_peak, 0
        return value


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_start() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(OUTPUT / "gunicorn.log", "w"),  # noqa: SIM115 -- lives as long as gunicorn
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if httpx.get(f"{base}/api/v1/products/?page_size=1", timeout=30).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    sys.exit("gunicorn did not answer; see bench/output/gunicorn.log")


def celery_start() -> subprocess.Popen:
    """A Celery worker as deployed (docker-compose.yml: queues default, sms and heavy, prefork
    pool of one process per core), on the benchmark's Redis database."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "config",
            "worker",
            "-Q",
            "default,sms,heavy",
            "-n",
            f"bench-{uuid.uuid4().hex[:8]}@%h",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=open(OUTPUT / "celery.log", "w"),
    )


def process_stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def queries_per_request(request: load.Request) -> tuple[int, object]:
    """SQL statements one request runs, counted in process through the same settings, and the
    number of results it answered (`count` of a page, 1 for an object)."""
    method, path, body, headers, before = request
    client = Client(HTTP_HOST="127.0.0.1")
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    for pre_method, pre_path, pre_body, pre_headers in before:
        pre = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (pre_headers or {}).items()}
        client.generic(pre_method, pre_path, _json(pre_body), "application/json", **pre)
    with CaptureQueriesContext(connection) as captured:
        response = client.generic(method, path, _json(body), "application/json", **extra)
    if response.status_code >= 400:
        print(f"  ! {method} {path}: {response.status_code} {response.content[:200]!r}")
    answer = response.json()
    return len(captured), answer.get("count", 1) if isinstance(answer, dict) else len(answer)


def _json(body: dict | None) -> str:
    import json

    return json.dumps(body) if body is not None else ""


def limit_time(limit: Limit, produce: Callable[[Limit], bytes]) -> dict:
    for _ in range(3):
        produce(limit)
    timings = []
    deadline = time.perf_counter() + SECONDS  # a slow answer gets fewer runs (at least 5)
    for _ in range(LIMIT_RUNS):
        if len(timings) >= 5 and time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        produce(limit)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    pick = lambda p: timings[min(len(timings) - 1, round(p / 100 * (len(timings) - 1)))]  # noqa: E731
    return {
        "requests": len(timings),
        "throughput": 1000 / statistics.mean(timings),
        "p50": pick(50),
        "p95": pick(95),
        "p99": pick(99),
        "max": timings[-1],
    }


def measure(base: str, make, sampler: RssSampler) -> dict:
    # Warm-up at more clients than workers, so no worker serves its first (cold) request
    # inside a measurement.
    load.run(base, make, concurrency=8, seconds=max(1.0, SECONDS / 4))
    rows = []
    for level in LEVELS:
        sampler.take_window()
        result = load.run(base, make, concurrency=level, seconds=SECONDS)
        errors = sum(n for code, n in result.statuses.items() if code >= 400)
        rows.append(
            {
                "concurrency": level,
                "requests": len(result.latencies_ms),
                "errors": errors,
                "statuses": " ".join(f"{c}x{n}" for c, n in sorted(result.statuses.items())),
                "throughput": result.throughput,
                "p50": result.percentile(50),
                "p95": result.percentile(95),
                "p99": result.percentile(99),
                "max": max(result.latencies_ms),
                "peak_rss_mb": sampler.take_window() / 2**20,
            }
        )
        row = rows[-1]
        print(
            f"    c={level:<3} {row['throughput']:7.1f} req/s  p50 {row['p50']:7.1f}"
            f"  p95 {row['p95']:7.1f}  p99 {row['p99']:7.1f} ms  [{row['statuses']}]",
            flush=True,
        )
    return rows


def _send(client: Client, request: load.Request, profiler=None) -> None:
    """Send `request` in process; only the request itself (not the untimed ones it needs
    first) is profiled."""
    method, path, body, headers, before = request
    for pre_method, pre_path, pre_body, pre_headers in before:
        pre = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (pre_headers or {}).items()}
        client.generic(pre_method, pre_path, _json(pre_body), "application/json", **pre)
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    if profiler is not None:
        profiler.start()
    client.generic(method, path, _json(body), "application/json", **extra)
    if profiler is not None:
        profiler.stop()


def _frames_time(frame, test: Callable[[object], bool]) -> float:
    """Time spent in the outermost frames that pass `test` (not counted twice when nested)."""
    if test(frame):
        return frame.time
    return sum(_frames_time(child, test) for child in frame.children)


SQL_FUNCTIONS = ("execute", "executemany", "fetchall", "fetchone", "fetchmany")
SERIALISER_FUNCTIONS = ("data", "to_representation")


def _is_sql(frame) -> bool:
    path = frame.file_path or ""
    return "psycopg" in path and frame.function in SQL_FUNCTIONS


def _is_serialiser(frame) -> bool:
    path = frame.file_path or ""
    return "rest_framework/serializers.py" in path and frame.function in SERIALISER_FUNCTIONS


def profile(scenario: Scenario) -> tuple[str, dict]:
    """`PROFILE_RUNS` requests of `scenario` in process under pyinstrument: the text report and
    where the time went (per request: total, SQL round trips, DRF serialisation, the rest)."""
    from pyinstrument import Profiler

    make = scenario.profile or scenario.make
    client = Client(HTTP_HOST="127.0.0.1")
    _send(client, make(5 * 10**6))  # warm
    profiler = Profiler(interval=0.0005)
    for n in range(PROFILE_RUNS):
        _send(client, make(5 * 10**6 + 1 + n), profiler)
    session = profiler.last_session
    root = session.root_frame()
    total = session.duration
    sql = _frames_time(root, _is_sql) if root else 0.0
    serialise = _frames_time(root, _is_serialiser) if root else 0.0
    per = 1000 / PROFILE_RUNS
    summary = {
        "ms": total * per,
        "sql_ms": sql * per,
        "serialise_ms": serialise * per,
        "rest_ms": (total - sql - serialise) * per,
    }
    return profiler.output_text(unicode=True, color=False, show_all=False), summary


# --- reporting -------------------------------------------------------------------------------

CSV_FIELDS = [
    "endpoint",
    "variant",
    "concurrency",
    "requests",
    "errors",
    "statuses",
    "throughput",
    "p50",
    "p95",
    "p99",
    "max",
    "peak_rss_mb",
    "queries",
    "results",
]


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    import gunicorn

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, {platform.platform()}",
        "versions": f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, PostgreSQL {postgres}",
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
    }


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))
    columns = 3
    lines = (len(endpoints) + columns - 1) // columns
    figure, axes = plt.subplots(lines, columns, figsize=(5 * columns, 3.4 * lines), squeeze=False)
    for ax, endpoint in zip(axes.flat, endpoints, strict=False):
        for variant, colour in (("ours", "tab:blue"), ("naive", "tab:red")):
            series = [r for r in rows if r["endpoint"] == endpoint and r["variant"] == variant]
            if not series:
                continue
            x = [r["concurrency"] for r in series]
            ax.plot(x, [r["p50"] for r in series], "o-", color=colour, label=f"{variant} p50")
            ax.plot(x, [r["p95"] for r in series], "o--", color=colour, label=f"{variant} p95")
        limit = [r for r in rows if r["endpoint"] == endpoint and r["variant"] == "limit"]
        if limit:
            ax.axhline(limit[0]["p50"], color="tab:green", linestyle=":", label="SQL limit p50")
        ax.set_title(endpoint)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(LEVELS, [str(c) for c in LEVELS])
        ax.set_xlabel("concurrent clients")
        ax.set_ylabel("latency, ms")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(endpoints) :]:
        ax.set_visible(False)
    figure.tight_layout()
    figure.savefig(path, dpi=90)


def _row(rows: list[dict], endpoint: str, variant: str, level: int) -> dict | None:
    return next(
        (
            r
            for r in rows
            if r["endpoint"] == endpoint and r["variant"] == variant and r["concurrency"] == level
        ),
        None,
    )


def _seconds(value: float) -> str:
    return f"{value / 60:.1f} min" if value >= 90 else f"{value:.0f} s"


def markdown(rows: list[dict], info: dict, run: dict) -> str:
    top = max(LEVELS)
    workers = run["workers"]
    data_steps = ", ".join(f"{step} {_seconds(t)}" for step, t in run["data_timings"].items())
    lines = [
        "<!-- harness:start -->",
        f"Run on {info['date']} at commit `{info['commit']}` — {info['machine']}; "
        f"{info['versions']}. Load average before {run['load_before']}, after "
        f"{run['load_after']} (on 2 cores, a load above 2 before the run means other work "
        "shared the machine, and every figure is then an upper bound).",
        "",
        f"Command: `{'BENCH_QUICK=1 ' if QUICK else ''}make bench` — "
        f"{SECONDS:g} s per concurrency level, gunicorn {workers['count']} sync workers "
        "(config/gunicorn.py defaults) and one Celery worker, client and server on the same "
        f"2 cores. **Total wall time {_seconds(run['wall'])}** (data step {data_steps}).",
        "",
        "| endpoint | variant | c | req/s | p50 ms | p95 ms | p99 ms | errors | queries/req "
        "| results | peak worker RSS MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        queries = r["queries"] if r["queries"] != "" else "—"
        rss = f"{r['peak_rss_mb']:.0f}" if r["peak_rss_mb"] != "" else "—"
        lines.append(
            f"| {r['endpoint']} | {r['variant']} | {r['concurrency']} | {r['throughput']:.1f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | {queries} "
            f"| {r['results']} | {rss} |"
        )
    lines += [
        "",
        f"Ratios (p50 at c=1; throughput at c={top}):",
        "",
        "| endpoint | ours / SQL limit | naive / ours | throughput ours / naive |",
        "| --- | ---: | ---: | ---: |",
    ]
    for endpoint in dict.fromkeys(r["endpoint"] for r in rows):
        ours = _row(rows, endpoint, "ours", 1)
        limit = _row(rows, endpoint, "limit", 1)
        naive = _row(rows, endpoint, "naive", 1)
        ours_top, naive_top = _row(rows, endpoint, "ours", top), _row(rows, endpoint, "naive", top)
        lines.append(
            f"| {endpoint} | {ours['p50'] / limit['p50']:.1f}x |"
            if ours and limit
            else f"| {endpoint} | — |"
        )
        lines[-1] += f" {naive['p50'] / ours['p50']:.1f}x |" if naive and ours else " — |"
        lines[-1] += (
            f" {ours_top['throughput'] / naive_top['throughput']:.1f}x |"
            if naive_top and ours_top and naive_top["throughput"]
            else " — |"
        )
    peaks = ", ".join(f"{mb:.0f}" for mb in workers["peaks"])
    celery = ", ".join(f"{mb:.0f}" for mb in workers["celery_peaks"]) or "not sampled"
    lines += [
        "",
        f"Peak RSS over the whole run (MB) — per gunicorn worker: {peaks}; per Celery process "
        f"(the worker's main process and its prefork children): {celery}.",
        "",
        f"Where the time of one request goes, in process under pyinstrument ({PROFILE_RUNS} "
        "requests per endpoint, reports in `bench/output/profile-*.txt`): SQL is the time "
        "inside psycopg (PostgreSQL and the round trip), serialisation the DRF serialisers, "
        "the rest routing, middleware, authentication, the ORM building queries and rendering.",
        "",
        "| endpoint | ms per request | SQL ms | serialisation ms | the rest ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for endpoint, summary in run["profiles"].items():
        lines.append(
            f"| {endpoint} | {summary['ms']:.1f} | {summary['sql_ms']:.1f} "
            f"| {summary['serialise_ms']:.1f} | {summary['rest_ms']:.1f} |"
        )
    if run["notes"]:
        lines += ["", *run["notes"]]
    lines += ["", "<!-- harness:end -->"]
    return "\n".join(lines)


def docs_write(section: str) -> None:
    path = DOCS / "benchmarks.md"
    text = path.read_text()
    start, end = "<!-- harness:start -->", "<!-- harness:end -->"
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


def _slug(name: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in name.lower()).strip("-")


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop gunicorn (finally)
    OUTPUT.mkdir(exist_ok=True)
    load_before = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"[1/6] data in {settings.DATABASES['default']['NAME']}", flush=True)
    customer_ids, sale_ids, data_timings = data.prepare(
        products=PRODUCTS, customers=CUSTOMERS, orders=ORDERS
    )
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no throttles, cache or tasks of an earlier run
    CartItem.objects.filter(cart__customer_id__in=customer_ids).delete()
    ctx = context_build(customer_ids, sale_ids)
    scenarios = core_scenarios(ctx) + hooked_scenarios(ctx)
    if ONLY:
        scenarios = [s for s in scenarios if any(word in s.name for word in ONLY)]

    print("[2/6] SQL queries per request (in process)", flush=True)
    queries, results = {}, {}
    for scenario in scenarios:
        variants = [("ours", (scenario.probe or scenario.make)(10**6))]
        if scenario.naive:
            variants.append(("naive", scenario.naive(0)))
        for variant, request in variants:
            queries[scenario.name, variant], results[scenario.name, variant] = queries_per_request(
                request
            )
    CartItem.objects.filter(cart__customer_id__in=customer_ids).delete()
    connection.close()

    print("[3/6] gunicorn and a Celery worker under load", flush=True)
    worker = celery_start()
    server, base = gunicorn_start()
    sampler = RssSampler(server.pid, worker.pid)
    sampler.start()
    rows: list[dict] = []
    try:
        for scenario in scenarios:
            variants = [("ours", scenario.make)]
            if scenario.naive:
                variants.append(("naive", scenario.naive))
            for variant, make in variants:
                print(f"  {scenario.name} ({variant})", flush=True)
                for row in measure(base, make, sampler):
                    rows.append(
                        {
                            "endpoint": scenario.name,
                            "variant": variant,
                            "queries": queries.get((scenario.name, variant), ""),
                            "results": results.get((scenario.name, variant), ""),
                            **row,
                        }
                    )
        time.sleep(1)  # the worker drains the last checkouts' notifications
    finally:
        sampler.stopped.set()
        process_stop(server)
        process_stop(worker)
    workers = {
        "count": len(sampler.peak),
        "peaks": [v / 2**20 for v in sampler.peak.values()],
        "celery_peaks": [v / 2**20 for v in sampler.celery_peak.values()],
    }

    print("[4/6] the SQL limit (in process)", flush=True)
    limit = Limit(
        DATABASE_URL,
        shelf_life_days=settings.MIN_SHELF_LIFE_DAYS,
        few_left=settings.CATALOG_FEW_LEFT_QUANTITY,
    )
    for scenario in scenarios:
        if scenario.limit:
            timing = limit_time(limit, scenario.limit)
            rows.append(
                {
                    "endpoint": scenario.name,
                    "variant": "limit",
                    "concurrency": 1,
                    "errors": 0,
                    "statuses": "",
                    "peak_rss_mb": "",
                    "queries": 1,
                    "results": orjson.loads(scenario.limit(limit)).get("count", 1),
                    **timing,
                }
            )
            print(f"  {scenario.name}: p50 {timing['p50']:.2f} ms", flush=True)
    order = {s.name: i for i, s in enumerate(scenarios)}
    variant_order = {"ours": 0, "naive": 1, "limit": 2}
    rows.sort(key=lambda r: (order[r["endpoint"]], variant_order[r["variant"]], r["concurrency"]))

    print("[5/6] profile of every endpoint (in process)", flush=True)
    profiles = {}
    for scenario in scenarios:
        report, profiles[scenario.name] = profile(scenario)
        (OUTPUT / f"profile-{_slug(scenario.name)}.txt").write_text(f"{scenario.name}\n\n{report}")
        print(f"  {scenario.name}: {profiles[scenario.name]}", flush=True)

    print("[6/6] results", flush=True)
    with (OUTPUT / "results.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow(
                {
                    k: (f"{v:.2f}" if isinstance(v, float) else v)
                    for k, v in r.items()
                    if k in CSV_FIELDS
                }
            )
    plot(rows, OUTPUT / "latency.png")
    notes = []
    perform = ctx.extra.get("payme_perform")
    if perform is not None:
        sent = min(perform.highest + 1, len(perform.ids))
        notes.append(
            f"Payme: {perform.performed()} of the {sent} transactions sent a "
            "PerformTransaction were performed (state 2), checked in the database after the run."
        )
    if perform is not None and perform.replays:
        notes.append(
            f"Payme: {perform.replays} PerformTransaction requests found their transaction "
            "already performed (more requests than transactions opened) and got the stored "
            "result; raise BENCH_PAYME_ORDERS."
        )
    run = {
        "load_before": load_before,
        "load_after": ", ".join(f"{v:.1f}" for v in os.getloadavg()),
        "workers": workers,
        "data_timings": data_timings,
        "profiles": profiles,
        "notes": notes,
        "wall": time.perf_counter() - STARTED,
    }
    section = markdown(rows, machine(), run)
    shutil.copy(OUTPUT / "results.csv", DOCS / "benchmarks.csv")
    shutil.copy(OUTPUT / "latency.png", DOCS / "benchmarks.png")
    docs_write(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
