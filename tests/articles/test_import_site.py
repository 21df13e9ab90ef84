"""import_site: an old site served on 127.0.0.1 is fetched and imported, and a rerun fetches
nothing."""

import io
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article, Redirect
from tests.factories import make_category


def page(title, body, links=()):
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        f"<!doctype html><html><head><title>{title} | Old Site</title></head><body>"
        f"<nav><ul>{anchors}</ul></nav><main><h1>{title}</h1>{body}</main>"
        "<footer><p>Copyright 2009 Old Site</p></footer></body></html>"
    ).encode()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


MENU = [
    ("/", "Home"),
    ("/marketing/", "Marketing"),
    ("/tips/pricing.html", "Pricing"),
    ("/tips/pricing.html#top", "Pricing again"),  # the same page, with a fragment
    ("http://other.example/elsewhere.html", "Another site"),
    ("mailto:owner@old-site.example", "Write to us"),
    ("/networking/define-social-networks", "Social networks"),
    ("/private/notes.html", "Private"),
    ("/missing.html", "A page that is gone"),
    ("/files/guide.pdf", "The guide"),
    ("/search?q=pricing", "Search results"),
]

SECTIONS = "<h2>First things</h2><p>{0} starts with a plan.</p><h2>Then</h2><p>Keep at it.</p>"


def old_site_pages():
    return {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/": (
            200,
            "text/html",
            page("Welcome", '<p>Start with <a href="tips/pricing.html">pricing</a>.</p>', MENU),
        ),
        "/marketing/": (
            200,
            "text/html",
            page("Marketing on a small budget", SECTIONS.format("Marketing"), MENU),
        ),
        "/tips/pricing.html": (
            200,
            "text/html; charset=utf-8",
            page(
                "Pricing for profit",
                SECTIONS.format("Pricing") + '<p><img src="../images/price.png" alt="A chart"></p>',
                MENU,
            ),
        ),
        "/networking/define-social-networks": (
            200,
            "text/html",
            page("Define social networks", SECTIONS.format("Networking"), MENU),
        ),
        "/private/notes.html": (200, "text/html", page("Private", "<p>Not for robots.</p>")),
        "/images/price.png": (200, "image/png", png_bytes()),
        "/files/guide.pdf": (200, "application/pdf", b"%PDF-1.4 not fetched"),
    }


