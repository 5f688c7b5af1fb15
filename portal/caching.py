"""Versions of cached data: a number in the cache that changes whenever the data change.

Cached pages and fragments carry the version in their keys, so one bump makes them all stale
without finding and deleting them. With REDIS_URL every worker sees the same number.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation


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


def cached_for_anonymous(version: DataVersion, prefix: str, seconds: int = 60) -> Callable:
    """Serve a GET page from the cache to visitors who are not logged in and have no messages.

    Only for pages with no CSRF token for anonymous visitors, so that a cached copy is safe to
    share. The key carries the data version, the language and today's date; copies expire after
    `seconds` in any case, since without Redis each worker has its own cache and version.
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
            key = (
                f"{prefix}:page:{version.current()}:{translation.get_language()}:"
                f"{timezone.localdate().isoformat()}:{digest}"
            )
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not len(messages.get_messages(request)):
                    cache.set(key, response, seconds)
            return response

        return wrapper

    return decorator
