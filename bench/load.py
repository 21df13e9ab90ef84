#!/usr/bin/env python3
# ruff: noqa: T201 - a command-line tool: printing is its output
"""Load check: concurrent subscribes mixed with page views against gunicorn.

    bench/load.py [--subscribes 200] [--views 200] [--concurrency 200]

Builds a throw-away site (demo content, production settings) in a temporary folder, starts
gunicorn with 2 workers on 127.0.0.1, and fires the subscribes and page views all at once
from a thread pool. Among the subscribes, every address is sent twice, the second time in
other letter case, so that the database's case-insensitive unique constraint is raced.
Each request comes "through a proxy" with its own X-Forwarded-For address, so the
per-client rate limit stays out of the way. Afterwards it checks: no 5xx answer, and every
distinct address stored exactly once. Exit status 1 if a check fails.

It uses SQLite unless DATABASE_URL is set; for PostgreSQL run it under .ci/postgres.sh:

    .ci/postgres.sh .venv/bin/python bench/load.py
"""

import argparse
import collections
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("BENCH_PYTHON") or (
    str(REPO / ".venv" / "bin" / "python")
    if (REPO / ".venv" / "bin" / "python").exists()
    else sys.executable
)
PAGES = ["/", "/managing/", "/planning/one-page-business-plan/", "/site-index/"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(folder, port):
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        SMALLBIZ_VAR_DIR=str(folder / "var"),
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        SMALLBIZ_TRUSTED_PROXIES="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def request(base, number, path, form=None):
    """Send one GET (or a POST of `form`) from client address number; return the status."""
    data = urllib.parse.urlencode(form).encode() if form else None
    headers = {
        "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    }
    req = urllib.request.Request(f"{base}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return f"connection error: {error}"


def jobs(subscribes, views):
    """Yield (path, form) pairs: each address twice in different case, mixed with views."""
    addresses = [f"Reader{n}@Example.com" for n in range(subscribes // 2)]
    posts = [addr for address in addresses for addr in (address, address.lower())]
    gets = [PAGES[n % len(PAGES)] for n in range(views)]
    for n in range(max(len(posts), len(gets))):
        if n < len(posts):
            yield "/newsletter/", {"email": posts[n], "first_name": "Pat", "source": "/"}
        if n < len(gets):
            yield gets[n], None


def stored_addresses(env):
    script = (
        "from newsletter.models import Subscriber;"
        "print('\\n'.join(Subscriber.objects.filter(email__istartswith='reader')"
        ".values_list('email', flat=True)))"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "--verbosity", "0", "-c", script],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in output.splitlines() if line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribes", type=int, default=200)
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="smallbiz-load-") as tmp:
        port = free_port()
        env = site_environment(Path(tmp), port)
        database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        print(f"Building the site on {database} in {tmp} ...")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo")
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "smallbiz.wsgi"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            work = list(jobs(args.subscribes, args.views))
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                statuses = list(
                    pool.map(lambda job: (job, request(base, job[0], *job[1])), enumerate(work))
                )
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        stored = stored_addresses(env)

    counts = collections.Counter(status for _, status in statuses)
    failures = [
        (job, status) for job, status in statuses if not isinstance(status, int) or status >= 500
    ]
    by_address = collections.Counter(address.lower() for address in stored)
    expected = {f"reader{n}@example.com" for n in range(args.subscribes // 2)}
    duplicates = sorted(address for address, n in by_address.items() if n > 1)
    missing = sorted(expected - set(by_address))

    print(
        f"{len(work)} requests ({args.subscribes} subscribes, {args.views} page views) "
        f"with {args.concurrency} at once on {database}: {elapsed:.1f} s"
    )
    print(
        "answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str))
    )
    print(
        f"addresses stored: {len(stored)} ({len(expected)} distinct sent), "
        f"duplicates: {len(duplicates)}, missing: {len(missing)}"
    )
    for (_, (path, _form)), status in failures[:10]:
        print(f"  {path}: {status}")
    for address in sorted(set(by_address) - expected)[:10]:
        print(f"  unexpected: {address!r}")
    ok = not failures and not duplicates and not missing and len(stored) == len(expected)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
