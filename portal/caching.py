"""Versions of cached data: a number in the cache that changes whenever the data change.

Cached pages and fragments carry the version in their keys, so one bump makes them all stale
without finding and deleting them. With REDIS_URL every worker sees the same number.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction
from django.utils import timezone, translation


class _SharedClient(RedisCacheClient):
    """Django's Redis client builds a new redis.Redis object, with its table of reply
    handlers, for every read; one for reading and one for writing serve every thread as well.
    (With one server, REDIS_URL, both use its one connection pool.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[bool, Any] = {}

    def get_client(self, key=None, *, write=False):
        client = self._clients.get(write)
        if client is None:
            client = self._clients[write] = super().get_client(key, write=write)
        return client


class RedisCache(django_redis.RedisCache):
    """The shared cache with REDIS_URL (settings.CACHES): Django's, reusing its clients.

    A public page reads its data versions and fragments with several reads; building a client
    for each cost a tenth of a millisecond apiece.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient


class DataVersion:
    """The version of one set of data, e.g. everything the public register shows."""

    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            # Start from the clock, so that a restarted cache never reuses an old number.
            version = int(timezone.now().timestamp() * 1000)
            cache.add(self.key, version, timeout=None)
            version = cache.get(self.key, version)
        return version

    def bump(self) -> None:
        """Make what was cached stale now, and again on commit: a reader may re-cache between."""

        def bump():
            try:
                cache.incr(self.key)
            except ValueError:
                self.current()

        bump()
        transaction.on_commit(bump)


# Another app's part shown on a cached page (e.g. an association's coming events on its page):
# the page is stale when that app's data change too. Filled by the apps, see `shown_on`.
_PARTS_SHOWN_ON: dict[str, list[DataVersion]] = defaultdict(list)


def shown_on(prefix: str, version: DataVersion) -> None:
    """Declare, in an AppConfig.ready(), that the data behind `version` show on the pages
    cached under `prefix` (cached_for_anonymous)."""
    if version not in _PARTS_SHOWN_ON[prefix]:
        _PARTS_SHOWN_ON[prefix].append(version)


def current_versions(versions: list[DataVersion]) -> list[int]:
    """The versions' numbers, read from the cache in one go."""
    found = cache.get_many([version.key for version in versions])
    return [found.get(version.key) or version.current() for version in versions]


def cached_for_anonymous(
    version: DataVersion, prefix: str, seconds: int | Callable[[], int] = 60
) -> Callable:
    """Serve a GET page from the cache to visitors who are not logged in and have no messages.

    Only for pages with no CSRF token for anonymous visitors, so that a cached copy is safe to
    share. The key carries the data version (and those of other apps' parts on the page), the
    language and today's date; copies expire after `seconds` in any case, since without Redis
    each worker has its own cache and version. `seconds` may be a function, asked when a copy is
    stored, for a page that changes at a known moment.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or request.user.is_authenticated
                or len(messages.get_messages(request))
            ):
                return view(request, *args, **kwargs)
            digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            versions = "-".join(
                str(number)
                for number in current_versions([version, *_PARTS_SHOWN_ON.get(prefix, ())])
            )
            key = (
                f"{prefix}:page:{versions}:{translation.get_language()}:"
                f"{timezone.localdate().isoformat()}:{digest}"
            )
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if not response.streaming:
                    # One piece: a response written line by line (a feed) would otherwise
                    # go out in as many writes to the socket, from the cache too.
                    response.content = response.content
                if response.status_code == 200 and not len(messages.get_messages(request)):
                    cache.set(key, response, seconds() if callable(seconds) else seconds)
            return response

        return wrapper

    return decorator


# The info hub (portal.views.home): its own part is the liaison officer's role and the published
# pages; the apps declare their sections' data with `shown_on(HOME_PREFIX, …)`.
HOME_PREFIX = "portal-home"
HOME_VERSION = DataVersion("portal:home-version")
HOME_SECONDS = 60


def home_changed(**kwargs) -> None:
    HOME_VERSION.bump()
