"""Pages run a small, constant number of queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smallbiz.cache import clear_pages
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

PAGES = {
    "home": lambda article: "/",
    "category": lambda article: article.category.get_absolute_url(),
    "article": lambda article: article.get_absolute_url(),
    "site index": lambda article: "/site-index/",
    "blog": lambda article: "/blog/",
    "search": lambda article: "/search/?q=article",
    "rss feed": lambda article: "/feed/",
    "atom feed": lambda article: "/feed/atom/",
    "category feed": lambda article: f"{article.category.get_absolute_url()}feed/",
    "sitemap": lambda article: "/sitemap.xml",
    "robots.txt": lambda article: "/robots.txt",
}

# The exact number of queries per page: a change here should be a decision, not an accident.
# Every HTML page reads the menu's categories and the privacy notice beside its subscribe
# box (PAGE_EXTRAS); then its own. Home: the newest articles, the home page's text.
# Category: the category, its articles. Article: the article with category and author, its
# sections, its Read More list (one query for picks and fill-in), its promo (one query
# however many promos there are). Site index: the categories, their articles. Blog: the
# count for the paginator, the page. Search: every match's id and rank, then the page's
# articles with highlights. Category feed: the category, its articles. Sitemap: categories,
# articles, stand-alone pages, back issues.
PAGE_EXTRAS = 2
EXPECTED_QUERIES = {
    "home": 2 + PAGE_EXTRAS,
    "category": 2 + PAGE_EXTRAS,
    "article": 4 + PAGE_EXTRAS,
    "site index": 2 + PAGE_EXTRAS,
    "blog": 2 + PAGE_EXTRAS,
    "search": 2 + PAGE_EXTRAS,
    "rss feed": 1,
    "atom feed": 1,
    "category feed": 2,
    "sitemap": 4,
    "robots.txt": 0,
}
# With the page cache on, the first request after a change also starts a new content
# version: it looks up the next scheduled article and the next promo date change.
VERSION_START_QUERIES = 2
# The most any public page may run, first request after a change included.
MAX_QUERIES = 8


def build_site(articles, sections):
    """Make `articles` articles over three categories; return the first, with `sections`."""
    categories = [make_category() for _ in range(3)]
    first = make_article(category=categories[0], sections=sections)
    others = [make_article(category=categories[n % 3]) for n in range(1, articles)]
    first.related.set(others[:3])
    return first


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_content(client, page):
    small = count_queries(client, PAGES[page](build_site(articles=1, sections=1)))
    big = count_queries(client, PAGES[page](build_site(articles=100, sections=30)))

    assert small == big


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned(client, page):
    assert (
        count_queries(client, PAGES[page](build_site(articles=20, sections=3)))
        == (EXPECTED_QUERIES[page])
    )


@pytest.mark.parametrize("page", PAGES)
def test_first_cached_request_after_a_change_stays_within_the_limit(client, settings, page):
    settings.PAGE_CACHE_SECONDS = 600
    url = PAGES[page](build_site(articles=20, sections=3))
    clear_pages()

    first = count_queries(client, url)

    assert first == EXPECTED_QUERIES[page] + VERSION_START_QUERIES
    assert first <= MAX_QUERIES
    assert count_queries(client, url) == 0
