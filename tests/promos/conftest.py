import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Start every test with no rate-limit counts or cached pages (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()
