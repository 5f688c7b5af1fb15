"""Whole-page cache of the public calendar pages for visitors who are not logged in.

The pages have no CSRF token for anonymous visitors, so a cached copy is safe to share. Each key
carries a version that every change to events bumps; copies expire after a minute in any case,
since without Redis each worker has its own cache and an association's new name shows too.
"""

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.utils import timezone, translation

from portal.caching import DataVersion

PAGE_SECONDS = 60

VERSION = DataVersion("events:data-version")
data_changed = VERSION.bump


def cached_for_anonymous(view):
    """Serve a GET page from the cache to visitors who are not logged in and have no messages."""

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
            f"events:page:{VERSION.current()}:{translation.get_language()}:"
            f"{timezone.localdate().isoformat()}:{digest}"
        )
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not len(messages.get_messages(request)):
                cache.set(key, response, PAGE_SECONDS)
        return response

    return wrapper
