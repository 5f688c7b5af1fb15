"""The portal keeps its database connections bounded however many requests come at once."""

import json
import subprocess
import sys
import time
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from bench.connections import CLIENT_SESSIONS_SQL, ConnectionWatch

pytestmark = pytest.mark.load

REQUESTS = 200


class RoomyServer(ThreadedWSGIServer):
    # The development server queues 10 unaccepted connections; of 200 arriving at once on a
    # busy machine the rest would wait on TCP retries, which says nothing about the database.
    request_queue_size = 256


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def server_url(transactional_db):
    """A live server (a thread per request, as `make run`'s) of this test's own."""
    thread = RoomyServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def conninfo(settings_dict: dict) -> str:
    parts = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict["USER"],
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "password": settings_dict.get("PASSWORD"),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def test_200_signed_in_requests_at_once_all_succeed_within_the_pools_connections(
    server_url, client_for, plain_user
):
    client = client_for(plain_user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # The bare view, signed in: each request still reads the session and the user, so it needs
    # a connection, and the server's work is mostly that.
    url = f"{server_url}/hello/"
    bound = settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]
    # The first request compiles the templates; the load measures the warm server.
    warm = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (http on 127.0.0.1)
    urllib.request.urlopen(warm, timeout=30)  # noqa: S310
    # Sessions another test left open (another alias's, a stopped worker's still closing) are
    # not the pool's: only what the pool holds counts against its bound.
    connections.close_all()
    with psycopg.connect(conninfo(connection.settings_dict), autocommit=True) as probe:
        (open_before,) = probe.execute(
            CLIENT_SESSIONS_SQL, [connection.settings_dict["NAME"]]
        ).fetchone()
    left_open = max(open_before - connection.pool.get_stats().get("pool_size", 0), 0)
    started = time.monotonic()

    with ConnectionWatch(
        conninfo(connection.settings_dict), connection.settings_dict["NAME"]
    ) as watch:
        # The load comes from a process of its own, as it would from browsers.
        load = subprocess.run(
            [sys.executable, "-m", "bench.connections", url, str(REQUESTS), "--cookie", cookie],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    answers = {int(status): count for status, count in json.loads(load.stdout).items()}
    assert answers == {200: REQUESTS}
    assert 0 < watch.peak <= bound + left_open
    assert time.monotonic() - started < 30
