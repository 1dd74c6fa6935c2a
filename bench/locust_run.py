"""Step load test: the shop's traffic mix (bench/locustfile.py) at increasing numbers of users
against the app under gunicorn, until errors appear or p95 degrades past a threshold.

    .venv/bin/python bench/locust_run.py               # full: dx_bench data, 60 s per step
    BENCH_QUICK=1 .venv/bin/python bench/locust_run.py  # quick: small dx_bench_load, 20 s per step

It reuses the harness (bench/run.py): the same production settings and environment
(bench/settings.py, throttles raised), `gunicorn_start` (config/gunicorn.py, sync workers),
`machine()`, and the data steps of bench/data.py (catalog, verified customers, deep stock on 200
over-the-counter products). On top, PAYMENTS_SIMULATOR_ENABLED=1 gives the app its development
Payme credentials, which the locust users present when they play Payme's servers against our
webhook for the online orders.

For every step (LOAD_USERS, default 10,20,40,80,160,320) locust runs headless for LOAD_SECONDS
with all users started at once (1-3 s think time each); the run stops after the first step whose
error rate exceeds LOAD_MAX_ERROR_RATE (default 0.01) or whose overall p95 exceeds LOAD_P95_LIMIT_MS
(default 2000). Results: bench/output/locust_<users>_stats.csv (locust's own), the summary
docs/benchmarks-load.csv and the section between `<!-- load-test:start -->` and
`<!-- load-test:end -->` of docs/benchmarks.md.

Knobs: BENCH_DATABASE_URL (dx_bench* only; quick default dx_bench_load, full default dx_bench),
BENCH_REDIS_URL (default redis db 15), LOAD_PRODUCTS, LOAD_CUSTOMERS."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = os.environ.get("BENCH_QUICK") == "1"
os.environ.setdefault(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/" + ("dx_bench_load" if QUICK else "dx_bench"),
)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# Read by the settings when bench.run sets Django up and inherited by gunicorn: the development
# Payme credentials the users present. Never in production (`check --deploy` refuses it).
os.environ["PAYMENTS_SIMULATOR_ENABLED"] = "1"

sys.path.insert(0, str(ROOT))
# Importing the harness creates the database and sets Django up; Django modules (bench/data.py
# included, as `harness.data`) are used only after it.
from bench import run as harness  # noqa: E402

USERS = [int(n) for n in os.environ.get("LOAD_USERS", "10,20,40,80,160,320").split(",")]
SECONDS = int(os.environ.get("LOAD_SECONDS", 20 if QUICK else 60))
MAX_ERROR_RATE = float(os.environ.get("LOAD_MAX_ERROR_RATE", "0.01"))
P95_LIMIT_MS = float(os.environ.get("LOAD_P95_LIMIT_MS", "2000"))
PRODUCTS = int(os.environ.get("LOAD_PRODUCTS", 5_000 if QUICK else 100_000))
CUSTOMERS = int(os.environ.get("LOAD_CUSTOMERS", 200 if QUICK else 2_000))
CONTEXT_FILE = harness.OUTPUT / "locust_context.json"
CSV_OUT = harness.DOCS / "benchmarks-load.csv"
CSV_FIELDS = [
    "users",
    "endpoint",
    "requests",
    "failures",
    "error_rate",
    "req_s",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
]
START, END = "<!-- load-test:start -->", "<!-- load-test:end -->"


def context_write(customer_ids: list[int], sale_ids: list[int]) -> None:
    """Tokens of the customers the users play, products for sale, slugs to open, and Payme's
    Basic authorization for the online payments."""
    from apps.products.models import Product
    from bench import scenarios_payments

    ctx = harness.context_build(customer_ids, sale_ids)
    slugs = list(
        Product.objects.filter(pk__in=sale_ids).order_by("pk").values_list("slug", flat=True)
    )
    body = {
        "tokens": ctx.tokens,
        "products": sale_ids,
        "slugs": slugs,
        # The header Payme's servers send; the users play Payme against our webhook.
        "payme_authorization": scenarios_payments.payme_authorization(),
    }
    CONTEXT_FILE.write_text(json.dumps(body))


def step(base: str, users: int, *, seconds: int = SECONDS, name: str = "") -> list[dict]:
    """One locust run of `seconds` with `users` users; its rows (per endpoint, then overall)."""
    prefix = harness.OUTPUT / f"locust_{name or users}"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    env = {**os.environ, "LOCUST_CONTEXT": str(CONTEXT_FILE)}
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as file:
        for record in csv.DictReader(file):
            count = int(record["Request Count"])
            failures = int(record["Failure Count"])
            rows.append(
                {
                    "users": users,
                    "endpoint": "all" if record["Name"] == "Aggregated" else record["Name"],
                    "requests": count,
                    "failures": failures,
                    "error_rate": failures / count if count else 0.0,
                    "req_s": float(record["Requests/s"]),
                    "p50_ms": _ms(record["50%"]),
                    "p95_ms": _ms(record["95%"]),
                    "p99_ms": _ms(record["99%"]),
                    "max_ms": _ms(record["Max Response Time"]),
                }
            )
    return rows


def _ms(value: str) -> float:
    return float(value) if value not in ("", "N/A") else float("nan")


def failures_seen(users: int) -> list[str]:
    path = harness.OUTPUT / f"locust_{users}_failures.csv"
    if not path.exists():
        return []
    with path.open(newline="") as file:
        return [
            f"{r['Occurrences']} x {r['Name']}: {r['Error'][:160]}" for r in csv.DictReader(file)
        ]


def markdown(rows: list[dict], info: dict, load_before: str, load_after: str, verdict: str) -> str:
    command = "BENCH_QUICK=1 make bench-load" if QUICK else "make bench-load"
    lines = [
        START,
        f"Run on {info['date']} at commit `{info['commit']}`{info['dirty']} — {info['machine']}; "
        f"{info['versions']}. Load average before {load_before}, after {load_after} (on 2 "
        "cores, a load above 2 before the run means other work shared the machine, and the "
        "absolute figures are then pessimistic).",
        "",
        f"Command: `{command}` — {SECONDS} s per step, every user started at once, 1-3 s of "
        "think time per user, locust (FastHttpUser) and gunicorn (config/gunicorn.py defaults) "
        f"on the same cores; stop rule: error rate > {MAX_ERROR_RATE:.0%} or overall p95 > "
        f"{P95_LIMIT_MS:.0f} ms. Percentiles are locust's (rounded to two significant digits "
        "above 100 ms).",
        "",
        f"Outcome: {verdict}",
        "",
        "| users | endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        name = f"**{r['endpoint']}**" if r["endpoint"] == "all" else r["endpoint"]
        lines.append(
            f"| {r['users']} | {name} | {r['requests']} | {r['req_s']:.1f} | {r['p50_ms']:.0f} "
            f"| {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['failures']} "
            f"({r['error_rate']:.1%}) |"
        )
    lines += ["", f"Per step and endpoint also in `{CSV_OUT.relative_to(ROOT)}`.", END]
    return "\n".join(lines)


def docs_write(section: str) -> None:
    path = harness.DOCS / "benchmarks.md"
    text = path.read_text()
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> int:
    from apps.orders.models import CartItem

    harness.OUTPUT.mkdir(exist_ok=True)
    load_before = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"[1/3] data ({PRODUCTS:,} products, {CUSTOMERS:,} customers)", flush=True)
    customer_ids, sale_ids, _timings = harness.data.prepare(
        products=PRODUCTS, customers=CUSTOMERS, orders=0
    )
    context_write(customer_ids[: max(USERS) * 2], sale_ids)
    info = harness.machine()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "bench", "apps", "config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    info["dirty"] = " with uncommitted changes in bench/, apps/ or config/" if dirty else ""
    harness.connection.close()

    print("[2/3] gunicorn + locust steps", flush=True)
    server, base = harness.gunicorn_start()
    rows: list[dict] = []
    verdict = f"no step broke the limits up to {USERS[-1]} users."
    try:
        step(base, USERS[0], seconds=10, name="warmup")  # every worker warm; not recorded
        for users in USERS:
            CartItem.objects.filter(cart__customer_id__in=customer_ids).delete()
            harness.connection.close()
            step_rows = step(base, users)
            rows += step_rows
            overall = next(r for r in step_rows if r["endpoint"] == "all")
            print(
                f"  {users} users: {overall['req_s']:.1f} req/s, p95 {overall['p95_ms']:.0f} ms, "
                f"errors {overall['error_rate']:.1%}",
                flush=True,
            )
            for failure in failures_seen(users):
                print(f"    {failure}", flush=True)
            if overall["error_rate"] > MAX_ERROR_RATE or overall["p95_ms"] > P95_LIMIT_MS:
                broke = (
                    "error rate over the limit"
                    if overall["error_rate"] > MAX_ERROR_RATE
                    else "p95 over the limit"
                )
                verdict = (
                    f"stopped at {users} users ({broke}: error rate "
                    f"{overall['error_rate']:.1%}, p95 {overall['p95_ms']:.0f} ms); the step "
                    "before it is the capacity of this machine under this mix."
                )
                failures = failures_seen(users)
                if failures:
                    verdict += " Failures: " + "; ".join(failures[:5]) + "."
                break
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("[3/3] results", flush=True)
    with CSV_OUT.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: f"{v:.4f}" if isinstance(v, float) else v for k, v in r.items()})
    load_after = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    section = markdown(rows, info, load_before, load_after, verdict)
    docs_write(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
