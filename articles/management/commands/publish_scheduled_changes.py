"""Publish the unpublished changes to articles whose scheduled time has come.

Editors schedule changes to a published article in the admin ("Publish these changes at").
The worker (`manage.py db_worker`) runs this at that time by itself; run this command from
cron as well (every minute, say) where no worker runs, or to catch up after an outage. It
is safe to run at any time: changes are published once.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from articles import drafts
from articles.models import Article


class Command(BaseCommand):
    help = "Publish the changes to published articles that are scheduled for now or earlier."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the changes that are due without publishing them.",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if options["dry_run"]:
            due = Article.objects.with_changes_due().order_by("draft_publish_at", "pk")
            for article in due:
                self.stdout.write(f"Due: {article} (scheduled for {when(article)})")
            self.stdout.write(f"{len(due)} article(s) with changes due; nothing published.")
            return
        published = drafts.publish_due()
        for article, problems in published:
            if verbosity >= 1:
                self.stdout.write(f"Published the changes to {article}.")
            for problem in problems:
                self.stderr.write(f"  {article}: {problem}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"{len(published)} article(s) with changes published.")
            )


def when(article):
    return date_format(timezone.localtime(article.draft_publish_at), "j F Y, H:i")
