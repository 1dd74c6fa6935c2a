"""Serialisation of requests that count rows before inserting one (code budgets, login lockout).

Counting and inserting are two statements, so two concurrent requests could both see "4 of 5"
and both go ahead. Each such decision takes a transaction-level advisory lock on its key first
(keys in sorted order, so two requests never wait on each other in a cycle). SQLite, used only by
the single-process embedded shop, has one writer at a time and needs nothing here.
"""

import hashlib

from django.db import connection


def _lock_id(key: str) -> int:
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_keys(*keys: str) -> None:
    """Hold a lock per key until the current transaction ends. Call inside `atomic`."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_id(key)])
