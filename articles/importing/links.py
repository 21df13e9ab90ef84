"""Point an imported page's links and images at their new addresses, copying its images."""

import hashlib
import posixpath
import re
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile

from articles import images
from articles.models import Section

# Content-addressed, so that importing the same image again finds it already stored.
IMAGE_FOLDER = "articles/imported"

# The destination of an inline link or image, [text](url "title"), and of a reference
# definition, [id]: url "title". Python-Markdown parses these but cannot write Markdown back,
# so the destinations are replaced in the text itself.
INLINE_DESTINATION = re.compile(r"(\]\([ \t]*<?)([^\s)>]+)")
REFERENCE_DESTINATION = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s>]+)", re.M)


class LinkRewriter:
    """Rewrite the pages of one import run, given the new address of each old one.

    `targets` maps old addresses (of this run's pages and of earlier imports) to new ones;
    what cannot be pointed anywhere new is reported through `warn(label, message)`.
    """

    def __init__(self, *, targets, base_url="", dry_run=False, warn):
        self.targets = targets
        self.old_host = host_of(base_url)
        self.base_path = urlsplit(base_url).path.rstrip("/") if base_url else ""
        self.dry_run = dry_run
        self.warn = warn
        self.stored_images = {}  # file on disk -> (media URL, None) or (None, why it was refused)

    def rewrite(self, source, page):
        """Return the intro and (heading, body) sections with links and images pointing at
        their new addresses."""
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
        self.warn(str(source), f"link to {old_path} kept: no imported page had that address")
        return quote(old_path) + suffix

    def new_image(self, source, src):
        """Copy an image the page shows from the import folder; return its media URL."""
        old_path, _ = self.old_address(source, src)
        if old_path is None:
            if not src.startswith("#"):
                self.warn(str(source), f"image {src} not copied: not on the old site")
            return None
        relative = old_path.removeprefix(self.base_path).lstrip("/")
        file = (source.root / relative).resolve()
        outside_base = self.base_path and not old_path.startswith(self.base_path + "/")
        if outside_base or not file.is_relative_to(source.root.resolve()):
            self.warn(str(source), f"image {src} not copied: outside the import folder")
            return None
        if file not in self.stored_images:
            self.stored_images[file] = self.store_image(file)
        url, problem = self.stored_images[file]
        if problem:
            self.warn(str(source), f"image {src} not copied: {problem}")
        return url

    def store_image(self, file):
        """Return (media URL, None) for an image file, or (None, the reason it was refused)."""
        if not file.is_file():
            return None, "file not found"
        try:
            with file.open("rb") as handle:
                cleaned = images.clean_upload(File(handle, name=file.name))
        except ValidationError as exc:
            return None, " ".join(exc.messages)
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
            # urljoin drops the leading slash when "../" climbs above the top folder, where a
            # browser stays at the top.
            path = "/" + urljoin(source.old_path, parts.path).lstrip("/")
        path = unquote(posixpath.normpath(path) + ("/" if path.endswith("/") else ""))
        path = path.replace("//", "/")
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        return path, suffix


def replace_urls(text, urls):
    """Return Markdown `text` with the link and image destinations in `urls` (old: new)
    replaced; other text, even if it looks like one of those URLs, is left as it is."""
    if not urls:
        return text

    def replace(match):
        return match.group(1) + urls.get(match.group(2), match.group(2))

    return REFERENCE_DESTINATION.sub(replace, INLINE_DESTINATION.sub(replace, text))


def host_of(url):
    """Return a URL's host without "www.", so that both spellings of the old site match."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None
