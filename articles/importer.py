"""Import an old site's pages as articles, with redirects from their old addresses.

`find_pages(paths, base_url)` lists the files to import with the address each had on the
old site; `Importer.run(sources)` then

1. reads them (articles.importing), reporting a file it cannot read and going on;
2. places each in a category (--category, else its folder's name, else a breadcrumb that
   names an existing category) under a slug made from its title;
3. writes each page in its own transaction: its images copied into media storage (through
   the same checks as uploads), its links to other imported pages pointed at their new
   addresses, and a 301 redirect from its old address to the new one.

Each article remembers its old address (`Article.imported_from`), so a second run updates
the articles it made before (and leaves alone those whose text has not changed) instead of
adding copies. With dry_run, nothing is written: the report says what would happen.
"""

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import images, redirects, revisions
from articles.importing import PARSERS, ImportedPage, UnreadablePage, read_page, replace_urls
from articles.models import Article, Category, Redirect, Section
from articles.validators import RESERVED_ARTICLE_SLUGS, validate_site_path

# Content-addressed, so that importing the same image again finds it already stored.
IMAGE_FOLDER = "articles/imported"
# Pages an old site served for its folder's address (/marketing/ for marketing/index.html).
INDEX_NAMES = {"index.html", "index.htm", "default.html", "default.htm"}
SLUG_LENGTH = 200


@dataclass(frozen=True)
class SourceFile:
    path: Path  # as found under the PATH given
    root: Path  # the folder the PATH names, or the folder of a file given alone
    old_path: str  # its address on the old site, such as /marketing/pricing.html

    def __str__(self):
        return str(self.path)

    @property
    def old_paths(self):
        """Return the old addresses to redirect: the file's, and its folder's for an index page."""
        paths = [self.old_path]
        if self.path.name.lower() in INDEX_NAMES:
            folder = posixpath.dirname(self.old_path).rstrip("/") + "/"
            if folder != "/":
                paths.append(folder)
        return paths


def find_pages(paths, base_url=""):
    """Return a SourceFile for each page file in `paths` (files, or folders searched
    recursively), in a stable order. The old address is the file's path under the folder,
    below the path of `base_url` if given."""
    base_path = urlsplit(base_url).path if base_url else "/"
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    sources, seen = [], set()
    for path in map(Path, paths):
        if path.is_dir():
            root = path
            files = sorted(
                file
                for file in path.rglob("*")
                if file.suffix.lower() in PARSERS
                and file.is_file()
                and not any(part.startswith(".") for part in file.relative_to(root).parts)
            )
        else:
            root, files = path.parent, [path]
        for file in files:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            old_path = base_path + file.relative_to(root).as_posix()
            sources.append(SourceFile(path=file, root=root, old_path=old_path))
    return sources


