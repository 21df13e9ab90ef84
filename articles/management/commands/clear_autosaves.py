"""Delete editors' autosaves that nobody has touched for a while (30 days by default).

An autosave lives until its editor saves the article or discards it; one left behind by a
closed tab that was never reopened is cleared by this command. Run it daily (a cron job or
a systemd timer); it only deletes what it would list with --dry-run.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Autosave


class Command(BaseCommand):
    help = "Delete autosaves of the article form not written for DAYS days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="Delete autosaves older than this many days (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many autosaves would be deleted, and delete nothing.",
        )

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days must be 1 or more.")
        stale = Autosave.objects.stale(days=options["days"])
        if options["dry_run"]:
            self.stdout.write(f"Would delete {stale.count()} autosave(s).")
            return
        with transaction.atomic():
            deleted, _ = stale.delete()
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} autosave(s)."))
