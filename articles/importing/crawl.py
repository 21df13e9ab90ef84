"""Fetch an old site's pages from its address into a folder, for the importer to read.

`Crawler(start_url, store).crawl()` asks the site for its robots.txt, then takes the pages its
sitemap lists, or, when it has no sitemap, follows its own links from the start page: one
request at a time, a pause between them, the same host only, at most `max_pages` pages, each
answer bounded in time and size. Pages and the images they show are written under the store
folder at their paths on the old site (`/marketing/` as marketing/index.html), so that the
importer finds them as it finds a saved copy of the site.

Every answer is kept in the store's manifest.json, so a second crawl of the same site asks
the network for nothing it already has: only addresses that failed for a passing reason
(a timeout, a server error, a refused connection) are asked for again.
"""

import json
import posixpath
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from lxml import etree

from articles.importing.reader import MAX_PAGE_BYTES
from articles.importing.sources import SourceFile

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # as for an editor's upload (articles.images)
MAX_SITEMAPS = 20  # a sitemap index may name several; a few are plenty for a small site
HTML_TYPES = {"text/html", "application/xhtml+xml"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# Addresses that are files, not pages: not worth a request while following links.
NOT_PAGES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".pdf", ".zip",
    ".epub", ".mp3", ".mp4", ".mov", ".doc", ".docx", ".xls", ".xlsx", ".xml", ".rss", ".txt",
}  # fmt: skip


@dataclass(frozen=True)
class FetchedPage(SourceFile):
    """A page kept in the store, named in reports by the address it was fetched from."""

    url: str = ""

    def __str__(self):
        return self.url

    @property
    def folder(self):
        """Return the folder the page was in on the old site ("" at the top)."""
        return posixpath.basename(posixpath.dirname(self.old_path.rstrip("/")))


class CrawlError(Exception):
    """The crawl cannot start: a bad address, or the site cannot be reached at all."""


@dataclass
class Answer:
    """What the old site answered for one address."""

    status: int  # 0 when no answer came (a timeout, a refused connection)
    content_type: str = ""
    body: bytes = b""
    error: str = ""

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def lasting(self):
        """Whether asking again later would give the same answer (kept in the store)."""
        return self.status != 0 and self.status < 500


@dataclass
class CrawlResult:
    pages: list = field(default_factory=list)  # SourceFile for each page fetched
    failed: list = field(default_factory=list)  # (url, why)
    refused_by_robots: list = field(default_factory=list)  # urls
    requests: int = 0  # made to the network this time
    from_store: int = 0  # answered from the store
    images: int = 0
    limited: bool = False  # stopped at max_pages with more to fetch


