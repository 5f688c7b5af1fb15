"""Whole-page cache of the public calendar pages for visitors who are not logged in.

The pages have no CSRF token for anonymous visitors, so a cached copy is safe to share. Each key
carries a version that every change to events bumps; copies expire after a minute in any case,
since without Redis each worker has its own cache and an association's new name shows too.
"""

from portal.caching import DataVersion
from portal.caching import cached_for_anonymous as page_cache

PAGE_SECONDS = 60

VERSION = DataVersion("events:data-version")
data_changed = VERSION.bump
cached_for_anonymous = page_cache(VERSION, "events", PAGE_SECONDS)
