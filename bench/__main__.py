"""`make bench`: serve the portal with gunicorn on production settings and load its pages.

Every scenario and a bare hello view are loaded in the same run, so the ratio to the bare view
says what our code costs on this machine. Two passes per page: throughput with 20 concurrent
connections, and latency (p50/p95) with one connection per worker.

Database: DATABASE_URL when set (use a database of its own: the bench adds 10,000 associations
and more), else the database "bench" in the embedded server. After preparing its data the bench
runs VACUUM ANALYZE, as autovacuum would after a bulk load, so that the planner knows the sizes.

Cache: as the README recommends for production, Redis shared by the workers, with a Celery
worker beside them: REDIS_URL when set, else redis://127.0.0.1:6379/15 when a server answers
there; BENCH_REDIS=0 uses each worker's own memory instead. BENCH_UNCACHED=1 replaces the cache
with one that never hits, so every page is measured as it is right after a data change.

Judgement: the bare view is loaded first and last; how much its throughput and p95 differ
between the two is the noise of this run. The run fails (exit 1) only when a page misses a
target by more than that noise, when requests fail, or when preparing missed a target of its
own (the council report's build time and memory).
"""

import importlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BENCH_APPS = [
    "organizations",
    "grants",
    "facilities",
    "seasons",
    "events",
    "wellbeing",
    "communication",
    "volunteering",
    # Last: the council's annual report gathers what the others made.
    "council",
]
PORT = int(os.environ.get("BENCH_PORT", "8799"))
WORKERS = 2
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
# The cache and broker when REDIS_URL is unset and a local server answers: a database of its own.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
# BENCH_ONLY=ranking,register loads only the scenarios whose name contains one of those texts.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON{\\"requests\\": %d, \\"seconds\\": %f, \\"errors\\": %d, "
    .. "\\"p50\\": %f, \\"p95\\": %f}\\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def production_env() -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # The open API's anonymous throttle would answer a load test with 429.
        "API_ANON_RATE": "1000000/minute",
    }
    if os.environ.get("BENCH_UNCACHED"):
        env["PORTAL_CACHE_DISABLED"] = "true"
    wants_redis = os.environ.get("BENCH_REDIS", "1") != "0"
    if not env.get("REDIS_URL") and wants_redis and redis_answers(BENCH_REDIS_URL):
        import redis

        # The bench's own database: emptied, so no page cached by an earlier run is served.
        redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
        env["REDIS_URL"] = BENCH_REDIS_URL
    if not env.get("DATABASE_URL"):
        from portal.database import embedded_database_config

        config = embedded_database_config(name="bench")
        env["DATABASE_URL"] = f"postgres://postgres@/bench?host={config['HOST']}"
    return env


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def vacuum_analyze() -> None:
    """What autovacuum does some time after a bulk load: visibility map and planner statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(env: dict[str, str]) -> tuple[list, list[str]]:
    """The scenarios to load, and the targets missed while preparing (e.g. the council
    report's build time and memory), as each app's prepare() reports them after "MISSED:"."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Production serves hashed, compressed static files collected beforehand.
    call_command("collectstatic", verbosity=0, interactive=False)
    scenarios, missed = [], []
    for app in BENCH_APPS:
        module_name = f"bench.{app}"
        if importlib.util.find_spec(module_name) is None:
            continue
        out = StringIO()
        started = time.monotonic()
        scenarios += importlib.import_module(module_name).prepare(stdout=out)
        print(f"prepared {app} in {time.monotonic() - started:.1f} s {out.getvalue().strip()}")
        missed += [f"{app}: {line.strip()}" for line in out.getvalue().split("MISSED:")[1:]]
    started = time.monotonic()
    vacuum_analyze()
    print(f"VACUUM ANALYZE in {time.monotonic() - started:.1f} s")
    return scenarios, missed


def session_cookie(email: str) -> str:
    """A signed-in session for the user, as a Cookie header value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from portal.models import User

    user = User.objects.get(email=email)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve(env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=PROJECT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/hello/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def celery_worker(env: dict[str, str]) -> subprocess.Popen | None:
    """With Redis, a Celery worker builds the downloads, as the `worker` service does."""
    if not env.get("REDIS_URL"):
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency", "1",
         "--loglevel", "WARNING"],
        cwd=PROJECT, env=env,
    )  # fmt: skip


def load_with_wrk(url: str, connections: int, headers: dict[str, str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    arguments = [part for name, value in headers.items() for part in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s",
         *arguments, "-s", script.name, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    found = re.search(r"JSON(\{.*\})", output)
    if found is None:
        raise SystemExit(f"wrk printed no summary for {url}:\n{output}")
    result = json.loads(found.group(1))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load_with_threads(url: str, connections: int, headers: dict[str, str]) -> dict:
    """A plain-Python load for machines without wrk; it costs the server some CPU itself."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + DURATION
    lock = threading.Lock()

    def run():
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
            except OSError:
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append((time.monotonic() - started) * 1000)

    threads = [threading.Thread(target=run) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies), "seconds": seconds, "errors": errors,
        "rps": len(latencies) / seconds, "p50": quantiles[49], "p95": quantiles[94],
    }  # fmt: skip


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(url: str, headers: dict[str, str]) -> None:
    """The page answers 200 itself: a redirect (to the log-in, say) would measure the wrong page."""
    request = urllib.request.Request(url, headers=headers)
    try:
        # The first request may build a download or fill the caches: give it time.
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}")