@dataclass
class Report:
    """What an import did, or would do: (file, new address) and (file, reason) pairs."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


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
    def __init__(self, *, category=None, publish=False, dry_run=False, base_url="", progress=None):
        self.category = category
        self.publish = publish
        self.dry_run = dry_run
        self.old_host = host_of(base_url)
        self.base_path = urlsplit(base_url).path.rstrip("/") if base_url else ""
        self.progress = progress or (lambda phase, done, total, label: None)
        self.report = Report()
        self.targets = {}  # old address -> new address, of every imported page
        self.stored_images = {}  # file on disk -> (media URL, None) or (None, why it was refused)

    def run(self, sources):
        """Import `sources` (SourceFile objects); return the Report."""
        placements = self.place(self.read(sources))
        self.targets = self.link_targets(placements)
        for number, placement in enumerate(placements, start=1):
            self.progress("Importing", number, len(placements), str(placement.source))
            self.write(placement)
        return self.report

    def read(self, sources):
        pages, old_paths = [], {}
        for number, source in enumerate(sources, start=1):
            self.progress("Reading", number, len(sources), str(source))
            if source.old_path in old_paths:
                self.report.skipped.append(
                    (str(source), f"it has the same old address as {old_paths[source.old_path]}")
                )
                continue
            old_paths[source.old_path] = source
            try:
                page = read_page(source.path)
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
            category = self.category or category_for(source, page, categories)
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

    def write(self, placement):
        """Create, update or leave alone the placement's article (all of it or none of it)."""
        label, url = str(placement.source), placement.url
        try:
            intro, sections = self.rewrite(placement)
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

    def save(self, placement, intro, sections):
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

    def rewrite(self, placement):
        """Return the intro and (heading, body) sections with links and images pointing at
        their new addresses."""
        page, source = placement.page, placement.source
        urls = {}
        for href in page.links:
            urls[href] = self.new_link(source, href)
        for image in page.images:
            urls[image.src] = self.new_image(source, image.src)
        urls = {old: new for old, new in urls.items() if new and new != old}
        intro = replace_urls(page.intro, urls)
        sections = [(s.heading, replace_urls(s.body, urls)) for s in page.sections]
        return intro, sections

    def new_link(self, source, href):
        """Return the new address for a link written in an old page."""
        old_path, suffix = self.old_address(source, href)
        if old_path is None:
            return href  # another site, an e-mail address, or a place on the same page
        target = self.targets.get(old_path) or self.targets.get(old_path.rstrip("/") + "/")
        if target:
            return target + suffix
        self.report.warnings.append(
            (str(source), f"link to {old_path} kept: no imported page had that address")
        )
        return quote(old_path) + suffix

    def new_image(self, source, src):
        """Copy an image the page shows from the import folder; return its media URL."""
        old_path, _ = self.old_address(source, src)
        if old_path is None:
            if not src.startswith("#"):
                self.report.warnings.append(
                    (str(source), f"image {src} not copied: not on the old site")
                )
            return None
        relative = old_path.removeprefix(self.base_path).lstrip("/")
        file = (source.root / relative).resolve()
        outside_base = self.base_path and not old_path.startswith(self.base_path + "/")
        if outside_base or not file.is_relative_to(source.root.resolve()):
            self.report.warnings.append(
                (str(source), f"image {src} not copied: outside the import folder")
            )
            return None
        if file not in self.stored_images:
            self.stored_images[file] = self.store_image(file)
        url, problem = self.stored_images[file]
        if problem:
            self.report.warnings.append((str(source), f"image {src} not copied: {problem}"))
        return url

    def store_image(self, file):
        """Return (media URL, None) for an image file, or (None, the reason it was refused)."""
        if not file.is_file():
            return None, "file not found"
        try:
            with file.open("rb") as handle:
                cleaned = images.clean_upload(File(handle, name=file.name))
        except ValidationError as exc:
            return None, describe(exc)
        except OSError as exc:
            return None, exc.strerror or str(exc)
        content = cleaned.read()
        stem, extension = posixpath.splitext(cleaned.name)
        digest = hashlib.sha256(content).hexdigest()[:12]
        name = f"{IMAGE_FOLDER}/{stem}-{digest}{extension}"
        if not self.dry_run and not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
            images.make_renditions(FieldFile(None, Section._meta.get_field("image"), name))
        return default_storage.url(name), None

    def old_address(self, source, url):
        """Return (old path, "?query#fragment") for a URL on the old site, else (None, "")."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("http", "https", "") or host_of(url) != self.old_host:
                return None, ""
            path = parts.path or "/"
        elif not parts.path:
            return None, ""
        else:
            path = urljoin(source.old_path, parts.path)
        path = unquote(posixpath.normpath(path) + ("/" if path.endswith("/") else ""))
        path = path.replace("//", "/")
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        return path, suffix


def host_of(url):
    """Return a URL's host without "www.", so that both spellings of the old site match."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def category_for(source, page, categories):
    """Return the category named by the page's folder, else by its breadcrumb, else None."""
    names = [source.path.parent.name, *reversed(page.breadcrumb)]
    for name in names:
        for category in categories:
            if name and (name.lower() == category.name.lower() or slugify(name) == category.slug):
                return category
    return None


def no_category_reason(source, page):
    reason = f"no category: the folder “{source.path.parent.name}”"
    if page.breadcrumb:
        reason += f" and the breadcrumb “{' > '.join(page.breadcrumb)}”"
    return reason + " name no existing category (give one with --category)"


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
