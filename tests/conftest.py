import os
import shutil

import pytest
from django.core.cache import cache
from PIL import Image

from articles import demo
from tests.factories import make_editor


def pytest_configure(config):
    # CI runs the PostgreSQL suite on a real Redis (.ci/redis.sh): never quietly without it.
    if os.environ.get("SMALLBIZ_REQUIRE_REDIS") == "1" and not os.environ.get("REDIS_URL"):
        raise pytest.UsageError("SMALLBIZ_REQUIRE_REDIS=1 but REDIS_URL is not set")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep every test's uploads, public and private, in its own temporary folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Start every test with no rate-limit counts or cached pages (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def task_queue(settings):
    """Keep enqueued tasks instead of running them (Django's dummy task backend); list them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    return default_task_backend.results


@pytest.fixture
def editor_client(client):
    """Return the test client, logged in as a member of the Editors group."""
    client.force_login(make_editor())
    return client


@pytest.fixture
def small_demo_pictures(tmp_path, monkeypatch):
    """Point the demo loader at a copy of articles/demo/ whose pictures are a few pixels wide."""
    folder = tmp_path / "demo"
    shutil.copytree(demo.FOLDER, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for picture in folder.glob("articles/*.webp"):
        Image.new("RGB", (16, 9), "teal").save(picture, "WEBP")
    monkeypatch.setattr(demo, "FOLDER", folder)
    return folder