class Store:
    """The fetched answers of one site: files at their old paths, and a manifest of answers."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.files = self.folder / "files"
        self.manifest_path = self.folder / "manifest.json"
        try:
            self.answers = json.loads(self.manifest_path.read_text())["answers"]
        except (OSError, ValueError, KeyError, TypeError):
            self.answers = {}

    def get(self, url):
        entry = self.answers.get(url)
        if entry is None:
            return None
        body = b""
        if entry.get("file"):
            try:
                body = (self.files / entry["file"]).read_bytes()
            except OSError:
                return None  # the file went missing: ask again
        return Answer(entry["status"], entry.get("type", ""), body, entry.get("error", ""))

    def has(self, url):
        """Return True if an answer for `url` is kept (with its file, if it had one)."""
        entry = self.answers.get(url)
        return entry is not None and (
            not entry.get("file") or (self.files / entry["file"]).is_file()
        )

    def put(self, url, answer, file_name=None):
        entry = {"status": answer.status, "type": answer.content_type}
        if answer.error:
            entry["error"] = answer.error
        if file_name and answer.ok:
            path = self.files / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(answer.body)
            entry["file"] = file_name
        self.answers[url] = entry

    def file_for(self, url):
        entry = self.answers.get(url) or {}
        return self.files / entry["file"] if entry.get("file") else None

    def save(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"answers": self.answers}, indent=1, sort_keys=True))
        temporary.replace(self.manifest_path)


class SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the old site: another host is not the site's own page."""

    def __init__(self, host):
        self.host = host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if host_of(newurl) != self.host:
            raise urllib.error.HTTPError(
                newurl,
                code,
                f"redirects to another site ({urlsplit(newurl).hostname})",
                headers,
                fp,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Crawler:
    """Fetch one old site into `store_folder`; `progress(done, total, url)` follows the work."""

    def __init__(
        self,
        start_url,
        store_folder,
        *,
        max_pages=500,
        delay=1.0,
        timeout=10.0,
        user_agent="site-importer",
        refresh=False,
        progress=None,
    ):
        parts = urlsplit(start_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CrawlError(f"Not a web address: “{start_url}” (give http:// or https://).")
        self.start_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = host_of(start_url)
        self.store = Store(store_folder)
        if refresh:
            self.store.answers = {}
        self.max_pages = max_pages
        self.delay = delay
        self.timeout = timeout
        self.user_agent = user_agent
        self.progress = progress or (lambda done, total, url: None)
        self.opener = urllib.request.build_opener(SameHostRedirects(self.host))
        self.result = CrawlResult()
        self.last_request = None

    # Fetching ------------------------------------------------------------------------

    def fetch(self, url, *, limit, file_name=None):
        """Return the Answer for `url`, from the store when it is there, else the network."""
        answer = self.store.get(url)
        if answer is not None:
            self.result.from_store += 1
            return answer
        answer = self.download(url, limit)
        if answer.lasting:
            self.store.put(url, answer, file_name)
        return answer

    def download(self, url, limit):
        if self.last_request is not None:
            time.sleep(max(0.0, self.last_request + self.delay - time.monotonic()))
        self.last_request = time.monotonic()
        self.result.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(limit + 1)
                content_type = response.headers.get_content_type()
                status = response.status
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, error=f"the site answered {exc.code} {exc.reason}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Answer(0, error=f"no answer: {reason}")
        if len(body) > limit:
            return Answer(413, content_type, error=f"larger than {limit // (1024 * 1024)} MB")
        return Answer(status, content_type, body)

    # The crawl -----------------------------------------------------------------------

    def crawl(self):
        """Fetch the site's pages (and their images) into the store; return a CrawlResult."""
        try:
            robots = self.read_robots()
            if self.delay and robots.crawl_delay(self.user_agent):
                self.delay = max(self.delay, float(robots.crawl_delay(self.user_agent)))
            listed = self.sitemap_pages(robots)
            queue = listed or [self.start_url]
            follow_links = not listed
            seen, done = set(queue), 0
            while queue:
                if done >= self.max_pages:
                    self.result.limited = True
                    break
                url = queue.pop(0)
                if not robots.can_fetch(self.user_agent, url):
                    self.result.refused_by_robots.append(url)
                    continue
                done += 1
                self.progress(done, min(self.max_pages, done + len(queue)), url)
                soup = self.fetch_page(url)
                if soup is None:
                    continue
                self.fetch_images(url, soup, robots)
                if follow_links:
                    for link in self.page_links(url, soup):
                        if link not in seen:
                            seen.add(link)
                            queue.append(link)
        finally:
            self.store.save()
        return self.result

    def read_robots(self):
        robots = urllib.robotparser.RobotFileParser()
        answer = self.fetch(self.origin + "/robots.txt", limit=512 * 1024, file_name="robots.txt")
        if answer.ok:
            robots.parse(answer.body.decode("utf-8", "replace").splitlines())
        elif answer.status == 0:
            raise CrawlError(f"Cannot reach {self.origin}: {answer.error}.")
        else:
            robots.parse([])  # no robots.txt: every page may be fetched
        return robots

    def sitemap_pages(self, robots):
        """Return the site's own pages its sitemaps list, in their order (empty if none)."""
        queue = list(robots.site_maps() or []) or [self.origin + "/sitemap.xml"]
        pages, seen = [], set()
        while queue and len(seen) < MAX_SITEMAPS:
            url = queue.pop(0)
            if url in seen or host_of(url) != self.host:
                continue
            seen.add(url)
            answer = self.fetch(url, limit=MAX_PAGE_BYTES, file_name=f"sitemaps/{len(seen)}.xml")
            if not answer.ok:
                continue
            kind, locations = read_sitemap(answer.body)
            for location in locations:
                location = page_address(location)
                if kind == "sitemapindex":
                    queue.append(location)
                elif location and host_of(location) == self.host and location not in pages:
                    pages.append(location)
        return pages

    def fetch_page(self, url):
        """Fetch a page; return its parsed HTML, or None (the failure is recorded)."""
        answer = self.fetch(url, limit=MAX_PAGE_BYTES, file_name=page_file(url))
        if not answer.ok:
            self.result.failed.append((url, answer.error or f"the site answered {answer.status}"))
            return None
        if answer.content_type not in HTML_TYPES:
            self.result.failed.append((url, f"not a web page ({answer.content_type})"))
            return None
        path = urlsplit(url).path or "/"
        old_path = path + "index.html" if path.endswith("/") else path
        self.result.pages.append(
            FetchedPage(
                path=self.store.file_for(url), root=self.store.files, old_path=old_path, url=url
            )
        )
        return BeautifulSoup(answer.body, "lxml")

    def fetch_images(self, url, soup, robots):
        """Fetch the site's own images the page shows, into the store at their paths."""
        for image in soup.find_all("img", src=True):
            src = page_address(urljoin(url, image["src"]))
            if not src or host_of(src) != self.host or not robots.can_fetch(self.user_agent, src):
                continue
            if self.store.has(src):
                continue  # fetched before (for another page, or in an earlier run)
            answer = self.fetch(src, limit=MAX_IMAGE_BYTES, file_name=stored_path(src))
            if answer.ok and answer.content_type in IMAGE_TYPES:
                self.result.images += 1
            # A missing image is reported by the importer, which looks for its file.

    def page_links(self, url, soup):
        """Return the addresses of the pages on this site that a page links to."""
        links = []
        for anchor in soup.find_all("a", href=True):
            link = page_address(urljoin(url, anchor["href"]))
            if not link or host_of(link) != self.host:
                continue
            if posixpath.splitext(urlsplit(link).path)[1].lower() in NOT_PAGES:
                continue
            links.append(link)
        return links


def read_sitemap(data):
    """Return ("urlset" or "sitemapindex", the <loc> addresses) of a sitemap's XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return "", []
    kind = etree.QName(root).localname
    locations = [
        element.text.strip()
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname == "loc" and element.text
    ]
    return kind, locations


def page_address(url):
    """Return an http(s) address without its fragment, or "" for what is not a page address:
    another scheme, or a query string (search results, calendars: not articles)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def stored_path(url):
    """Return where an address's file goes under the store: its path on the old site."""
    path = posixpath.normpath(unquote(urlsplit(url).path or "/")).lstrip("/")
    parts = [part for part in path.split("/") if part not in ("", ".", "..")]
    return "/".join(parts)


def page_file(url):
    """Return the file name a page is kept under: an .html name the importer reads
    (/marketing/ as marketing/index.html, /about as about/index.html)."""
    path = stored_path(url)
    if not path or (urlsplit(url).path or "/").endswith("/"):
        return posixpath.join(path, "index.html")
    if posixpath.splitext(path)[1].lower() in (".html", ".htm"):
        return path
    return posixpath.join(path, "index.html")


def folder_name(url):
    """Return a file-system name for a site: its host and port ("old.example-8080")."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", host_of(url)).strip("-.") or "site"


def host_of(url):
    """Return a URL's host and port without "www.", so that both spellings of a site match."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host
