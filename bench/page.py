"""One page's cost in process: `python -m bench.page PATH [REQUESTS]`.

Serves PATH through Django's test client on the bench's production settings with every cache
read missing (as `BENCH_UNCACHED=1`), against DATABASE_URL (the bench's database, prepared by
`make bench`), and prints the page's queries with their database time, then the wall-clock
and CPU time per request: the mean, and the fastest of ten batches, which what else the
machine was doing slowed least. On a busy machine this is steadier than the load test: to
compare two versions, run each in turn against the same database (docs/performance.md).

EMAIL=… loads the page signed in as that user; PROFILE=1 prints where the time goes.
"""

import cProfile
import os
import pstats
import sys
import time

from bench.__main__ import production_env

WARM_UP = 20
BATCHES = 10


def main(argv: list[str]) -> int:
    if not argv or not argv[0].startswith("/"):
        print(__doc__)
        return 2
    path, requests = argv[0], int(argv[1]) if len(argv) > 1 else 200
    os.environ.update(
        {
            **production_env(),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "PORTAL_CACHE_DISABLED": "true",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if os.environ.get("EMAIL"):
        client.force_login(get_user_model().objects.get(email=os.environ["EMAIL"]))
    for _ in range(WARM_UP):
        response = client.get(path)
    if response.status_code != 200:
        print(f"{path} answered {response.status_code}")
        return 1
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    # Read now: every request that starts empties the connection's log.
    queries = list(captured.captured_queries)
    for query in queries:
        print(f"{float(query['time']) * 1000:6.1f} ms  {(query['sql'] or '')[:160]}")
    per_batch = max(requests // BATCHES, 1)
    batches = []
    for _ in range(BATCHES):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(per_batch):
            client.get(path)
        batches.append((time.perf_counter() - started, time.process_time() - cpu))
    wall = sum(w for w, _cpu in batches) / (per_batch * BATCHES) * 1000
    cpu = sum(c for _wall, c in batches) / (per_batch * BATCHES) * 1000
    best_wall, best_cpu = (value / per_batch * 1000 for value in min(batches))
    print(f"{len(queries)} queries, {len(response.content):,} bytes")
    print(f"wall {wall:.2f} ms per request, of which Python {cpu:.2f} ms")
    print(f"fastest batch: wall {best_wall:.2f} ms, Python {best_cpu:.2f} ms")
    if os.environ.get("PROFILE"):
        profile = cProfile.Profile()
        profile.runcall(lambda: [client.get(path) for _ in range(requests)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
