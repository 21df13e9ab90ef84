from datetime import timedelta

import pytest

from newsletter import sending


@pytest.fixture
def no_retry_delay(monkeypatch):
    """Make failed deliveries due for their retry at once."""
    monkeypatch.setattr(sending, "RETRY_DELAYS", (timedelta(0), timedelta(0)))
