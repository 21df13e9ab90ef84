"""The 404 and 500 pages under production settings (DEBUG off): a search box, suggestions."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_404_page_has_a_search_box_with_the_missing_addresses_words(client):
    response = client.get("/marketing/pricing-for-profit.html")

    assert response.status_code == 404
    body = response.content.decode()
    assert 'action="/search/"' in body
    assert 'name="q" value="marketing pricing profit"' not in body
    assert 'name="q" value="pricing profit marketing"' in body


def test_404_page_suggests_articles_whose_title_matches_the_missing_address(client):
    make_article(title="Pricing for profit", published_at=days_ago(30))
    make_article(title="Hiring your first employee", published_at=days_ago(1))

    response = client.get("/old-site/pricing-tips/")

    suggestions = [article.title for article in response.context["suggestions"]]
    assert suggestions[0] == "Pricing for profit"


def test_404_page_suggests_the_newest_articles_when_nothing_matches(client):
    old = make_article(title="Old news", published_at=days_ago(300))
    newest = [make_article(published_at=days_ago(days)) for days in (1, 2, 3)]

    response = client.get("/zzqx/")

    assert response.context["suggestions"] == newest
    assert old.title not in response.content.decode()
    assert newest[0].title in response.content.decode()


def test_404_page_never_suggests_drafts(client):
    make_article(title="Pricing draft", status="draft")

    response = client.get("/pricing/")

    assert "Pricing draft" not in response.content.decode()


def test_404_page_takes_two_queries_for_its_suggestions_whatever_the_address(client):
    make_article(title="Pricing for profit")
    with CaptureQueriesContext(connection) as plain:
        client.get("/pricing/")

    with CaptureQueriesContext(connection) as wordy:
        client.get("/" + "-".join(f"pricing{n}" for n in range(50)) + "/")

    assert len(wordy) == len(plain)


def test_any_address_gets_the_404_page_not_an_error(client):
    for path in ["/%00/", "/%ff%fe/", "/a" * 500, "/%25%27%22%3Cscript%3E/", "/ünïcödé/", "/--/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Sorry, we can’t find that page" in response.content.decode(), path


def test_404_page_does_not_echo_markup_from_the_address(client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")

    assert "<script>alert" not in response.content.decode()


def test_500_page_has_a_search_box(client):
    client.raise_request_exception = False
    with mock.patch("articles.views.HomeView.get_context_data", side_effect=RuntimeError):
        response = client.get("/")

    assert response.status_code == 500
    assert 'action="/search/"' in response.content.decode()


def test_500_page_renders_when_the_database_is_down(client):
    client.raise_request_exception = False
    with (
        mock.patch("articles.views.HomeView.get_context_data", side_effect=RuntimeError),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get("/")

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    # The page itself read nothing from the database.
    assert [q for q in queries if "articles_category" in q["sql"]] == []


def test_404_page_runs_a_few_queries_however_much_content_there_is(client):
    def queries_for_missing_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/marketing/pricing-for-profit/").status_code == 404
        return len(queries)

    make_article(title="Pricing for profit")
    small = queries_for_missing_page()
    for _ in range(50):
        make_article(title="Pricing again")
    big = queries_for_missing_page()

    # The article lookup, the menu, the privacy notice, the redirects, and for suggestions
    # the matches, then (when fewer than three match) the newest.
    assert small == 6
    assert big == 5
