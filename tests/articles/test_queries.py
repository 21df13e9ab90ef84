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
# Counted once the content version's shared data is loaded: the menu and each article's
# Read More list are read once per version (smallbiz.cache.for_version;
# FIRST_REQUEST_QUERIES below). Every page with the subscribe box reads the privacy notice
# beside its button (once, however many forms show it). Article: the article with category
# and author, its sections, its promo (one query however many promos there are:
# promos.selection.promo_for). Search: every match's id and rank, then the page's articles
# with highlights. Category feed: the category, its articles. Sitemap: categories,
# articles, stand-alone pages, back issues.
EXPECTED_QUERIES = {
    "home": 3,
    "category": 3,
    "article": 4,
    "site index": 3,
    "blog": 3,
    "search": 3,
    "rss feed": 1,
    "atom feed": 1,
    "category feed": 2,
    "sitemap": 4,
    "robots.txt": 0,
}


def build_site(articles, sections):
    """Make `articles` articles over three categories; return the first, with `sections`."""
    categories = [make_category() for _ in range(3)]
    first = make_article(category=categories[0], sections=sections)
    others = [make_article(category=categories[n % 3]) for n in range(1, articles)]
    first.related.set(others[:3])
    return first


# The first page after an edit also starts the new content version (the next scheduled
# article, the next promo date change) and reads the menu; the article page its Read More.
FIRST_REQUEST_QUERIES = {"home": 2 + 2 + 2, "article": 3 + 2 + 2 + 1}


def count_queries(client, url):
    """Count the queries of a request after the first one since an edit."""
    clear_pages()
    client.get(url)
    return count_first_queries(client, url)


def count_first_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_content(client, page):
    small = count_queries(client, PAGES[page](build_site(articles=1, sections=1)))
    big = count_queries(client, PAGES[page](build_site(articles=100, sections=30)))

    assert small == big
    assert big <= 4


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned(client, page):
    assert (
        count_queries(client, PAGES[page](build_site(articles=20, sections=3)))
        == (EXPECTED_QUERIES[page])
    )


@pytest.mark.parametrize("page", FIRST_REQUEST_QUERIES)
def test_first_request_after_an_edit_reads_the_shared_data_once(client, page):
    url = PAGES[page](build_site(articles=20, sections=3))
    clear_pages()

    assert count_first_queries(client, url) == FIRST_REQUEST_QUERIES[page]
