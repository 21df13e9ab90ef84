"""Benchmark: send an e-zine issue to 10,000 confirmed subscribers through a local SMTP sink.

    .venv/bin/python bench/newsletter_send.py [--subscribers 10000] [--workers 2]
                                              [--batch-size 200] [--trace-memory]

It makes a throw-away SQLite database in a temporary folder, starts aiosmtpd's Sink
handler in its own process on 127.0.0.1 (so the sink does not share a sender's CPU), then
queues the issue and sends it with --workers sending workers, each a process of its own as
each `db_worker` running the sending task is (`NEWSLETTER_SENDING_WORKERS`; one worker is
also what `manage.py send_issue` does): real rendering, Django's EmailMultiAlternatives
and SMTP backend over one connection per worker, and one database update per message.
It prints messages per second, the CPU each message costs the senders and the sink, and
each worker's peak memory. --trace-memory also measures Python's own allocations with
tracemalloc (slower; use it for memory, not speed).

For scale it first measures the sink's ceiling: bare smtplib loops, one per worker, each
sending one reader's copy of the issue over and over on one connection. On a busy machine
that ceiling drops, and the e-zine's rate with it; the ratio between the two is the part
that is ours. A sender and the sink take turns, one SMTP reply at a time, so a worker
waits while the sink reads its message: a second worker sends meanwhile.
"""

import argparse
import email.policy
import multiprocessing
import os
import resource
import secrets
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"The SMTP sink did not start on port {port}.")


def report(line=""):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(pid):
    """Return the CPU time (user and system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_loop(port, message, count):
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for n in range(count):
            connection.sendmail("ezine@localhost", [f"reader{n}@example.com"], message)


def sink_ceiling(port, message, workers, count=2000):
    """Return how many messages a second `workers` bare smtplib loops get through the sink."""
    context = multiprocessing.get_context("fork")
    loops = [
        context.Process(target=bare_loop, args=(port, message, count // workers))
        for _ in range(workers)
    ]
    started = time.perf_counter()
    for loop in loops:
        loop.start()
    for loop in loops:
        loop.join()
    return count // workers * workers / (time.perf_counter() - started)


def sender(issue_pk, batch_size, trace_memory, results):
    """Send the issue as one worker does; put its CPU time and memory on `results`."""
    from newsletter import sending
    from newsletter.models import Issue

    if trace_memory:
        tracemalloc.start()
    rss_before = peak_rss_mb()
    cpu_started = time.process_time()
    sending.send_issue(Issue.objects.get(pk=issue_pk), batch_size=batch_size)
    results.put(
        {
            "cpu": time.process_time() - cpu_started,
            "rss_before": rss_before,
            "rss_after": peak_rss_mb(),
            "traced_peak": tracemalloc.get_traced_memory()[1] / 2**20 if trace_memory else None,
        }
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="smallbiz-bench-"))
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
        + ["-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        run(args, workdir, port, sink.pid)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir, port, sink_pid):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "smallbiz.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
            "SMALLBIZ_VAR_DIR": str(workdir),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from django import db
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, Category
    from newsletter import emails, sending
    from newsletter.models import Issue, Subscriber

    call_command("migrate", verbosity=0)
    category = Category.objects.create(name="Marketing", slug="marketing")
    articles = [
        Article.objects.create(
            category=category,
            title=f"Practical advice number {n}",
            slug=f"advice-{n}",
            summary="A sentence or two about what the article says, as on the site.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(6)
    ]
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n}@example.com",
                first_name=f"Reader{n}",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for n in range(args.subscribers)
        ),
        batch_size=2000,
    )
    note = "\n\n".join(
        f"Paragraph {n}: a few sentences from the editor about what is new this month, "
        "with [a link to the blog](/blog/) and some **bold** advice." * 2
        for n in range(5)
    )
    issue = Issue.objects.create(subject="The monthly e-zine — benchmark issue", body=note)
    issue.articles.set(articles)
    rendered = emails.render_issue(issue)
    copy = (
        emails.issue_email(rendered, "reader@example.com", "Reader", emails.unsubscribe_url(1))
        .message(policy=email.policy.SMTP)
        .as_bytes()
    )
    ceiling = sink_ceiling(port, copy, args.workers)

    started = time.perf_counter()
    queued = sending.queue_issue(issue)
    queued_in = time.perf_counter() - started

    # Each worker opens its own database connection: none may cross a fork.
    db.connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=sender, args=(issue.pk, args.batch_size, args.trace_memory, results))
        for _ in range(args.workers)
    ]
    started = time.perf_counter()
    sink_cpu_started = cpu_seconds(sink_pid)
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sent_in = time.perf_counter() - started
    sink_cpu = cpu_seconds(sink_pid) - sink_cpu_started
    if any(worker.exitcode for worker in workers):
        raise SystemExit("A sending worker failed.")
    costs = [results.get(timeout=10) for _ in workers]
    counts = issue.progress()
    issue.refresh_from_db()

    report()
    report(f"subscribers        {args.subscribers}")
    report(f"queued             {queued} deliveries in {queued_in:.2f} s")
    report(f"workers            {args.workers}, each with its own process and SMTP connection")
    report(f"sent               {counts['sent']} ({counts['failed']} failed) in {sent_in:.2f} s")
    rate = counts["sent"] / sent_in
    report(f"message size       {len(copy) / 1024:.1f} KB")
    report(f"sink ceiling       {ceiling:.0f} messages/second ({args.workers} bare smtplib loops)")
    report(f"messages/second    {rate:.0f} ({rate / ceiling:.0%} of the ceiling)")
    cpu = sum(cost["cpu"] for cost in costs)
    report(f"CPU, the senders   {cpu * 1000 / max(counts['sent'], 1):.2f} ms a message")
    report(f"CPU, the sink      {sink_cpu * 1000 / max(counts['sent'], 1):.2f} ms a message")
    for number, cost in enumerate(costs, 1):
        growth = cost["rss_after"] - cost["rss_before"]
        rss = f"{cost['rss_after']:.1f} MB ({growth:+.1f} MB while sending)"
        report(f"peak RSS, worker {number}  {rss}")
        if cost["traced_peak"] is not None:
            report(f"tracemalloc, {number}     {cost['traced_peak']:.1f} MB of Python allocations")
    report(f"issue status       {issue.status}")
    if counts["sent"] != args.subscribers or issue.status != Issue.Status.SENT:
        raise SystemExit("Not every message was sent.")


if __name__ == "__main__":
    main()
