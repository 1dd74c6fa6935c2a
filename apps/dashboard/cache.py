"""Dashboard reads cached in Redis under a generation key. Refreshing the roll-ups starts a
new generation, so every cached dashboard computed from older roll-ups is skipped at once.

The cache only ever makes reads faster: when Redis is down or slow every call here gives up
quietly and the dashboard is computed from the database, never a 500."""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "dashboard:generation"
_CACHE_ERRORS = (ConnectionInterrupted, RedisError, OSError)


def _generation() -> str | None:
    try:
        return cache.get_or_set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except _CACHE_ERRORS:
        logger.warning("dashboard cache unavailable; reading from the database")
        return None


def dashboard_cached(*, key: str, timeout: int, compute: Callable[[], Any]) -> Any:
    """`compute()` cached for `timeout` seconds within the current generation."""
    generation = _generation() if timeout > 0 else None
    if generation is None:
        return compute()
    full_key = f"dashboard:{generation}:{key}"
    try:
        value = cache.get(full_key)
    except _CACHE_ERRORS:
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(full_key, value, timeout)
        except _CACHE_ERRORS:
            logger.warning("dashboard cache unavailable; result not stored")
    return value


def dashboard_cache_invalidate() -> None:
    """Start a new generation: dashboards computed before are not served again."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except _CACHE_ERRORS:
        logger.warning("dashboard cache unavailable; generation not advanced")
