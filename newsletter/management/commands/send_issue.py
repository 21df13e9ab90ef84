"""Send an e-zine issue in the foreground, in this process, with a progress bar.

For operators and scripts; the admin's "Send" button does the same through the background
worker. Safe to run again, and beside a worker: only deliveries not yet done are sent. Run
again right after a crash, it waits until the stopped sender's heartbeat is overdue, takes
over its deliveries and sends them; the one that may have been in flight is sent again,
and the summary says how many were.
"""

import smtplib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsletter import checks, sending
from newsletter.models import Delivery, Issue, Subscriber

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Send an issue to its subscribers now, showing progress. Sends nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("issue_id", type=int, help="The issue's number (its ID in the admin).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many messages would go out, and send nothing.",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Do not wait for deliveries that are due to be retried later.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=sending.BATCH_SIZE,
            help="How many deliveries to claim and send at a time (default: %(default)s).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.said_waiting = False
        try:
            issue = Issue.objects.get(pk=options["issue_id"])
        except Issue.DoesNotExist as error:
            raise CommandError(f"There is no issue {options['issue_id']}.") from error
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if issue.is_draft() and (problem := checks.problem(issue)):
            raise CommandError(f"“{issue}” is not sent. {problem}")

        if options["dry_run"]:
            self.dry_run(issue)
            return
        if issue.status == Issue.Status.SENT:
            self.stdout.write(f"“{issue}” has already been sent: nothing to do.")
            return
        if issue.is_draft():
            queued = sending.queue_issue(issue)
            self.stdout.write(f"Queued “{issue}” for {queued} confirmed subscriber(s).")

        try:
            counts = self.send(issue, options)
            while not options["no_wait"]:
                if takeover_at := sending.next_takeover_at(issue):
                    self.say_waiting_for_other_sender(issue)
                    sending.wait_until(takeover_at)
                elif retry_at := sending.next_retry_at(issue):
                    wait = max(0.0, (retry_at - timezone.now()).total_seconds())
                    self.end_progress()
                    self.stdout.write(f"Some deliveries failed; retrying in {wait:.0f} seconds.")
                    time.sleep(wait)
                else:
                    break
                counts = self.send(issue, options)
        except (smtplib.SMTPException, OSError) as error:
            self.end_progress()
            raise CommandError(
                f"Sending stopped: the mail server could not be reached ({error}). "
                "The deliveries not yet sent are kept; run the command again to resume."
            ) from error
        self.end_progress()
        self.report(issue, counts)

    def send(self, issue, options):
        return sending.send_issue(
            issue, progress=self.show_progress, batch_size=options["batch_size"]
        )

    def say_waiting_for_other_sender(self, issue):
        """Say once why the command waits: another sender holds the last deliveries."""
        if self.said_waiting or self.verbosity < 1:
            return
        self.said_waiting = True
        held = issue.deliveries.filter(status=Delivery.Status.SENDING).count()
        self.end_progress()
        self.stdout.write(
            f"Another sender holds {held} deliveries: waiting for it to send them, or to be "
            f"silent for {settings.NEWSLETTER_SENDER_TIMEOUT:g} seconds (it stopped), and "
            "then sending them from here."
        )

    def dry_run(self, issue):
        if issue.is_draft():
            readers = Subscriber.objects.confirmed().count()
            self.stdout.write(
                f"Would queue “{issue}” for {readers} confirmed subscriber(s) and send it."
            )
        else:
            waiting = issue.deliveries.filter(
                status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
            ).count()
            self.stdout.write(f"Would send “{issue}” to {waiting} waiting subscriber(s).")

    def show_progress(self, counts):
        """Draw a progress bar, redrawn in place on a terminal, one line a batch otherwise."""
        if self.verbosity < 1:
            return
        total = counts["total"] or 1
        done = counts["sent"] + counts["failed"] + counts["skipped"]
        filled = round(BAR_WIDTH * done / total)
        line = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{counts['total']}"
            f"  sent {counts['sent']}, failed {counts['failed']}"
        )
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
            self.bar_drawn = True
        else:
            self.stdout.write(line)

    def end_progress(self):
        if getattr(self, "bar_drawn", False):
            self.stdout.write("")
            self.bar_drawn = False

    def report(self, issue, counts):
        issue.refresh_from_db()
        summary = (
            f"“{issue}”: {counts['sent']} sent, {counts['failed']} failed, "
            f"{counts['skipped']} skipped, of {counts['total']}."
        )
        if counts["resent"]:
            summary += (
                f" {counts['resent']} sent again after a crash: a sender stopped while "
                "handing them to the mail server, so those readers may have two copies."
            )
        if issue.status == Issue.Status.SENT:
            self.stdout.write(self.style.SUCCESS(f"Done. {summary}"))
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Not finished. {summary} {counts['waiting']} still waiting: "
                    "run the command again later."
                )
            )
