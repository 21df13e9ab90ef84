"""Write imported pages as articles, with their images and redirects from their old addresses."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import redirects, revisions
from articles.importing.links import LinkRewriter
from articles.importing.page import ImportedPage, UnreadablePage
from articles.importing.reader import read_page, repeated_text_lines
from articles.importing.sources import SourceFile
from articles.models import Article, Category, Redirect, Section
from articles.validators import RESERVED_ARTICLE_SLUGS, validate_site_path

SLUG_LENGTH = 200


@dataclass
class Report:
    """What an import did, or would do: (file, new address) and (file, reason) pairs."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # (file, new address, outcome, ImportedPage)


@dataclass
class Placement:
    """Where an imported page goes: its category and slug, and its article if it has one."""

    source: SourceFile
    page: ImportedPage
    category: Category
    slug: str
    article: Article | None

    @property
    def url(self):
        return reverse(
            "articles:article_detail", kwargs={"category": self.category.slug, "slug": self.slug}
        )


class Importer:
    """Import pages into the site; `progress(phase, done, total, label)` follows the work.

    `run(sources)` (see `sources.find_pages`) reads the pages, reporting a file it cannot
    read and going on; places each in a category (--category, else its folder's name, else
    a breadcrumb naming an existing category) under a slug made from its title; then writes
    each page in its own transaction: its images copied into media storage (through the same
    checks as uploads), its links to other imported pages pointed at their new addresses,
    and a 301 redirect from its old address to the new one.

    Each article remembers its old address (`Article.imported_from`), so a second run
    updates the articles it made before (and leaves alone those whose text has not changed)
    instead of adding copies. With dry_run, nothing is written: the report says what would
    happen.

    Plain-text pages imported together share the old site's chrome: lines found on most of
    them are left out (`reader.repeated_text_lines`).
    """

    def __init__(
        self,
        *,
        category=None,
        category_map=None,
        publish=False,
        dry_run=False,
        base_url="",
        progress=None,
    ):
        self.category = category
        # Old path prefix ("/tips/") -> Category, for pages whose folder names no category.
        self.category_map = category_map or {}
        self.publish = publish
        self.dry_run = dry_run
        self.base_url = base_url
        self.progress = progress or (lambda phase, done, total, label: None)
        self.report = Report()

    def run(self, sources):
        """Import `sources` (SourceFile objects); return the Report."""
        placements = self.place(self.read(sources))
        links = LinkRewriter(
            targets=self.link_targets(placements),
            base_url=self.base_url,
            dry_run=self.dry_run,
            warn=lambda label, message: self.report.warnings.append((label, message)),
        )
        for number, placement in enumerate(placements, start=1):
            self.progress("Importing", number, len(placements), str(placement.source))
            self.write(placement, links)
        return self.report

    def read(self, sources):
        """Return (source, page) for each source that reads; report those that do not."""
        pages, old_paths = [], {}
        site_lines = repeated_text_lines(source.path for source in sources)
        for number, source in enumerate(sources, start=1):
            self.progress("Reading", number, len(sources), str(source))
            if source.old_path in old_paths:
                self.report.skipped.append(
                    (str(source), f"it has the same old address as {old_paths[source.old_path]}")
                )
                continue
            old_paths[source.old_path] = source
            try:
                page = read_page(source.path, site_lines=site_lines)
            except UnreadablePage as exc:
                self.report.errors.append((str(source), str(exc)))
            except Exception as exc:
                # The HTML parsers can fail on pathological files (deeply nested, say); such a
                # file is reported like any other broken one and the rest are imported.
                self.report.errors.append((str(source), f"cannot parse it: {exc!r}"))
            else:
                pages.append((source, page))
                self.report.warnings += [(str(source), note) for note in page.notes]
        return pages

    def place(self, pages):
        """Choose each page's category and slug; report the pages that have no category."""
        categories = list(Category.objects.all())
        # Every imported article, not a filter on thousands of paths (SQLite limits parameters).
        existing = {
            article.imported_from: article
            for article in Article.objects.filter(imported_from__isnull=False)
        }
        taken = set(Article.objects.values_list("category_id", "slug"))
        placements = []
        for source, page in pages:
            category = (
                self.category
                or mapped_category(source, self.category_map)
                or category_for(source, page, categories)
            )
            if category is None:
                self.report.skipped.append((str(source), no_category_reason(source, page)))
                continue
            article = existing.get(source.old_path)
            if article is not None and article.category_id == category.pk:
                slug = article.slug  # an editor may have changed it since: keep theirs
            else:
                slug = unique_slug(
                    slugify(page.title) or slugify(source.path.stem), category, taken
                )
            taken.add((category.pk, slug))
            placements.append(Placement(source, page, category, slug, article))
        return placements

    def link_targets(self, placements):
        """Map the old addresses of this import's pages, and of earlier imports, to new ones."""
        targets = {}
        earlier = Article.objects.filter(imported_from__isnull=False).values_list(
            "imported_from", "slug", "category__slug"
        )
        for old_path, slug, category_slug in earlier:
            targets[old_path] = reverse(
                "articles:article_detail", kwargs={"category": category_slug, "slug": slug}
            )
        for placement in placements:
            for old_path in placement.source.old_paths:
                targets[old_path] = placement.url
        return targets

    def write(self, placement, links):
        """Create, update or leave alone the placement's article (all of it or none of it)."""
        label, url = str(placement.source), placement.url
        try:
            intro, sections = links.rewrite(placement.source, placement.page)
            article = placement.article
            if article is None:
                outcome = "created"
            elif is_current(article, placement, intro, sections, self.publish):
                outcome = "unchanged"
            else:
                outcome = "updated"
            if not self.dry_run:
                with transaction.atomic():
                    if outcome != "unchanged":
                        self.save(placement, intro, sections)
                    for old_path in placement.source.old_paths:
                        self.redirect(label, old_path, url)
        except (DatabaseError, ValidationError, OSError) as exc:
            self.report.errors.append((label, f"not saved: {describe(exc)}"))
            return
        getattr(self.report, outcome).append((label, url))
        self.report.pages.append((label, url, outcome, placement.page))

    def save(self, placement, intro, sections):
        """Write the placement's article and, where they differ, its sections."""
        page, article = placement.page, placement.article
        if article is not None:
            revisions.record_first(article.pk)
        if article is None:
            article = Article(
                imported_from=placement.source.old_path,
                status=Article.Status.PUBLISHED if self.publish else Article.Status.DRAFT,
            )
        elif self.publish and article.status == Article.Status.DRAFT:
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now()
        article.category = placement.category
        article.slug = placement.slug
        article.title = page.title
        article.summary = page.summary
        article.intro = intro
        article.full_clean(validate_unique=False, validate_constraints=False)
        article.save()
        if list(article.sections.values_list("heading", "body")) != sections:
            article.sections.all().delete()
            anchors = set()
            for position, (heading, body) in enumerate(sections, start=1):
                section = Section(
                    article=article,
                    position=position * 10,
                    heading=heading,
                    anchor=unique_anchor(heading, position, anchors),
                    body=body,
                )
                section.full_clean(validate_unique=False, validate_constraints=False)
                section.save()
        revisions.record(article, note="Imported by import_pages")

    def redirect(self, label, old_path, new_path):
        """Send visitors from the page's old address to its new one (301)."""
        if old_path == new_path:
            return
        if old_path.endswith("/") and Category.objects.filter(slug=old_path.strip("/")).exists():
            return  # the category's page answers there
        if Redirect.objects.filter(old_path=old_path, new_path=new_path).exists():
            return
        try:
            validate_site_path(old_path)
            if len(old_path) > Redirect._meta.get_field("old_path").max_length:
                raise ValidationError("The old address is too long to redirect.")
            redirects.record_move(old_path, new_path)
        except ValidationError as exc:
            self.report.warnings.append((label, f"no redirect from {old_path}: {describe(exc)}"))


