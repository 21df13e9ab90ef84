"""Fixtures for the two-server test: two app servers on one PostgreSQL and one Redis.

The servers need the PostgreSQL and Redis that `make test-postgres` starts (DATABASE_URL,
REDIS_URL). Without them the tests are skipped with one line saying so; CI sets
SMALLBIZ_REQUIRE_SERVERS=1, which makes that a failure.
"""

import functools
import http.server
import os
import secrets
import threading
from contextlib import ExitStack
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult

from tests.factories import make_editor
from tests.servers.hosts import Host, database_url, wait_until
from tests.servers.mailbox import Mailbox

EDITOR_PASSWORD = "a-password-for-the-two-servers"
TASK_SECONDS = 30
# The servers' environment is built from scratch: none of these is inherited from the shell.
APP_VARIABLES = (
    "DJANGO_",
    "SMALLBIZ_",
    "GUNICORN_",
    "EMAIL_",
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "DEFAULT_FROM_EMAIL",
)


def missing_services():
    """List what the two servers need that this test run lacks."""
    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("DATABASE_URL does not name a PostgreSQL database")
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL is not set")
    return missing


def pytest_runtest_setup(item):
    """Skip these tests without PostgreSQL and Redis; with SMALLBIZ_REQUIRE_SERVERS=1, fail them."""
    missing = missing_services()
    if not missing:
        return
    # The same message for every test, so that pytest -ra folds them into one line.
    message = (
        f"the two app servers need PostgreSQL and Redis ({'; '.join(missing)}): "
        "run make test-postgres"
    )
    if os.environ.get("SMALLBIZ_REQUIRE_SERVERS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def production_environment(folder, smtp_port):
    """Return the environment both app servers share: production settings, one of everything."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(APP_VARIABLES)
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="smallbiz.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # TLS is the load balancer's job; here the test talks to gunicorn directly.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ADMIN_PATH=settings.ADMIN_PATH,
        SMALLBIZ_TRUSTED_PROXIES="0",
        SMALLBIZ_SITE_URL="https://www.example.com",
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        # Shared by both servers, as an NFS mount would be.
        MEDIA_ROOT=str(folder / "shared" / "media"),
        SMALLBIZ_PRIVATE_MEDIA_ROOT=str(folder / "shared-private"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        # Each server is several processes itself, as in production.
        GUNICORN_WORKERS="2",
    )
    return environment


class MediaHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the shared media folder, as each host's nginx serves /media/ (quietly)."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def two_servers(django_db_setup, tmp_path_factory):
    """Start servers A and B, each with gunicorn and a task worker, and the mail sink.

    Both use the test database, the Redis of REDIS_URL and one shared media folder. A small
    file server stands in for the nginx of each host, which serves /media/ from that folder.
    Everything started is stopped when the module ends, whatever happened.
    """
    folder = tmp_path_factory.mktemp("two-servers")
    (folder / "shared" / "media").mkdir(parents=True)
    with ExitStack() as started:
        mailbox = Mailbox()
        environment = production_environment(folder, mailbox.start())
        started.callback(mailbox.stop)
        media = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(MediaHandler, directory=folder / "shared")
        )
        started.callback(media.server_close)
        threading.Thread(target=media.serve_forever, daemon=True).start()
        started.callback(media.shutdown)
        hosts = []
        for name in ("a", "b"):
            host = Host(name, folder / name, environment)
            started.callback(host.stop)
            host.manage("collectstatic", "--noinput")
            host.start_web()
            host.start_worker()
            hosts.append(host)
        for host in hosts:
            host.wait_until_healthy()
        yield SimpleNamespace(
            a=hosts[0],
            b=hosts[1],
            mailbox=mailbox,
            media_url=f"http://127.0.0.1:{media.server_address[1]}",
            media_root=folder / "shared" / "media",
        )


def has_unfinished_tasks():
    return DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists()


@pytest.fixture
def servers(two_servers):
    """The two running servers, with an empty mailbox; waits for their workers to finish."""
    two_servers.mailbox.clear()
    yield two_servers
    # A worker still recording a task when the test empties the database would crash.
    wait_until(lambda: not has_unfinished_tasks(), TASK_SECONDS, "the workers' tasks to finish")


@pytest.fixture(scope="module")
def editor_password_hash():
    # The servers run production's password hashers, not the tests' quick MD5 one.
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(EDITOR_PASSWORD, hasher.salt())


@pytest.fixture
def editor(editor_password_hash):
    """An editor who can sign in to the admin of either server with EDITOR_PASSWORD."""
    user = make_editor()
    user.password = editor_password_hash
    user.save(update_fields=["password"])
    return user
