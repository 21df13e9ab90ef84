"""Anonymous pages come from the cache; edits and scheduled articles show at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsletter.models import PrivacyNotice
from smallbiz.cache import clear_pages, current_version, page_key
from tests.factories import make_article, make_category, make_editor

pytestmark = pytest.mark.django_db


def pytest_generate_tests(metafunc):
    # Every behaviour visitors see must hold with the page cache on and off alike; a test of
    # the page cache itself (it asks for page_cache_only) runs with it on.
    seconds = [600] if "page_cache_only" in metafunc.fixturenames else [600, 0]
    ids = ["page cache on", "page cache off"][: len(seconds)]
    metafunc.parametrize("page_cache_seconds", seconds, ids=ids)


@pytest.fixture(autouse=True)
def page_cache(page_cache_seconds, settings):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_only():
    """Run this test with the page cache on only: it tests the cache itself."""


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_second_anonymous_request_is_served_without_queries(client, page_cache_only):
    article = make_article()

    first, first_queries = queries_for(client, article.get_absolute_url())
    second, second_queries = queries_for(client, article.get_absolute_url())

    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_editing_in_the_admin_shows_on_the_next_request(client):
    category = make_category(name="Sales", slug="sales")
    client.get(category.get_absolute_url())
    editor = make_editor()
    editor_client = type(client)()
    editor_client.force_login(editor)

    editor_client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {"name": "Selling", "slug": "sales", "description": "", "position": 1},
    )

    assert "Selling" in client.get(category.get_absolute_url()).content.decode()


def test_renaming_a_category_in_the_admin_shows_in_every_page_menu_on_the_next_request(client):
    category = make_category(name="Sales", slug="sales", show_in_menu=True)
    assert "Sales" in client.get("/").content.decode()
    editor_client = type(client)()
    editor_client.force_login(make_editor())

    editor_client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {
            "name": "Selling",
            "slug": "sales",
            "description": "",
            "position": 1,
            "show_in_menu": "on",
        },
    )

    home = client.get("/").content.decode()
    assert "Selling" in home
    assert "Sales<" not in home


def test_renaming_a_category_shows_everywhere_on_its_articles_on_the_next_request(client):
    # The article page takes its category and its JSON-LD from what is kept per content
    # version: breadcrumbs, link previews, structured data and feed links must all follow.
    category = make_category(name="Sales", slug="sales", show_in_menu=False)
    article = make_article(category=category)
    assert "Sales" in client.get(article.get_absolute_url()).content.decode()
    editor_client = type(client)()
    editor_client.force_login(make_editor())

    editor_client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {"name": "Selling", "slug": "sales", "description": "", "position": 1},
    )

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Sales" not in page
    assert '"articleSection": "Selling"' in page
    assert '<meta property="article:section" content="Selling">' in page


@pytest.mark.parametrize("feed", ["/feed/", "/feed/atom/", "/sales/feed/"])
def test_renaming_a_category_in_the_admin_shows_in_the_feeds_on_the_next_request(client, feed):
    category = make_category(name="Sales", slug="sales")
    make_article(category=category)
    assert "Sales" in client.get(feed).content.decode()
    editor_client = type(client)()
    editor_client.force_login(make_editor())

    editor_client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {"name": "Selling", "slug": "sales", "description": "", "position": 1},
    )

    xml = client.get(feed).content.decode()
    assert "Selling" in xml
    assert "Sales" not in xml


def test_scheduled_article_appears_when_its_time_comes(client, page_cache_only):
    category = make_category()
    article = make_article(category=category, published_at=timezone.now() + timedelta(days=1))
    assert article.title not in client.get(category.get_absolute_url()).content.decode()

    # Time passes: move the publish date into the past without telling the cache.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    cache.set(
        "smallbiz:pages:state",
        {**cache.get("smallbiz:pages:state"), "expires_at": timezone.now()},
        None,
    )

    assert article.title in client.get(category.get_absolute_url()).content.decode()


def test_signed_in_editor_always_gets_a_fresh_page(client):
    article = make_article(title="Before")
    client.force_login(make_editor())
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="After")

    response, queries = queries_for(client, article.get_absolute_url())

    assert queries > 0
    assert "After" in response.content.decode()


def test_unchanged_page_answers_304_to_a_conditional_get(client, page_cache_only):
    article = make_article()
    first = client.get(article.get_absolute_url())

    second = client.get(article.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert first["ETag"]
    assert "must-revalidate" in first["Cache-Control"]
    assert second.status_code == 304


def test_junk_query_strings_are_served_the_cached_page(client, page_cache_only):
    article = make_article()
    first, _ = queries_for(client, article.get_absolute_url())

    for number in range(1000):
        response, queries = queries_for(client, f"{article.get_absolute_url()}?utm_id={number}")
        assert queries == 0
        assert response.content == first.content


def test_junk_query_strings_add_no_cache_entries(page_cache_only):
    url = make_article().get_absolute_url()
    version = current_version()

    keys = {page_key(RequestFactory().get(f"{url}?junk={n}&x=<{n}>"), version) for n in range(1000)}

    assert keys == {page_key(RequestFactory().get(url), version)}


def test_the_parameters_a_page_reads_get_entries_of_their_own(client, page_cache_only):
    make_article(title="Pricing for profit")
    make_article(title="Hiring your first employee")

    pricing = client.get("/search/?q=pricing&utm_id=1").content.decode()
    hiring, queries = queries_for(client, "/search/?q=hiring")

    assert queries > 0
    # Titles come back with the matched word highlighted.
    assert "</mark> for profit" in pricing
    assert "</mark> your first employee" in hiring.content.decode()
    assert "for profit" not in hiring.content.decode()


def test_not_found_pages_are_not_cached(client):
    client.get("/nowhere/")
    make_category(slug="nowhere")
    assert client.get("/nowhere/").status_code == 200


def test_a_new_privacy_notice_shows_on_the_next_request(client):
    article = make_article()
    client.get(article.get_absolute_url())
    editor_client = type(client)()
    editor_client.force_login(make_editor())
    current = PrivacyNotice.objects.current()

    editor_client.post(
        reverse("admin:newsletter_privacynotice_change", args=[current.pk]),
        {
            "summary": "Your address is safe with us: one e-zine a month, nothing else.",
            "body": current.body,
        },
    )

    assert "nothing else" in client.get(article.get_absolute_url()).content.decode()


def test_a_version_started_before_the_change_commits_is_dropped_at_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        clear_pages()
        # A visitor's request lands before the editor's transaction commits.
        version_in_the_gap = current_version()

    assert current_version() != version_in_the_gap
