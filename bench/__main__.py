"""`make bench`: serve the portal with gunicorn on production settings and load its pages.

Every scenario and a bare hello view are loaded in the same run, so the ratio to the bare view
says what our code costs on this machine. Two passes per page: throughput with 20 concurrent
connections, and latency (p50/p95) with one connection per worker.

Database: DATABASE_URL when set (use a database of its own: the bench adds 10,000 associations
and more), else the database "bench" in the embedded server. REDIS_URL, when set, gives the
portal its shared cache as in production. BENCH_UNCACHED=1 replaces the cache with one that
never hits, so every page is measured as it is right after a data change.
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
    "events",
    "wellbeing",
    "communication",
    "volunteering",
]
PORT = int(os.environ.get("BENCH_PORT", "8799"))
WORKERS = 2
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
# BENCH_ONLY=ranking loads only the scenarios whose name contains that text (and the bare view).
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
    if not env.get("DATABASE_URL"):
        from portal.database import embedded_database_config

        config = embedded_database_config(name="bench")
        env["DATABASE_URL"] = f"postgres://postgres@/bench?host={config['HOST']}"
    return env


def prepare(env: dict[str, str]) -> list:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Production serves hashed, compressed static files collected beforehand.
    call_command("collectstatic", verbosity=0, interactive=False)
    scenarios = []
    for app in BENCH_APPS:
        module_name = f"bench.{app}"
        if importlib.util.find_spec(module_name) is None:
            continue
        out = StringIO()
        started = time.monotonic()
        scenarios += importlib.import_module(module_name).prepare(stdout=out)
        print(f"prepared {app} in {time.monotonic() - started:.1f} s {out.getvalue().strip()}")
    return scenarios


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


def load_with_wrk(url: str, connections: int, cookie: str = "") -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s",
         *headers, "-s", script.name, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    result = json.loads(re.search(r"JSON(\{.*\})", output).group(1))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load_with_threads(url: str, connections: int, cookie: str = "") -> dict:
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
                request = urllib.request.Request(url, headers={"Cookie": cookie})
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


def check_page(url: str, cookie: str = "") -> None:
    """The page answers 200 itself: a redirect (to the log-in, say) would measure the wrong page."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}")


def main() -> int:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env = production_env()
    from bench import Scenario

    only = os.environ.get("BENCH_ONLY", "")
    scenarios = [
        Scenario("bare hello view", "/hello/", None, None, uncached_min_ratio=None),
        *(scenario for scenario in prepare(env) if only in scenario.name),
    ]
    load = load_with_wrk if shutil.which("wrk") else load_with_threads
    print(f"load generator: {'wrk' if load is load_with_wrk else 'Python threads'}; "
          f"{WORKERS} gunicorn sync workers; {DURATION} s per pass")  # fmt: skip
    server = serve(env)
    rows = []
    try:
        for scenario in scenarios:
            url = f"http://127.0.0.1:{PORT}{scenario.path}"
            cookie = session_cookie(scenario.user_email) if scenario.user_email else ""
            check_page(url, cookie)
            load(url, 2, cookie)  # warm the caches and connections
            throughput = load(url, 20, cookie)
            # wrk stops with up to 20 requests still queued at the server; let the workers
            # finish them, or the latency pass would wait behind them.
            time.sleep(20 * throughput["p50"] / 1000)
            latency = load(url, WORKERS, cookie)
            rows.append((scenario, throughput, latency))
    finally:
        server.terminate()
        server.wait()

    hello_rps = rows[0][1]["rps"]
    uncached = bool(env.get("PORTAL_CACHE_DISABLED"))
    print(f"cache: {'every read misses' if uncached else 'as configured'}")
    failed = []
    print(f"\n{'page':44} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for scenario, throughput, latency in rows:
        ratio = throughput["rps"] / hello_rps
        errors = throughput["errors"] + latency["errors"]
        print(f"{scenario.name[:44]:44} {throughput['rps']:8.0f} {ratio:7.1%} "
              f"{latency['p50']:8.1f} {latency['p95']:8.1f} {errors:7d}")  # fmt: skip
        target = scenario.uncached_min_ratio if uncached else scenario.min_ratio
        if target is not None and ratio < target:
            failed.append(f"{scenario.name}: {ratio:.1%} of the bare view, target {target:.0%}")
        if scenario.max_p95_ms is not None and latency["p95"] > scenario.max_p95_ms:
            failed.append(
                f"{scenario.name}: p95 {latency['p95']:.0f} ms, target {scenario.max_p95_ms:.0f} ms"
            )
        if errors:
            failed.append(f"{scenario.name}: {errors} failed requests")
    print("\nthroughput: 20 connections; latency: one connection per worker")
    for line in failed:
        print(f"MISSED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
