"""RSS and Atom feeds, read with a real feed parser."""

import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    marketing = make_category(name="Marketing", slug="marketing")
    sales = make_category(name="Sales", slug="sales")
    now = timezone.now()
    author = make_user("writer", first_name="Pat", last_name="Jones")
    newest = make_article(
        category=marketing,
        title="Newest & Best",
        summary="Short <b>and</b> useful.",
        published_at=now - timedelta(hours=1),
        author=author,
    )
    older = make_article(category=sales, title="Older", published_at=now - timedelta(days=2))
    make_article(category=sales, title="Draft", status=Article.Status.DRAFT)
    make_article(category=sales, title="Scheduled", published_at=now + timedelta(days=1))
    return newest, older


FEED_URLS = ["/feed/", "/feed/atom/", "/sales/feed/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def test_rss_feed_lists_newest_published_articles(client, articles):
    newest, older = articles

    response, feed = parse(client, reverse("articles:rss_feed"))

    assert response["Content-Type"] == "application/xml; charset=utf-8"  # see test below
    assert feed.version == "rss20"
    assert feed.feed.title == settings.SITE_NAME
    assert feed.feed.link == f"{settings.SITE_URL}/"
    assert [entry.title for entry in feed.entries] == ["Newest & Best", "Older"]
    entry = feed.entries[0]
    assert entry.link == f"{settings.SITE_URL}{newest.get_absolute_url()}"
    assert entry.summary == "Short &lt;b&gt;and&lt;/b&gt; useful."
    assert entry.author == "Pat Jones"
    assert [tag.term for tag in entry.tags] == ["Marketing"]
    assert entry.published_parsed[:5] == newest.published_at.utctimetuple()[:5]


def test_atom_feed_lists_the_same_articles_with_ids_and_dates(client, articles):
    newest, older = articles

    response, feed = parse(client, reverse("articles:atom_feed"))

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert feed.version == "atom10"
    assert feed.feed.title == settings.SITE_NAME
    assert feed.feed.subtitle
    assert [entry.title for entry in feed.entries] == ["Newest & Best", "Older"]
    entry = feed.entries[0]
    assert entry.id == f"{settings.SITE_URL}{newest.get_absolute_url()}"
    assert entry.updated_parsed
    assert entry.published_parsed
    assert entry.author == "Pat Jones"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"{settings.SITE_URL}{reverse('articles:atom_feed')}"]


def test_category_feed_lists_only_that_category(client, articles):
    newest, older = articles

    _, feed = parse(client, reverse("articles:category_feed", kwargs={"slug": "sales"}))

    assert [entry.title for entry in feed.entries] == ["Older"]
    assert feed.feed.title.startswith("Sales")
    assert feed.feed.link == f"{settings.SITE_URL}/sales/"


@pytest.mark.parametrize("page_cache_seconds", [0, 600], ids=["page cache off", "page cache on"])
@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_is_handed_to_the_server_in_one_piece(client, articles, url, page_cache_seconds):
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        client.get(url)
        # With the page cache on, this one comes from the cache.
        response = client.get(url)

    # A WSGI server sends each piece a response yields on its own, in a packet of its own.
    assert len(list(response)) == 1


@pytest.mark.parametrize("url", FEED_URLS)
def test_second_anonymous_feed_request_runs_no_query(client, articles, url):
    with override_settings(PAGE_CACHE_SECONDS=600):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)

    assert len(queries) == 0
    assert second.content == first.content


def test_unknown_category_feed_is_404(client):
    assert client.get("/no-such-category/feed/").status_code == 404


def test_feed_holds_at_most_twenty_articles(client):
    category = make_category()
    for _ in range(25):
        make_article(category=category)
    _, feed = parse(client, reverse("articles:rss_feed"))
    assert len(feed.entries) == 20


def test_every_page_links_the_feeds_for_autodiscovery(client, articles):
    newest, _ = articles
    for url in ["/", "/blog/", "/site-index/", newest.get_absolute_url()]:
        body = client.get(url).content.decode()
        head = body[: body.index("</head>")]
        assert (
            f'type="application/rss+xml" title="{settings.SITE_NAME}: new articles (RSS)"' in head
        )
        assert 'type="application/atom+xml"' in head
        assert 'href="/feed/"' in head
        assert 'href="/feed/atom/"' in head


def test_category_and_article_pages_also_link_the_category_feed(client, articles):
    newest, _ = articles
    for url in ["/marketing/", newest.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert 'href="/marketing/feed/"' in body[: body.index("</head>")]


def test_article_page_has_a_subscribe_to_this_site_block(client, articles):
    newest, _ = articles

    response = client.get(newest.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    block = body[body.index('class="feeds-box"') :]
    block = block[: block.index("</aside>")]
    assert "Subscribe to this site" in block
    for href in ["/feed/", "/feed/atom/", "/marketing/feed/"]:
        assert f'href="{href}"' in block


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_names_the_readable_stylesheet_and_stays_a_valid_feed(client, articles, url):
    response = client.get(url)

    body = response.content.decode()
    assert body.index("<?xml-stylesheet") < body.index("<rss" if "atom" not in url else "<feed")
    assert 'href="/static/feeds/feed.xsl"' in body and 'type="text/xsl"' in body
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert parsed.version in {"rss20", "atom10"}
    assert parsed.entries


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_is_served_as_xml_so_that_browsers_apply_its_stylesheet(client, articles, url):
    response = client.get(url)

    assert response["Content-Type"] == "application/xml; charset=utf-8"


def test_feed_stylesheet_and_its_css_are_static_files(client):
    for path in ["/static/feeds/feed.xsl", "/static/feeds/feed.css"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content), path


def test_subscribe_to_this_site_block_explains_feeds_and_links_to_the_feed_page(client, articles):
    newest, _ = articles

    body = client.get(newest.get_absolute_url()).content.decode()

    block = body[body.index('class="feeds-box"') :]
    block = block[: block.index("</aside>")]
    assert "feed reader" in block
    assert '<a href="/feed/">see what a feed is and how to follow ours</a>' in block


def test_feed_stylesheet_is_served_with_an_xsl_type(client):
    response = client.get("/static/feeds/feed.xsl")

    assert response["Content-Type"].startswith("text/xsl")


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_names_the_site_as_its_publisher_for_the_feed_page(client, articles, url):
    _, feed = parse(client, url)

    assert feed.feed.publisher == settings.SITE_NAME


def test_feed_dates_are_in_the_sites_time_zone_so_the_feed_page_shows_the_sites_day(
    client, settings
):
    settings.TIME_ZONE = "America/New_York"
    # 03:00 in London on 5 December is still 4 December in New York.
    make_article(published_at=datetime(2026, 12, 5, 3, 0, tzinfo=UTC))

    rss = client.get(reverse("articles:rss_feed")).content.decode()
    atom = client.get(reverse("articles:atom_feed")).content.decode()

    assert "<pubDate>Fri, 04 Dec 2026 22:00:00 -0500</pubDate>" in rss
    assert "<published>2026-12-04T22:00:00-05:00</published>" in atom


def font_faces(path):
    """Return the @font-face rules of a stylesheet in static/."""
    text = (settings.BASE_DIR / "static" / path).read_text()
    return re.findall(r"@font-face \{.*?\}", text, flags=re.DOTALL)


def test_feed_page_uses_the_same_fonts_as_the_site():
    assert len(font_faces("css/site.css")) == 3
    assert font_faces("feeds/feed.css") == font_faces("css/site.css")
