import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached register fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_urls():
    """Addresses are reversed under /en/, so that assertions on messages do not depend on
    the Finnish translations filled in later."""
    with translation.override("en"):
        yield
