import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep every test's uploads, public and private, in its own temporary folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
