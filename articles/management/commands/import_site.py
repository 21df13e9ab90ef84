"""Import an old site from its address: fetch its pages, then import them as articles.

    manage.py import_site https://www.old-site.example/ --category-map tips=strategy --dry-run
    manage.py import_site https://www.old-site.example/ --category-map tips=strategy

The pages come from the site's sitemap.xml, or by following its own links from the address
given (articles/importing/crawl.py); they are kept under var/imports/sites/<host>/, so running
the command again fetches nothing it has, and imports like `import_pages`: draft articles
(published with --publish) with 301 redirects from their old addresses.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import CommandError

from articles.importing.crawl import Crawler, CrawlError, folder_name
from articles.importing.writer import Importer
from articles.management.commands import import_pages
from articles.models import Category
from smallbiz.progress import ProgressBar


class Command(import_pages.Command):
    """import_pages' progress bar and summary, after a crawl instead of a folder."""

    help = (
        "Fetch an old site's pages from its address (its sitemap, else its links; robots.txt "
        "honoured, one request at a time) and import them as draft articles with 301 "
        "redirects. Fetched pages are kept, so running it again fetches nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="URL", help="The old site's address.")
        parser.add_argument(
            "--category-map",
            metavar="FOLDER=SLUG",
            action="append",
            default=[],
            help="Put the pages under the old site's FOLDER (such as tips or /old/tips/) in "
            "the category SLUG; repeat it for each folder. '/=SLUG' takes every other page.",
        )
        parser.add_argument(
            "--category",
            metavar="SLUG",
            help="Put every page in this category, whatever its folder.",
        )
        parser.add_argument("--max-pages", type=int, default=500, help="Default: 500.")
        parser.add_argument(
            "--delay",
            type=float,
            default=1.0,
            help="Seconds between two requests to the site (default 1; more if its "
            "robots.txt asks for it).",
        )
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for a page (default 10)."
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Fetch every page again instead of using the copies kept from an earlier run.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages instead of saving drafts."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch the pages (and keep them), show what would be imported, write no articles.",
        )

    def handle(self, *args, url, category_map, category, max_pages, delay, timeout, **options):
        self.verbosity = options["verbosity"]
        if max_pages < 1:
            raise CommandError("--max-pages must be 1 or more.")
        if delay < 0 or timeout <= 0:
            raise CommandError("--delay must be 0 or more and --timeout more than 0.")
        category = self.category(category) if category else None
        mapping = self.category_map(category_map)
        self.progress = ProgressBar(self.stdout, enabled=self.verbosity >= 1)
        try:
            crawler = Crawler(
                url,
                settings.VAR_DIR / "imports" / "sites" / folder_name(url),
                max_pages=max_pages,
                delay=delay,
                timeout=timeout,
                user_agent=f"{settings.SITE_NAME} site importer",
                refresh=options["refresh"],
                progress=lambda done, total, url: self.progress("Fetching", done, total, url),
            )
            result = crawler.crawl()
        except CrawlError as exc:
            raise CommandError(str(exc)) from None
        finally:
            self.progress.clear()
        self.write_crawl(result, crawler)
        if not result.pages:
            raise CommandError("No pages could be fetched from the site: nothing to import.")

        parts = urlsplit(crawler.start_url)
        importer = Importer(
            category=category,
            category_map=mapping,
            publish=options["publish"],
            dry_run=options["dry_run"],
            base_url=f"{parts.scheme}://{parts.netloc}/",
            progress=self.progress,
        )
        report = importer.run(result.pages)
        self.progress.clear()
        self.write_report(report, len(result.pages), options["dry_run"])

    def category(self, slug):
        try:
            return Category.objects.get(slug=slug)
        except Category.DoesNotExist:
            known = ", ".join(Category.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown category “{slug}”. Categories: {known}.") from None

    def category_map(self, pairs):
        """Return {"/folder/": Category} from FOLDER=SLUG pairs."""
        mapping = {}
        for pair in pairs:
            folder, separator, slug = pair.partition("=")
            if not separator or not slug.strip():
                raise CommandError(f"--category-map takes FOLDER=SLUG, not “{pair}”.")
            prefix = "/" + folder.strip().strip("/") + "/" if folder.strip("/ ") else "/"
            mapping[prefix.replace("//", "/")] = self.category(slug.strip())
        return mapping

    def write_crawl(self, result, crawler):
        if self.verbosity < 1:
            return
        for url, why in result.failed:
            self.stdout.write(self.style.WARNING(f"Not fetched: {url}: {why}"))
        for url in result.refused_by_robots:
            self.stdout.write(f"Not fetched: {url}: its robots.txt asks robots not to")
        if result.limited:
            self.stdout.write(
                self.style.WARNING(
                    f"Stopped at {crawler.max_pages} pages (--max-pages): the site has more."
                )
            )
        self.stdout.write(
            f"Fetched {len(result.pages)} page{'' if len(result.pages) == 1 else 's'} and "
            f"{result.images} new image{'' if result.images == 1 else 's'}: "
            f"{result.requests} request{'' if result.requests == 1 else 's'} to the site, "
            f"{result.from_store} answered from the copies kept in {crawler.store.folder}."
        )
