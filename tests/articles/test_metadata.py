"""Titles, descriptions, canonical links, Open Graph, Twitter cards and JSON-LD."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.test import override_settings

from articles import metadata
from articles.models import Page
from tests.factories import image_upload, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collect <title>, <meta>, <link rel> and JSON-LD scripts from a page."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.meta = {}
        self.links = {}
        self.json_ld = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json_ld":
            self.json_ld[-1] += data


def page_head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    parser.structured = {item["@type"]: item for item in map(json.loads, parser.json_ld)}
    return parser


@pytest.fixture
def article():
    category = make_category(name="Marketing", slug="marketing")
    article = make_article(
        category=category,
        title="Pricing for Profit",
        slug="pricing-for-profit",
        summary="Charge for value, not hours.",
        author=make_user("writer", first_name="Sam", last_name="Lee"),
        hero_image=image_upload(),
        hero_alt="A price tag",
        hero_renditions=[
            {"width": 480, "height": 270, "name": "renditions/tag-480w.webp"},
            {"width": 1200, "height": 675, "name": "renditions/tag-1200w.webp"},
            {"width": 1600, "height": 900, "name": "renditions/tag-1600w.webp"},
        ],
    )
    return article


def test_article_page_has_title_description_and_canonical(client, article):
    head = page_head(client, article.get_absolute_url())

    assert head.title == f"Pricing for Profit | {settings.SITE_NAME}"
    assert head.meta["description"] == "Charge for value, not hours."
    assert head.links["canonical"] == f"{settings.SITE_URL}/marketing/pricing-for-profit/"


def test_article_page_has_open_graph_and_twitter_card_with_the_hero_rendition(client, article):
    meta = page_head(client, article.get_absolute_url()).meta

    image = f"{settings.SITE_URL}{settings.MEDIA_URL}renditions/tag-1200w.webp"
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Pricing for Profit"
    assert meta["og:description"] == "Charge for value, not hours."
    assert meta["og:url"] == f"{settings.SITE_URL}/marketing/pricing-for-profit/"
    assert meta["og:site_name"] == settings.SITE_NAME
    assert meta["og:image"] == image
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["og:image:alt"] == "A price tag"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == image
    assert meta["twitter:title"] == "Pricing for Profit"


def test_article_page_has_article_and_breadcrumb_json_ld(client, article):
    data = page_head(client, article.get_absolute_url()).structured

    assert set(data) == {"Article", "BreadcrumbList"}
    item = data["Article"]
    assert item["@context"] == "https://schema.org"
    assert item["headline"] == "Pricing for Profit"
    assert item["description"] == "Charge for value, not hours."
    assert item["author"] == {"@type": "Person", "name": "Sam Lee"}
    assert item["publisher"]["name"] == settings.SITE_NAME
    assert item["image"] == [f"{settings.SITE_URL}{settings.MEDIA_URL}renditions/tag-1200w.webp"]
    assert item["datePublished"].startswith(article.published_at.isoformat()[:19])
    assert item["dateModified"].startswith(article.updated_at.isoformat()[:19])
    assert item["mainEntityOfPage"]["@id"] == f"{settings.SITE_URL}{article.get_absolute_url()}"


def test_breadcrumb_json_ld_matches_the_visible_breadcrumbs(client, article):
    response = client.get(article.get_absolute_url())
    body = response.content.decode()
    nav = body[
        body.index('aria-label="Breadcrumb"') : body.index("</nav>", body.index("Breadcrumb"))
    ]
    visible = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav)]

    parser = HeadParser()
    parser.feed(body)
    crumbs = next(
        item for item in map(json.loads, parser.json_ld) if item["@type"] == "BreadcrumbList"
    )

    assert [crumb["name"] for crumb in crumbs["itemListElement"]] == visible
    assert [crumb["position"] for crumb in crumbs["itemListElement"]] == [1, 2, 3]
    assert crumbs["itemListElement"][1]["item"] == f"{settings.SITE_URL}/marketing/"
    assert "item" not in crumbs["itemListElement"][2]


def test_home_page_has_website_json_ld_with_a_search_action(client):
    data = page_head(client, "/").structured["WebSite"]

    assert data["name"] == settings.SITE_NAME
    assert data["url"] == f"{settings.SITE_URL}/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{settings.SITE_URL}/search/?q={{search_term}}"
    assert action["query-input"] == "required name=search_term"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    article = make_article(title="</script><script>alert(1)</script> & more")

    body = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in body
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in body
    parser = HeadParser()
    parser.feed(body)
    data = {item["@type"]: item for item in map(json.loads, parser.json_ld)}
    assert data["Article"]["headline"] == "</script><script>alert(1)</script> & more"


def test_every_page_has_canonical_description_open_graph_and_twitter_tags(client, article):
    Page.objects.create(slug="about", title="About us", summary="Who we are.", body="Us.")
    urls = [
        "/",
        "/marketing/",
        article.get_absolute_url(),
        "/site-index/",
        "/blog/",
        "/pages/about/",
        "/search/?q=pricing",
    ]
    for url in urls:
        head = page_head(client, url)
        path = url.split("?")[0]
        assert head.links["canonical"] == f"{settings.SITE_URL}{path}", url
        assert head.title.endswith(f"| {settings.SITE_NAME}"), url
        assert head.meta["description"], url
        for key in ["og:title", "og:description", "og:type", "og:url", "twitter:card"]:
            assert head.meta.get(key), (url, key)
        assert head.meta["og:url"] == head.links["canonical"], url


def test_page_without_hero_image_gets_a_summary_card(client):
    article = make_article()
    meta = page_head(client, article.get_absolute_url()).meta
    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta


def test_second_blog_page_is_its_own_canonical(client):
    category = make_category()
    for _ in range(11):
        make_article(category=category)
    head = page_head(client, "/blog/?page=2&utm_source=x")
    assert head.links["canonical"] == f"{settings.SITE_URL}/blog/?page=2"


def test_not_found_page_has_no_canonical_link(client):
    body = client.get("/no-such-page/").content.decode()
    assert 'rel="canonical"' not in body


@pytest.mark.parametrize("site_url", ["https://example.com", "https://example.com/advice"])
@pytest.mark.parametrize(
    "url", ["/managing/", "/", "https://other.example/x", "//cdn.example/a.png", "page/"]
)
def test_absolute_url_joins_like_urljoin(site_url, url):
    # absolute_url() skips urljoin() for plain paths on a site at its host's root.
    with override_settings(SITE_URL=site_url):
        assert metadata.absolute_url(url) == urljoin(f"{site_url}/", url)
