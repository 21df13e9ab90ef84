from datetime import timedelta

import pytest
from django.core.cache import cache

from newsletter import sending


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Start every test with no rate-limit counts (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_retry_delay(monkeypatch):
    """Make failed deliveries due for their retry at once."""
    monkeypatch.setattr(sending, "RETRY_DELAYS", (timedelta(0), timedelta(0)))
