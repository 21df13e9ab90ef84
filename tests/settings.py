"""Settings for the test suite: production settings with test-only speed-ups."""

import os
import tempfile

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-not-secret-but-long-enough-for-production-settings"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from smallbiz.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# On SQLite the test database is a file, not memory, so that a process a test starts can
# open it too (tests/newsletter/test_sending_crash.py kills and reruns `send_issue`).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="smallbiz-test-db-"), "test.sqlite3")
    }
# With REDIS_URL (make test-postgres starts a throw-away server), the suite runs on the shared
# cache that several app servers use in production; otherwise on local memory.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "insights": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "insights",
        },
    }
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="smallbiz-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="smallbiz-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Page caching is switched on by the tests that check it (tests/test_cache.py).
PAGE_CACHE_SECONDS = 0
# The test client speaks plain HTTP; tests/test_security.py checks the redirect itself.
SECURE_SSL_REDIRECT = False
# The browser tests wait for the live server to finish answering before emptying the database.
MIDDLEWARE = ["tests.e2e.in_flight.RequestsInFlightMiddleware", *MIDDLEWARE]  # noqa: F405