def category_for(source, page, categories):
    """Return the category named by the page's folder, else by its breadcrumb, else None."""
    names = [source.folder, *reversed(page.breadcrumb)]
    for name in names:
        for category in categories:
            if name and (name.lower() == category.name.lower() or slugify(name) == category.slug):
                return category
    return None


def mapped_category(source, category_map):
    """Return the category mapped to the longest old path prefix the page is under, or None."""
    prefixes = [prefix for prefix in category_map if source.old_path.startswith(prefix)]
    return category_map[max(prefixes, key=len)] if prefixes else None


def no_category_reason(source, page):
    named = []
    if source.folder:
        named.append(f"the folder “{source.folder}”")
    if page.breadcrumb:
        named.append(f"the breadcrumb “{' > '.join(page.breadcrumb)}”")
    if not named:
        return "no category: nothing names one (give one with --category)"
    verb = "name" if len(named) > 1 else "names"
    return (
        f"no category: {' and '.join(named)} {verb} no existing category (give one with --category)"
    )


def unique_slug(base, category, taken):
    """Return `base`, or base-2, base-3..., free in the category and not reserved."""
    base = (base or "page")[:SLUG_LENGTH].strip("-")
    slug, number = base, 2
    while (category.pk, slug) in taken or slug in RESERVED_ARTICLE_SLUGS:
        suffix = f"-{number}"
        slug = base[: SLUG_LENGTH - len(suffix)] + suffix
        number += 1
    return slug


def unique_anchor(heading, position, anchors):
    base = slugify(heading)[:80] or f"section-{position}"
    anchor, number = base, 2
    while anchor in anchors:
        anchor = f"{base[:76]}-{number}"
        number += 1
    anchors.add(anchor)
    return anchor


def is_current(article, placement, intro, sections, publish):
    """Return True if the article already says what the import would write."""
    return (
        article.category_id == placement.category.pk
        and article.slug == placement.slug
        and article.title == placement.page.title
        and article.summary == placement.page.summary
        and article.intro == intro
        and not (publish and article.status == Article.Status.DRAFT)
        and list(article.sections.values_list("heading", "body")) == sections
    )


def describe(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
