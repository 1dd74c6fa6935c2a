"""Checks behind `/health/detailed/`: each returns None when healthy, or a short reason."""

import shutil
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.utils import DatabaseError


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        connections["default"].close_if_unusable_or_obsolete()
        return f"database unreachable ({type(exc).__name__})"
    return None


def check_cache() -> str | None:
    if not settings.REDIS_URL:
        return None  # local-memory cache in the embedded shop
    # The cache is configured to swallow Redis errors, so ask the client directly.
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
    except Exception as exc:
        return f"redis unreachable ({type(exc).__name__})"
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        return "cache read-back failed"
    cache.delete(key)
    return None


def check_broker() -> str | None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None  # tasks run in-process; there is no broker to reach
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"broker unreachable ({type(exc).__name__})"
    return None


def check_disk() -> str | None:
    path = settings.MEDIA_ROOT if settings.MEDIA_ROOT.exists() else settings.BASE_DIR
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    if free_mb < settings.HEALTH_MIN_FREE_DISK_MB:
        return f"low disk space ({free_mb} MB free)"
    return None


def check_workers() -> str | None:
    """Ask every Celery worker which queues it consumes (one broadcast, doubling as a ping):
    failing when none answers or a queue has no consumer, so SMS cannot pile up unseen."""
    from config.celery import app

    try:
        replies = app.control.inspect(timeout=settings.HEALTH_CELERY_TIMEOUT).active_queues()
    except Exception as exc:
        return f"broker unreachable ({type(exc).__name__})"
    if not replies:
        return "no Celery worker answered"
    consumed = {queue["name"] for queues in replies.values() for queue in queues or []}
    missing = [name for name in settings.CELERY_TASK_QUEUE_NAMES if name not in consumed]
    if missing:
        return f"no worker consumes queue {', '.join(missing)}"
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "disk": check_disk,
}


def run_checks() -> dict[str, str]:
    """Name -> "ok" or the reason it failed. "workers" is asked only when
    HEALTH_CHECK_CELERY_WORKERS is on (the full stack), never in the embedded shop."""
    checks = dict(CHECKS)
    if settings.HEALTH_CHECK_CELERY_WORKERS:
        checks["workers"] = check_workers
    return {name: (check() or "ok") for name, check in checks.items()}
