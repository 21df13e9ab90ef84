"""/sitemap.xml follows the sitemaps.org protocol; /robots.txt points crawlers at it."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Page
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
URL_CHILDREN = {f"{{{NS}}}{name}" for name in ["loc", "lastmod", "changefreq", "priority"]}
CHANGEFREQS = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
# W3C Datetime, as the protocol requires: a date, or a date and time with a time zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def fetch_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return response.content


def check_protocol(content):
    """Check the rules of sitemaps.org/protocol.html that the XML schema expresses, and more."""
    assert content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert len(content) <= 50 * 1024 * 1024
    root = ET.fromstring(content)
    assert root.tag == f"{{{NS}}}urlset"
    urls = root.findall(f"{{{NS}}}url")
    assert 0 < len(urls) <= 50_000
    assert list(root) == urls, "urlset may only hold url elements"
    sitemap_host = urlsplit(settings.SITE_URL).netloc
    entries = {}
    for url in urls:
        children = [child.tag for child in url]
        assert set(children) <= URL_CHILDREN, children
        assert children.count(f"{{{NS}}}loc") == 1
        assert all(children.count(tag) <= 1 for tag in children)
        loc = url.findtext(f"{{{NS}}}loc")
        assert len(loc) < 2048
        parts = urlsplit(loc)
        assert parts.scheme in {"http", "https"} and parts.netloc == sitemap_host, loc
        assert loc not in entries, f"{loc} is listed twice"
        lastmod = url.findtext(f"{{{NS}}}lastmod")
        if lastmod is not None:
            assert W3C_DATETIME.match(lastmod), lastmod
        changefreq = url.findtext(f"{{{NS}}}changefreq")
        if changefreq is not None:
            assert changefreq in CHANGEFREQS
        priority = url.findtext(f"{{{NS}}}priority")
        if priority is not None:
            assert 0.0 <= float(priority) <= 1.0
        entries[loc] = lastmod
    return entries


def test_sitemap_lists_home_categories_published_articles_index_blog_and_pages(client):
    category = make_category(slug="planning")
    article = make_article(category=category, slug="cash-flow")
    draft = make_article(category=category, slug="draft", status=Article.Status.DRAFT)
    scheduled = make_article(category=category, published_at=timezone.now() + timedelta(days=1))
    Page.objects.create(slug="about", title="About", body="Us.")
    Page.objects.create(slug="home", title="Welcome", body="Hello.")

    entries = check_protocol(fetch_sitemap(client))

    site = settings.SITE_URL
    for path in ["/", "/site-index/", "/blog/", "/planning/", "/planning/cash-flow/"]:
        assert f"{site}{path}" in entries, path
    assert f"{site}/pages/about/" in entries
    assert f"{site}/pages/home/" not in entries
    assert f"{site}{draft.get_absolute_url()}" not in entries
    assert f"{site}{scheduled.get_absolute_url()}" not in entries
    assert entries[f"{site}{article.get_absolute_url()}"] == article.updated_at.strftime("%Y-%m-%d")


def test_sitemap_uses_the_public_address_whatever_the_host(client, settings):
    settings.SITE_URL = "https://advice.example"
    settings.ALLOWED_HOSTS = ["internal.host"]
    make_article()

    response = client.get("/sitemap.xml", HTTP_HOST="internal.host")

    assert b"internal.host" not in response.content
    assert all(
        loc.startswith("https://advice.example/") for loc in check_protocol(response.content)
    )


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
