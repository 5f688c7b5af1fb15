"""Many requests at once against a server on this machine, counting its database connections.

    python -m bench.connections http://127.0.0.1:8000/oma/ 200 --cookie sessionid=... \
        --database-url postgres://postgres@/portal?host=...

tests/portal/test_database_connections.py runs it against a live server, in a process of its
own so that the 200 client threads do not compete with the server's for the interpreter. A
server whose connections are not bounded opens one per request thread until PostgreSQL
answers "too many clients"; with the pool, requests wait for a free connection instead.
"""

import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import psycopg


def fire(url: str, requests: int, cookie: str = "", timeout: float = 25.0) -> Counter:
    """Send `requests` GETs to url all at once; count the answers by status (0: no answer)."""
    if urlsplit(url).hostname not in {"127.0.0.1", "localhost"}:
        raise ValueError("Load only a server on this machine.")
    start = threading.Barrier(requests)

    def one(_: int) -> int:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        start.wait()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    with ThreadPoolExecutor(max_workers=requests) as executor:
        return Counter(executor.map(one, range(requests)))


# The client sessions on a database but the asking one: an autovacuum worker is none of ours.
CLIENT_SESSIONS_SQL = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
    " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)


class ConnectionWatch:
    """Samples how many connections other sessions hold to one database, keeping the peak."""

    def __init__(self, conninfo: str, database: str, every: float = 0.02):
        self.peak = 0
        self._stop = threading.Event()
        self._connection = psycopg.connect(conninfo, autocommit=True)
        self._thread = threading.Thread(target=self._watch, args=(database, every), daemon=True)

    def _watch(self, database: str, every: float) -> None:
        query = CLIENT_SESSIONS_SQL
        while not self._stop.is_set():
            (count,) = self._connection.execute(query, [database]).fetchone() or (0,)
            self.peak = max(self.peak, count)
            time.sleep(every)

    def __enter__(self) -> "ConnectionWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self._connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("requests", type=int, nargs="?", default=200)
    parser.add_argument("--cookie", default="", help="e.g. sessionid=...: load as a signed-in user")
    parser.add_argument("--database-url", help="count this database's connections meanwhile")
    args = parser.parse_args()
    if args.database_url:
        database = urlsplit(args.database_url).path.lstrip("/")
        with ConnectionWatch(args.database_url, database) as watch:
            answers = fire(args.url, args.requests, cookie=args.cookie)
        print(f"peak connections to {database}: {watch.peak}", file=sys.stderr)
    else:
        answers = fire(args.url, args.requests, cookie=args.cookie)
    # The answers by status, as JSON, for tests/portal/test_database_connections.py.
    print(json.dumps(answers))
    return 0 if set(answers) == {200} else 1


if __name__ == "__main__":
    raise SystemExit(main())
