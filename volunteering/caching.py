"""Whole-page cache of the public task and offer pages for visitors who are not logged in.

Every change to a task or an offer bumps the version; the key also carries
today's date, so an expired task leaves the cached list at midnight.
"""

from portal.caching import DataVersion
from portal.caching import cached_for_anonymous as page_cache

PAGE_SECONDS = 60

VERSION = DataVersion("volunteering:data-version")
data_changed = VERSION.bump
cached_for_anonymous = page_cache(VERSION, "volunteering", PAGE_SECONDS)
