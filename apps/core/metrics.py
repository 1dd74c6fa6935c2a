"""Prometheus metrics: what every app may count, and how /metrics renders them.

The domain counters are defined here, in the lowest app, so later apps only import and increment
them in their services (after the change is committed):

    from apps.core.metrics import payments_total
    transaction.on_commit(lambda: payments_total.labels(provider="payme", outcome="paid").inc())

With PROMETHEUS_MULTIPROC_DIR set (gunicorn workers and Celery processes on one machine), every
process writes its samples to that directory and a scrape adds them up, so a counter incremented
in a Celery worker shows on the web node's /metrics. Values read at scrape time (queue depth)
come from collectors that ask the source when scraped instead.
"""

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import redis
from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

NAMESPACE = "dorixona"

# --- HTTP (recorded by apps.core.middleware.RequestMetricsMiddleware) ---------------------------
http_request_duration_seconds = Histogram(
    "http_request_duration_seconds",
    "Time spent answering a request, by URL route (the pattern, never the raw path).",
    ["method", "route"],
    namespace=NAMESPACE,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
http_requests_total = Counter(
    "http_requests",
    "Requests answered, by URL route and status code.",
    ["method", "route", "status"],
    namespace=NAMESPACE,
)

# --- Domain counters (incremented by the apps that own the events) -------------------------------
orders_created_total = Counter(
    "orders_created", "Orders placed (checkout committed).", namespace=NAMESPACE
)
payments_total = Counter(
    "payments",
    "Payment attempts by provider (payme, click, cash) and outcome (paid, cancelled, failed, "
    "refunded).",
    ["provider", "outcome"],
    namespace=NAMESPACE,
)
sms_sent_total = Counter(
    "sms_sent",
    "SMS handed to the gateway, by result (sent, retry, failed).",
    ["status"],
    namespace=NAMESPACE,
)

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# kombu's Redis transport keeps a queue with priorities as one list per priority step.
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


class QueueDepthCollector(Collector):
    """`dorixona_celery_queue_length{queue}`: messages waiting in each Celery queue, read from the
    Redis broker when scraped, plus `dorixona_broker_up` (0 when Redis did not answer)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        broker_url = settings.CELERY_BROKER_URL
        if not broker_url.startswith(("redis://", "rediss://")):
            return
        up = GaugeMetricFamily(f"{NAMESPACE}_broker_up", "1 when the Celery broker answered.")
        depth = GaugeMetricFamily(
            f"{NAMESPACE}_celery_queue_length",
            "Messages waiting in a Celery queue (not yet taken by a worker).",
            labels=["queue"],
        )
        client = redis.Redis.from_url(broker_url, socket_timeout=1, socket_connect_timeout=1)
        try:
            pipe = client.pipeline(transaction=False)
            for queue in settings.CELERY_TASK_QUEUE_NAMES:
                pipe.llen(queue)
                for step in _PRIORITY_STEPS:
                    pipe.llen(f"{queue}{_PRIORITY_SEPARATOR}{step}")
            lengths = pipe.execute()
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        finally:
            client.close()
        up.add_metric([], 1)
        per_queue = len(_PRIORITY_STEPS) + 1
        for index, queue in enumerate(settings.CELERY_TASK_QUEUE_NAMES):
            depth.add_metric([queue], sum(lengths[index * per_queue : (index + 1) * per_queue]))
        yield up
        yield depth


_queue_depth = QueueDepthCollector()
REGISTRY.register(_queue_depth)


class MultiProcessDirsCollector(Collector):
    """Adds up the samples every process wrote into the multiprocess directories. One directory
    per pid namespace (containers each count pids from 1), all read by the scraped node."""

    def __init__(self, directories: list[str]):
        self.directories = directories

    def collect(self):
        files = [str(f) for d in self.directories for f in sorted(Path(d).glob("*.db"))]
        return multiprocess.MultiProcessCollector.merge(files, accumulate=True)


def scrape_registry() -> CollectorRegistry:
    """The registry one scrape renders: every process's samples in multiprocess mode, this
    process's otherwise; scrape-time collectors in both."""
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    directories = settings.METRICS_MULTIPROC_DIRS or [settings.PROMETHEUS_MULTIPROC_DIR]
    registry.register(MultiProcessDirsCollector(directories))
    registry.register(_queue_depth)
    return registry


def is_allowed_network(address: str) -> bool:
    """Whether a client address lies in METRICS_ALLOWED_NETWORKS."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_NETWORKS
    )
