"""Cache for public catalog reads. Every cached entry's key carries the current catalog
version; a product or stock change replaces the version after commit, so all entries go stale
at once and are simply never read again (they expire on their own timeout).

The cache is an accelerator only: with Redis down, reads are misses (django-redis ignores the
errors) and the catalog is served from the database."""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY) or version
    return version


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def catalog_cache_invalidate() -> None:
    """Make every cached catalog read stale once the current transaction commits."""
    transaction.on_commit(_bump)


def catalog_cached(*, scope: str, params: str, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result cached under (catalog version, scope, params)."""
    if not settings.CATALOG_CACHE_SECONDS:
        return compute()
    digest = hashlib.sha256(params.encode()).hexdigest()[:32]
    key = f"catalog:{_version()}:{scope}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.CATALOG_CACHE_SECONDS)
    return value
