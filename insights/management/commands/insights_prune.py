"""Delete Insights counts older than INSIGHTS_RETENTION_DAYS (about 25 months by default).

Run daily, like the other housekeeping commands (docs/deployment.md).
"""

from django.core.management.base import BaseCommand

from insights.flush import prune


class Command(BaseCommand):
    help = "Delete Insights counts older than INSIGHTS_RETENTION_DAYS (760 days by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        deleted = prune(dry_run=dry_run)
        if options["verbosity"] >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            details = ", ".join(f"{number} {name}" for name, number in deleted.items())
            self.stdout.write(self.style.SUCCESS(f"{verb} {details}."))
