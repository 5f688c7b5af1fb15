"""Whole-page cache of the public news pages; every change to the news bumps the version."""

from portal.caching import DataVersion
from portal.caching import cached_for_anonymous as page_cache

PAGE_SECONDS = 60

VERSION = DataVersion("communication:news-version")
data_changed = VERSION.bump
cached_for_anonymous = page_cache(VERSION, "news", PAGE_SECONDS)
