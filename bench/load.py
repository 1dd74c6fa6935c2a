"""A small closed-loop load generator on loopback: `concurrency` asyncio tasks each send one
request after another for `seconds`, over keep-alive connections (httpx). Every latency is
kept, so percentiles are exact; a request that times out or is reset counts as status 599."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

# (method, path, json body or None, headers or None, untimed requests sent first)
Request = tuple[str, str, dict | None, dict | None, list]


@dataclass
class Scenario:
    """One endpoint under load. `make(i)` gives the i-th request; `naive` the same question
    asked of the naive baseline; `limit` the same answer by one SQL query (in process);
    `probe` and `profile` the requests counted and profiled in process when `make`'s cannot
    be sent twice (a Payme transaction is performed once)."""

    name: str
    make: Callable[[int], Request]
    naive: Callable[[int], Request] | None = None
    limit: Callable[[object], bytes] | None = None
    probe: Callable[[int], Request] | None = None
    profile: Callable[[int], Request] | None = None


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


async def _run(base: str, make: Callable[[int], Request], concurrency: int, seconds: float):
    result = Result()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        counter = iter(range(10**9))
        started = time.perf_counter()
        deadline = started + seconds

        async def user() -> None:
            while time.perf_counter() < deadline:
                method, path, body, headers, before = make(next(counter))
                for pre_method, pre_path, pre_body, pre_headers in before:
                    await client.request(pre_method, pre_path, json=pre_body, headers=pre_headers)
                sent = time.perf_counter()
                try:
                    response = await client.request(method, path, json=body, headers=headers)
                    status = response.status_code
                except httpx.HTTPError:  # a timeout or a reset (a worker killed by gunicorn)
                    status = 599
                result.latencies_ms.append((time.perf_counter() - sent) * 1000)
                result.statuses[status] += 1

        await asyncio.gather(*(user() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def run(base: str, make: Callable[[int], Request], *, concurrency: int, seconds: float) -> Result:
    return asyncio.run(_run(base, make, concurrency, seconds))
