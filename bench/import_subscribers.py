"""Benchmark: import an old e-zine's list of 10,000 rows with `manage.py import_subscribers`.

    .venv/bin/python bench/import_subscribers.py [--rows 10000] [--reconfirm]

It makes a throw-away SQLite database in a temporary folder, adds the subscribers a real
site would already have (some unsubscribed, some erased, some on the list), writes a CSV of
--rows rows in which about one in ten is invalid, a duplicate, a role address, unsubscribed
on the old service or suppressed here, then imports it twice with the command, timing each
run, and checks the counts per reason against what it wrote. --reconfirm imports the
addresses as pending and queues their emails in the database task queue (nothing is sent).
"""

import argparse
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Of every 100 rows: how many go each way. The rest are good new addresses.
MIX = {"invalid": 3, "duplicate": 3, "role": 2, "status": 2, "unsubscribed": 1, "erased": 1}
ROLES = ["postmaster", "abuse", "noreply", "no-reply", "webmaster"]
STATUSES = ["unsubscribed", "bounced", "cleaned"]


def write_list(path, rows):
    """Write the CSV; return the addresses to make unsubscribed and erased, and the counts."""
    rng = random.Random(17)
    kinds = [kind for kind, share in MIX.items() for _ in range(share)]
    kinds += ["good"] * (100 - len(kinds))
    counts = dict.fromkeys([*MIX, "good"], 0)
    good = []
    unsubscribed, erased = [], []
    lines = ["Email Address,First Name,Signup Date,Signup Page,Source,Status"]
    for number in range(rows):
        kind = rng.choice(kinds)
        if kind == "duplicate" and not good:
            kind = "good"
        status = "subscribed"
        email = f"reader{number}@example-{number % 97}.com"
        if kind == "invalid":
            email = f"reader{number}@example"
        elif kind == "duplicate":
            email = rng.choice(good).upper()
        elif kind == "role":
            email = f"{rng.choice(ROLES)}@shop{number}.co.uk"
        elif kind == "status":
            status = rng.choice(STATUSES)
        elif kind == "unsubscribed":
            unsubscribed.append(email)
        elif kind == "erased":
            erased.append(email)
        else:
            good.append(email)
        counts[kind] += 1
        lines.append(
            f"{email},Reader {number},{1 + number % 28:02d}/03/2019 10:15,"
            f"https://old.example.com/ezine.html,Web form,{status}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return unsubscribed, erased, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--reconfirm", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="smallbiz-bench-import-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "smallbiz.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "SMALLBIZ_VAR_DIR": str(workdir),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from django.core.management import call_command

    from newsletter.models import Subscriber

    call_command("migrate", verbosity=0)
    csv_path = workdir / "old-list.csv"
    unsubscribed, erased, counts = write_list(csv_path, args.rows)
    for email in unsubscribed:
        Subscriber.objects.create(email=email, status=Subscriber.Status.CONFIRMED).unsubscribe()
    for email in erased:
        Subscriber.objects.create(email=email).erase()
    before = Subscriber.objects.count()

    options = ["--consent", "double opt-in on the old site's form", "--verbosity", "1"]
    if args.reconfirm:
        options.append("--reconfirm")
    expected = {
        "not a valid address": counts["invalid"],
        "a second row for the same address in this file": counts["duplicate"],
        "a role address (postmaster@, noreply@ ...)": counts["role"],
        "not subscribed on the old service": counts["status"],
        "unsubscribed or erased here": counts["unsubscribed"] + counts["erased"],
    }
    for run_number in (1, 2):
        out = StringIO()
        started = time.perf_counter()
        call_command("import_subscribers", str(csv_path), *options, stdout=out)
        seconds = time.perf_counter() - started
        summary = "Imported" + out.getvalue().split("Imported", 1)[1]
        sys.stdout.write(f"Run {run_number}: {args.rows} rows in {seconds:.2f} s\n{summary}")
        wrong = [
            label for label, count in expected.items() if f"  {count} {label}\n" not in summary
        ]
        if wrong:
            raise SystemExit(f"Counts differ from what was written for: {', '.join(wrong)}")
        imported = Subscriber.objects.count() - before
        if imported != counts["good"]:
            raise SystemExit(f"{imported} subscribers imported in all, expected {counts['good']}.")
    if args.reconfirm:
        from django_tasks_db.models import DBTaskResult

        sys.stdout.write(f"Tasks queued for the reconfirm emails: {DBTaskResult.objects.count()}\n")
    sys.stdout.write("Counts per reason match the file.\n")


if __name__ == "__main__":
    main()
