"""A real crash: `manage.py send_issue` killed with SIGKILL in the middle of a send, three
times, and each time run again at once. Every reader gets the issue, at most one extra copy
a crash (the message that was in flight), and the issue ends "sent".

The command runs in a process of its own, with production settings, against this test
run's database (on SQLite a file: see tests/settings.py; on PostgreSQL the test database),
and sends to a real SMTP server: aiosmtpd in the test process, counting each recipient's
messages. The sender's heartbeat timeout is shortened, so a rerun takes over within
seconds rather than production's thirty.
"""

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import make_article, make_issue

# The command runs in another process, which sees only committed rows. The rows migrations
# made are put back afterwards, as the other tests with serialized rollback expect.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READERS = 2000
CRASHES = 3
# Each crash comes after the sink has received a random number of messages, at most this
# many after the run started: so each run is killed while sending, and some are left.
MOST_MESSAGES_BEFORE_A_CRASH = 500
SENDER_TIMEOUT_SECONDS = 2
RUN_SECONDS = 120
# The command's environment is built from scratch: none of these is inherited from the shell.
APP_VARIABLES = ("DJANGO_", "SMALLBIZ_", "EMAIL_", "DATABASE_URL", "REDIS_URL")


class CountingSink:
    """An aiosmtpd handler that accepts every message and counts them per recipient."""

    def __init__(self):
        self._lock = threading.Lock()
        self._copies = Counter()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._copies.update(envelope.rcpt_tos)
        return "250 Message accepted"

    def copies(self):
        with self._lock:
            return Counter(self._copies)

    def total(self):
        with self._lock:
            return self._copies.total()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sink():
    handler = CountingSink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def database_url():
    """Return a DATABASE_URL naming this test run's database, for another process."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, password = quote(database["USER"], safe=""), quote(database["PASSWORD"], safe="")
    host = quote(database["HOST"] or "localhost", safe="")
    port = database["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{quote(database['NAME'], safe='')}"


def command_environment(folder, smtp_port):
    """Return the command's environment: production settings, this database, the sink."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(APP_VARIABLES)
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="smallbiz.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        SMALLBIZ_VAR_DIR=str(folder / "var"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        SMALLBIZ_NEWSLETTER_SENDER_TIMEOUT=str(SENDER_TIMEOUT_SECONDS),
    )
    return environment


class Runs:
    """The runs of `manage.py send_issue ISSUE`, one at a time, each with its own logs."""

    def __init__(self, issue, folder, environment):
        self.issue = issue
        self.folder = folder
        self.environment = environment
        self.process = None
        self.count = 0

    def start(self):
        self.count += 1
        with self.log("stdout") as stdout, self.log("stderr") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "send_issue", str(self.issue.pk)],
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
            )

    def kill_after(self, sink, messages, context):
        """Kill the running command with SIGKILL once the sink has received `messages`."""
        deadline = time.monotonic() + RUN_SECONDS
        while sink.total() < messages:
            assert self.process.poll() is None, f"run {self.count} ended too soon {context}"
            assert time.monotonic() < deadline, f"gave up waiting for messages {context}"
            time.sleep(0.005)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def wait(self):
        """Wait for the running command to end by itself; return what it printed."""
        try:
            self.process.wait(timeout=RUN_SECONDS)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"run {self.count} did not finish in {RUN_SECONDS} s") from None
        assert self.process.returncode == 0, f"run {self.count} failed\n{self.output('stderr')}"
        return self.output("stdout")

    def stop(self):
        """End the running command and its process group, if it is still running."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log(self, stream):
        return open(self.folder / f"run-{self.count}.{stream}", "wb")

    def output(self, stream, run=None):
        return (self.folder / f"run-{run or self.count}.{stream}").read_text(errors="replace")


def make_readers(count):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"crash-reader{n}@example.com",
            first_name="Reader",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=now,
        )
        for n in range(count)
    )
    return set(Subscriber.objects.values_list("email", flat=True))


def test_three_kills_and_immediate_reruns_send_every_reader_the_issue(sink, tmp_path):
    readers = make_readers(READERS)
    issue = make_issue(subject="The crash-test e-zine", articles=[make_article()])
    seed = random.randrange(2**32)
    crash_points = random.Random(seed).sample(range(1, MOST_MESSAGES_BEFORE_A_CRASH), CRASHES)
    runs = Runs(issue, tmp_path, command_environment(tmp_path, sink.port))
    context = f"(random seed {seed}, crash points {crash_points}, logs in {tmp_path})"

    try:
        for crash_point in crash_points:
            received_before = sink.total()
            runs.start()
            runs.kill_after(sink, received_before + crash_point, context)
        runs.start()
        output = runs.wait()
    finally:
        runs.stop()

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT, context
    statuses = Counter(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    assert statuses == {Delivery.Status.SENT: READERS}, context
    copies = sink.copies()
    assert set(copies) == readers, f"some readers got nothing {context}"
    resent = set(
        Delivery.objects.filter(issue=issue, is_resend=True).values_list(
            "subscriber__email", flat=True
        )
    )
    assert len(resent) <= CRASHES, context
    twice = {reader for reader, count in copies.items() if count > 1}
    assert twice <= resent, f"a reader got two copies of a message not in flight {context}"
    assert max(copies.values()) <= 2, context
    assert copies.total() - READERS <= CRASHES, context
    if resent:
        assert f"{len(resent)} sent again after a crash" in output, f"{output} {context}"
    assert "Done." in output, f"{output} {context}"
