"""Write the page views and searches counted in the cache to the Insights tables.

Safe to run at any time and as often as wanted: each count is written once. Cron runs it
every minute (docs/deployment.md, "Insights").
"""

from django.core.management.base import BaseCommand

from insights.flush import flush


class Command(BaseCommand):
    help = "Write the counts waiting in the cache to the Insights tables."

    def handle(self, *args, **options):
        flushed = flush()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {flushed.views} page views: {flushed.rows} rows "
                    f"in {flushed.queries} queries."
                )
            )
