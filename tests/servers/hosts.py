"""App servers for the tests: gunicorn and a task worker per host, run as production runs them.

Each process starts in a session of its own, so stopping a host ends its whole process group
(gunicorn's master and its workers alike), whatever state the test left it in.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

from django.conf import settings

START_SECONDS = 60
STOP_SECONDS = 15


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds, what):
    """Call `condition` until it returns something true, and return that; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.1)


def database_url():
    """Return a DATABASE_URL naming the database this test run uses (the test database)."""
    database = settings.DATABASES["default"]
    user, password = quote(database["USER"], safe=""), quote(database["PASSWORD"], safe="")
    host = quote(database["HOST"] or "localhost", safe="")
    port = database["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{quote(database['NAME'], safe='')}"


class Host:
    """One app server: its own folder (SMALLBIZ_VAR_DIR, static files) and its processes."""

    def __init__(self, name, folder, environment):
        self.name = name
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_path = settings.ADMIN_PATH
        self.environment = {
            **environment,
            "SMALLBIZ_VAR_DIR": str(folder / "var"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        self.processes = []
        folder.mkdir()

    def __str__(self):
        return f"server {self.name}"

    def manage(self, *args):
        """Run a management command on this host and wait for it."""
        with self.log(args[0]) as log:
            completed = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=START_SECONDS,
            )
        assert completed.returncode == 0, f"{self}: manage.py {args[0]} failed\n{self.logs()}"

    def start(self, name, *command):
        """Start a long-running process of this host in its own process group."""
        with self.log(name) as log:
            process = subprocess.Popen(
                [sys.executable, *command],
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)

    def start_web(self):
        self.start("gunicorn", "-m", "gunicorn", "-c", "gunicorn.conf.py", "smallbiz.wsgi")

    def start_worker(self):
        # The worker's id names the host in each task it runs (DBTaskResult.worker_ids).
        self.start("db_worker", "manage.py", "db_worker", "--worker-id", f"host-{self.name}")

    def wait_until_healthy(self):
        try:
            wait_until(self.is_healthy, START_SECONDS, f"{self} to answer /healthz")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.logs()}") from None

    def is_healthy(self):
        for process in self.processes:
            assert process.poll() is None, f"{self}: {process.args} stopped"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self):
        """End every process of this host: politely first, then for certain."""
        # A process group is signalled only while its leader is not yet reaped, so its id
        # cannot have passed to another process.
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes:
            try:
                process.wait(timeout=max(0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log(self, name):
        return open(self.folder / f"{name}.log", "ab")

    def logs(self):
        """Return the end of each of this host's logs, for a failure message."""
        return "\n".join(
            f"--- {path.name}:\n" + path.read_text(errors="replace")[-3000:]
            for path in sorted(self.folder.glob("*.log"))
        )
