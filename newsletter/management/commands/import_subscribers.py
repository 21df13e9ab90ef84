"""Import the subscriber list an old e-zine service exported as CSV.

    manage.py import_subscribers subscribers.csv --consent "double opt-in on the old site's form"
    manage.py import_subscribers subscribers.csv --consent "..." --reconfirm --per-minute 100

Each new address becomes a subscriber with a consent record naming the file and the consent
wording; invalid, duplicate, role and suppressed addresses, and rows the old service no
longer mailed, are skipped and listed in a report file. Running it again adds nothing. The
work is done by newsletter.importing; see docs/import-guide.md.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from newsletter import importing, tasks
from smallbiz.progress import ProgressBar


def parse_map(text):
    """Read --map email=Addr,first_name=Given into {"email": "Addr", "first_name": "Given"}."""
    pairs = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, equals, column = item.partition("=")
        if not equals or not name.strip() or not column.strip():
            raise CommandError(f"--map takes FIELD=COLUMN pairs, not “{item}”.")
        pairs[name.strip()] = column.strip()
    return pairs


class Command(BaseCommand):
    help = (
        "Import an old e-zine service's subscriber list (CSV) with a record of how each "
        "address agreed to it. Skipped rows are listed in a report file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE.csv", help="The CSV file the old service exported."
        )
        parser.add_argument(
            "--consent",
            required=True,
            metavar="WORDING",
            help="How the old site obtained consent, e.g. “double opt-in on the old site's "
            "form”. It is kept on every imported subscriber's consent record.",
        )
        parser.add_argument(
            "--map",
            dest="column_map",
            type=parse_map,
            default={},
            metavar="FIELD=COLUMN,...",
            help="Columns whose names are not recognised: email, first_name, signed_up_at, "
            "signup_page, source, status. E.g. --map email=Addr,first_name=Given",
        )
        parser.add_argument(
            "--reconfirm",
            action="store_true",
            help="Import the addresses as pending and ask each to confirm by email; "
            "those who do not are never mailed.",
        )
        parser.add_argument(
            "--per-minute",
            type=int,
            metavar="N",
            help="With --reconfirm, send at most N emails a minute "
            f"(default {settings.NEWSLETTER_RECONFIRM_PER_MINUTE}, "
            "SMALLBIZ_NEWSLETTER_RECONFIRM_PER_MINUTE).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and write the report, but import nobody and send nothing.",
        )
        parser.add_argument(
            "--report",
            metavar="PATH",
            help="Where to write the report of skipped rows "
            "(default: a new file under var/imports/).",
        )

    def handle(
        self, *args, file, consent, column_map, reconfirm, per_minute, report, dry_run, **options
    ):
        self.verbosity = options["verbosity"]
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        consent = " ".join(consent.split())
        if not consent:
            raise CommandError("--consent must say how the old site obtained consent.")
        if len(consent) > 300:
            raise CommandError("--consent is too long: say it in at most 300 characters.")
        if per_minute is not None and per_minute < 1:
            raise CommandError("--per-minute must be at least 1.")
        report_path = Path(report) if report else self.default_report_path(path)
        try:
            report_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write the report there: {error}") from None
        if not os.access(report_path.parent, os.W_OK):
            raise CommandError(f"Cannot write the report in {report_path.parent}.")

        self.progress = ProgressBar(
            self.stdout, enabled=self.verbosity >= 1, lines_elsewhere=True, width=30
        )
        try:
            result = importing.import_subscribers(
                path.read_bytes(),
                file_name=path.name,
                consent_wording=consent,
                reconfirm=reconfirm,
                column_map=column_map,
                progress=self.progress,
                dry_run=dry_run,
            )
        except importing.ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        self.progress.clear()
        importing.save_report(result, report_path)
        if result.reconfirm:
            transaction.on_commit(lambda: tasks.queue_reconfirmations(result.reconfirm, per_minute))
        self.write_summary(result, report_path, reconfirm, dry_run)

    def default_report_path(self, path):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return settings.NEWSLETTER_IMPORT_REPORTS_DIR / f"subscribers-{path.stem}-{stamp}.csv"

    def write_summary(self, result, report_path, reconfirm, dry_run):
        if self.verbosity < 1:
            return
        state = "pending, each asked to confirm by email" if reconfirm else "confirmed"
        imported = f"{result.imported} subscriber{pluralize(result.imported)}"
        if result.imported:
            imported += f" ({state})"
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would import {imported}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {imported}."))
        skipped = len(result.skipped)
        self.stdout.write(f"Skipped {skipped} row{pluralize(skipped)}{':' if skipped else '.'}")
        for label, count in result.skipped_by_reason():
            self.stdout.write(f"  {count} {label}")
        if result.dates_not_read:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.dates_not_read} sign-up dates were not understood and left empty."
                )
            )
        self.stdout.write(f"Report of the skipped rows: {report_path}")