class OldSite:
    """A small old web site on 127.0.0.1 that counts the requests it answers."""

    def __init__(self, pages):
        self.pages = pages
        self.requests = Counter()
        self.slow = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests[self.path] += 1
                if self.path in site.slow:
                    time.sleep(1.5)
                status, content_type, body = site.pages.get(
                    self.path, (404, "text/html", b"<h1>Not found</h1>")
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except BrokenPipeError:
                    pass  # the importer stopped waiting (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def old_site():
    site = OldSite(old_site_pages())
    yield site
    site.close()


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def categories(db):
    return {slug: make_category(name=slug.title(), slug=slug) for slug in ["marketing", "sales"]}


def import_site(site, *args):
    out = io.StringIO()
    call_command(
        "import_site",
        site.url,
        "--delay",
        "0",
        "--category-map",
        "marketing=marketing",
        "--category-map",
        "tips=sales",
        "--category-map",
        "networking=sales",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_every_linked_page_is_fetched_once_and_imported(old_site, categories):
    import_site(old_site)

    titles = dict(Article.objects.values_list("title", "category__slug"))
    assert titles == {
        "Marketing on a small budget": "marketing",
        "Pricing for profit": "sales",
        "Define social networks": "sales",
    }
    for path in ["/", "/marketing/", "/tips/pricing.html", "/networking/define-social-networks"]:
        assert old_site.requests[path] == 1, path


def test_robots_txt_other_sites_files_and_queries_are_not_fetched(old_site, categories):
    output = import_site(old_site)

    assert old_site.requests["/private/notes.html"] == 0
    assert "/private/notes.html: its robots.txt asks robots not to" in output
    assert old_site.requests["/files/guide.pdf"] == 0
    assert not any(path.startswith("/search") for path in old_site.requests)


def test_a_page_that_fails_is_reported_and_the_others_imported(old_site, categories):
    output = import_site(old_site)

    assert f"Not fetched: {old_site.url}missing.html: the site answered 404" in output
    assert Article.objects.count() == 3


def test_a_page_that_times_out_is_reported_and_asked_for_again_next_time(old_site, categories):
    old_site.slow.add("/networking/define-social-networks")
    output = import_site(old_site, "--timeout", "0.5")

    assert "define-social-networks: no answer" in output
    assert Article.objects.count() == 2

    old_site.slow.clear()
    import_site(old_site)
    assert Article.objects.filter(title="Define social networks").exists()


def test_old_addresses_redirect_to_the_new_articles(client, old_site, categories):
    import_site(old_site, "--publish")
    pricing = Article.objects.get(title="Pricing for profit")
    networks = Article.objects.get(title="Define social networks")

    response = client.get("/tips/pricing.html")
    assert response.status_code == 301
    assert response["Location"] == pricing.get_absolute_url()
    assert client.get("/networking/define-social-networks").status_code == 301
    assert Redirect.objects.filter(
        old_path="/networking/define-social-networks", new_path=networks.get_absolute_url()
    ).exists()


def test_the_sites_images_are_fetched_and_copied_into_the_article(old_site, categories):
    import_site(old_site)

    pricing = Article.objects.get(title="Pricing for profit")
    bodies = " ".join(pricing.sections.values_list("body", flat=True))
    assert "/media/articles/imported/price-" in bodies
    assert old_site.requests["/images/price.png"] == 1


def test_a_second_run_fetches_nothing_and_changes_nothing(old_site, categories):
    import_site(old_site)
    before = sum(old_site.requests.values())

    output = import_site(old_site)

    assert sum(old_site.requests.values()) == before
    assert "0 requests to the site" in output
    assert "0 created, 0 updated, 3 unchanged" in output


def test_refresh_fetches_the_pages_again(old_site, categories):
    import_site(old_site)
    import_site(old_site, "--refresh")

    assert old_site.requests["/tips/pricing.html"] == 2


def test_the_sitemap_lists_the_pages_when_the_site_has_one(categories):
    pages = old_site_pages()
    pages["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow:\n")
    site = OldSite(pages)
    pages["/sitemap.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{site.url}tips/pricing.html</loc></url>"
            f"<url><loc>{site.url}unlinked/hidden-gem.html</loc></url>"
            "<url><loc>http://other.example/not-ours.html</loc></url>"
            "</urlset>"
        ).encode(),
    )
    pages["/unlinked/hidden-gem.html"] = (
        200,
        "text/html",
        page("A page only the sitemap names", SECTIONS.format("It")),
    )
    try:
        import_site(site, "--category-map", "unlinked=sales")
    finally:
        site.close()

    assert set(Article.objects.values_list("title", flat=True)) == {
        "Pricing for profit",
        "A page only the sitemap names",
    }
    assert site.requests["/marketing/"] == 0  # links are not followed when a sitemap lists pages


def test_max_pages_bounds_the_crawl(old_site, categories):
    output = import_site(old_site, "--max-pages", "2")

    fetched_pages = [path for path in old_site.requests if not path.endswith((".txt", ".png"))]
    assert len([path for path in fetched_pages if path != "/sitemap.xml"]) == 2
    assert "Stopped at 2 pages (--max-pages)" in output


def test_dry_run_fetches_but_writes_no_articles(old_site, categories):
    output = import_site(old_site, "--dry-run")

    assert Article.objects.count() == 0
    assert "Dry run, nothing was written" in output


@pytest.mark.parametrize(
    "args, message",
    [
        (["ftp://old.example/"], "Not a web address"),
        (["http://127.0.0.1:9/"], "Cannot reach http://127.0.0.1:9"),
        (["http://127.0.0.1:9/", "--category-map", "tips"], "takes FOLDER=SLUG"),
        (["http://127.0.0.1:9/", "--category-map", "tips=nowhere"], "Unknown category"),
        (["http://127.0.0.1:9/", "--max-pages", "0"], "--max-pages must be 1 or more"),
    ],
)
def test_bad_arguments_are_clear_errors(categories, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_site", *args, "--delay", "0", "--timeout", "1", stdout=io.StringIO())


def test_without_a_map_a_page_goes_to_the_category_its_old_folder_names(old_site, db):
    make_category(name="Networking", slug="networking")

    output = import_site_without_map(old_site)

    assert Article.objects.get().category.slug == "networking"
    assert "http://127.0.0.1" in output and "no category" in output  # the others, reported


def import_site_without_map(site):
    out = io.StringIO()
    call_command("import_site", site.url, "--delay", "0", stdout=out)
    return out.getvalue()
