"""Load benchmarks (`make bench`).

Each app that has pages worth measuring has a module here, `bench/<app>.py`, with

    def prepare(*, stdout) -> list[Scenario]

which makes the data it needs (idempotently, through services or bulk inserts) and returns the
pages to load. The runner in __main__.py serves the portal with gunicorn on production settings
and loads every scenario and a bare hello view in the same run.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    # Targets: throughput as a share of the bare view's, and the 95th percentile latency.
    min_ratio: float | None = 0.15
    max_p95_ms: float | None = 100.0
    # The throughput target when every cache read misses (`BENCH_UNCACHED=1`).
    uncached_min_ratio: float | None = 0.08
    # A back-office page is loaded as this user (signed in, with a second factor set up).
    user_email: str | None = None
    # Request headers beyond the cookie, as a browser sends them (e.g. Accept-Encoding).
    headers: tuple[tuple[str, str], ...] = ()
