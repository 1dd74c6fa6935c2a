"""Real concurrency for race tests: callables run in threads, each with its own database
connection, released together by a barrier."""

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def at_once(calls: Sequence[Callable]) -> list:
    """Run the callables in threads released together; their results in order (an exception in
    a thread is raised here)."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
