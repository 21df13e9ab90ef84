"""Import the pages of an old web site (HTML, Markdown, plain text) as articles.

    manage.py import_pages old-site/ --base-url https://www.example.com/ --dry-run
    manage.py import_pages old-site/ --base-url https://www.example.com/

Each page becomes a draft article (published with --publish) in the category named by
--category, its folder or its breadcrumb; its old address answers with a 301 redirect to the
new one. Running it again updates the articles it made. Pages saved from a browser as text
lose the old site's menus, boxes and footer, and the lines most of them repeat
(docs/import-guide.md); --dry-run shows, page by page, what was left out. The work is done
by the articles.importing package; see docs/architecture.md ("Importing an old site").
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from articles.importing.page import shorten
from articles.importing.reader import PARSERS
from articles.importing.sources import find_pages
from articles.importing.writer import Importer
from articles.models import Category
from smallbiz.progress import ProgressBar

DRY_RUN_VERBS = {"created": "would create", "updated": "would update", "unchanged": "unchanged"}
# The dry run shows each kind of chrome left out on one line, each piece of it cut short.
DROPPED_ITEM_LENGTH = 50
DROPPED_LINE_LENGTH = 110


class Command(BaseCommand):
    help = (
        "Import old pages (.html/.htm, .md, .txt files or folders of them) as draft articles, "
        "with 301 redirects from their old addresses. Running it again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A page file, or a folder searched for pages."
        )
        parser.add_argument(
            "--category",
            metavar="SLUG",
            help="Put every page in this category, instead of the one its folder or "
            "breadcrumb names.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages instead of saving drafts."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; show each page's title, section headings and the old "
            "site's chrome left out, and what would be created, updated or skipped.",
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            default="",
            help="The old site's address for the folder imported, such as "
            "https://www.example.com/ (its links to itself are then recognised, and the old "
            "addresses are taken under its path). Nothing is fetched from it.",
        )

    def handle(self, *args, paths, category, publish, dry_run, base_url, **options):
        self.verbosity = options["verbosity"]
        missing = [path for path in paths if not path or not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        if category is not None:
            try:
                category = Category.objects.get(slug=category)
            except Category.DoesNotExist:
                known = ", ".join(Category.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"Unknown category “{category}”. Categories: {known}.") from None
        if base_url:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise CommandError(f"--base-url must be an http(s) address, not “{base_url}”.")

        sources = find_pages(paths, base_url)
        if not sources:
            raise CommandError(
                f"No pages found: looked for {', '.join(sorted(PARSERS))} files in "
                f"{', '.join(paths)}."
            )
        self.progress = ProgressBar(self.stdout, enabled=self.verbosity >= 1)
        importer = Importer(
            category=category,
            publish=publish,
            dry_run=dry_run,
            base_url=base_url,
            progress=self.progress,
        )
        report = importer.run(sources)
        self.progress.clear()
        self.write_report(report, len(sources), dry_run)

    def write_report(self, report, total, dry_run):
        if self.verbosity < 1:
            return
        if dry_run:
            for label, url, outcome, page in report.pages:
                self.write_page(label, url, outcome, page)
        elif self.verbosity >= 2:
            for verb, done in [("created", report.created), ("updated", report.updated)]:
                for label, url in done:
                    self.stdout.write(f"{verb} {label} → {url}")
            for label, url in report.unchanged:
                self.stdout.write(f"unchanged {label} ({url})")
        for title, rows, style in [
            ("Skipped", report.skipped, self.style.WARNING),
            ("Errors", report.errors, self.style.ERROR),
            ("Warnings", report.warnings, self.style.WARNING),
        ]:
            if rows:
                self.stdout.write(style(f"{title}:"))
                for label, reason in rows:
                    self.stdout.write(f"  {label}: {reason}")
        counts = (
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped, "
            f"{len(report.errors)} error{'' if len(report.errors) == 1 else 's'}"
        )
        files = f"{total} file{'' if total == 1 else 's'}"
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. {files}: would be {counts}.")
        else:
            style = self.style.ERROR if report.errors else self.style.SUCCESS
            self.stdout.write(style(f"Imported {files}: {counts}."))

    def write_page(self, label, url, outcome, page):
        """Show what a page would become: title, section headings and the chrome left out."""
        verb = DRY_RUN_VERBS[outcome]
        self.stdout.write(self.style.MIGRATE_HEADING(f"{label} → {url} ({verb})"))
        self.stdout.write(f"  Title: {page.title}")
        headings = " · ".join(section.heading for section in page.sections)
        self.stdout.write(f"  Sections: {headings or 'none'}")
        if not page.dropped:
            return
        self.stdout.write("  Left out as the old site's chrome:")
        groups = {}
        for kind, text in page.dropped:
            groups.setdefault(kind, []).append(text)
        for kind, texts in groups.items():
            items = " · ".join(shorten(text, DROPPED_ITEM_LENGTH) for text in texts)
            self.stdout.write(f"    {kind} ({len(texts)}): {shorten(items, DROPPED_LINE_LENGTH)}")
