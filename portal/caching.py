"""Versions of cached data: a number in the cache that changes whenever the data change.

Cached pages and fragments carry the version in their keys, so one bump makes them all stale
without finding and deleting them. With REDIS_URL every worker sees the same number.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone


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
