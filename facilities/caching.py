"""Whole-page cache of the public premises pages for visitors who are not logged in.

The pages have no CSRF token for anonymous visitors, so a cached copy is safe to share. Each key
carries a version that every change to bookings, blocks, rules, hours or spaces bumps, and the
copies expire after a minute in any case: without Redis each worker has its own cache and
would not see another worker's bump.
"""

from portal.caching import DataVersion
from portal.caching import cached_for_anonymous as page_cache

VERSION_KEY = "facilities:data-version"
PAGE_SECONDS = 60


VERSION = DataVersion(VERSION_KEY)
data_version = VERSION.current
data_changed = VERSION.bump
cached_for_anonymous = page_cache(VERSION, "facilities", PAGE_SECONDS)