def spread(values: list[float]) -> float:
    """How far apart repeated measurements of one thing are, relative to their mean."""
    mean = statistics.fmean(values)
    return (max(values) - min(values)) / mean if mean else 0.0


def judge(rows: list, hello: list[tuple[dict, dict]], *, uncached: bool) -> tuple[list, list]:
    """Each page's ratio to the bare view, and the targets missed by more than the noise.

    `rows` are (scenario, throughput, latency); `hello` the bare view's passes of the same run.
    A ratio counts as missed when it is below target × (1 − throughput noise), a p95 when it is
    above target × (1 + p95 noise): a difference the bare view shows by itself is no finding.
    """
    hello_rps = statistics.fmean(throughput["rps"] for throughput, _latency in hello)
    rps_noise = spread([throughput["rps"] for throughput, _latency in hello])
    p95_noise = spread([latency["p95"] for _throughput, latency in hello])
    table, failed = [], []
    for scenario, throughput, latency in rows:
        ratio = throughput["rps"] / hello_rps
        errors = throughput["errors"] + latency["errors"]
        table.append((scenario, throughput, latency, ratio, errors))
        target = scenario.uncached_min_ratio if uncached else scenario.min_ratio
        if target is not None and ratio < target * (1 - rps_noise):
            failed.append(
                f"{scenario.name}: {ratio:.1%} of the bare view, target {target:.0%} "
                f"(noise {rps_noise:.0%})"
            )
        p95_target = scenario.max_p95_ms
        if p95_target is not None and latency["p95"] > p95_target * (1 + p95_noise):
            failed.append(
                f"{scenario.name}: p95 {latency['p95']:.0f} ms, target {p95_target:.0f} ms "
                f"(noise {p95_noise:.0%})"
            )
        if errors:
            failed.append(f"{scenario.name}: {errors} failed requests")
    return table, failed


def to_load(scenarios: list, only: list[str], *, uncached: bool) -> list:
    """The scenarios named by BENCH_ONLY; in an uncached run only those with a target there.

    A download without an uncached target would, with every read missing, queue a new build
    for each request, and the worker building them would slow every page measured after it.
    """
    return [
        scenario
        for scenario in scenarios
        if any(text in scenario.name for text in only)
        and not (uncached and scenario.uncached_min_ratio is None)
    ]


def measure(load, url: str, headers: dict[str, str]) -> tuple[dict, dict]:
    """Throughput with 20 connections, then latency with one connection per worker."""
    load(url, 2, headers)  # warm the caches and connections
    throughput = load(url, 20, headers)
    # wrk stops with up to 20 requests still queued at the server; let the workers finish
    # them, or the latency pass would wait behind them.
    time.sleep(20 * throughput["p50"] / 1000)
    latency = load(url, WORKERS, headers)
    return throughput, latency


def main() -> int:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env = production_env()
    from bench import Scenario

    # BENCH_ONLY=register,events: only the scenarios whose name contains one of the texts.
    only = os.environ.get("BENCH_ONLY", "").split(",")
    hello = Scenario("bare hello view", "/hello/", None, None, uncached_min_ratio=None)
    prepared, missed_in_preparing = prepare(env)
    uncached = bool(env.get("PORTAL_CACHE_DISABLED"))
    scenarios = to_load(prepared, only, uncached=uncached)
    load = load_with_wrk if shutil.which("wrk") else load_with_threads
    cache = "every read misses" if uncached else "hits allowed"
    store = "Redis shared by the workers" if env.get("REDIS_URL") else "each worker's own memory"
    generator = "wrk" if load is load_with_wrk else "Python threads"
    print(f"load generator: {generator}; {WORKERS} gunicorn sync workers; {DURATION} s per pass; "
          f"cache: {store}, {cache}")  # fmt: skip
    worker = celery_worker(env)
    server = serve(env)
    rows, hello_passes = [], []
    try:
        hello_url = f"http://127.0.0.1:{PORT}{hello.path}"
        hello_passes.append(measure(load, hello_url, {}))
        for scenario in scenarios:
            url = f"http://127.0.0.1:{PORT}{scenario.path}"
            headers = dict(scenario.headers)
            if scenario.user_email:
                headers["Cookie"] = session_cookie(scenario.user_email)
            check_page(url, headers)
            rows.append((scenario, *measure(load, url, headers)))
        hello_passes.append(measure(load, hello_url, {}))
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait()

    table, failed = judge(rows, hello_passes, uncached=uncached)
    failed += missed_in_preparing
    print(f"\n{'page':44} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for number, (throughput, latency) in enumerate(hello_passes, start=1):
        name = f"bare hello view (pass {number})"
        print(f"{name:44} {throughput['rps']:8.0f} {'':>7} "
              f"{latency['p50']:8.1f} {latency['p95']:8.1f} {throughput['errors']:7d}")  # fmt: skip
    for scenario, throughput, latency, ratio, errors in table:
        print(f"{scenario.name[:44]:44} {throughput['rps']:8.0f} {ratio:7.1%} "
              f"{latency['p50']:8.1f} {latency['p95']:8.1f} {errors:7d}")  # fmt: skip
    rps_noise = spread([throughput["rps"] for throughput, _latency in hello_passes])
    p95_noise = spread([latency["p95"] for _throughput, latency in hello_passes])
    print(f"\nthroughput: 20 connections; latency: one connection per worker; noise on the bare "
          f"view: throughput {rps_noise:.0%}, p95 {p95_noise:.0%}")  # fmt: skip
    for line in failed:
        print(f"MISSED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
