"""Promos add one query to the article page, however many there are and whatever they offer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.articles.test_queries import EXPECTED_QUERIES
from tests.factories import make_article, make_category, make_promo, pdf_upload

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def make_promos(article, count):
    """Make `count` live promos of every placement, some matching the article, some not."""
    for number in range(count):
        kind = number % 4
        if kind == 0:
            make_promo(position=number)
        elif kind == 1:
            make_promo(categories=[article.category, make_category()], position=number)
        elif kind == 2:
            make_promo(articles=[make_article()], position=number)
        else:
            make_promo(cta_label="Go", cta_url="https://shop.example/", position=number)


def test_the_article_page_runs_its_pinned_queries_with_one_promo_or_fifty(client):
    article = make_article(sections=3)
    make_promos(article, 1)
    one, _ = count_queries(client, article.get_absolute_url())

    make_promos(article, 50)
    fifty, _ = count_queries(client, article.get_absolute_url())

    assert one == fifty == EXPECTED_QUERIES["article"]


def test_a_download_form_costs_no_more_than_the_subscribe_box_it_replaces(client):
    article = make_article(sections=3)
    make_promo(articles=[article], download=pdf_upload())

    queries, body = count_queries(client, article.get_absolute_url())

    assert 'class="subscribe-form promo-form"' in body
    assert queries == EXPECTED_QUERIES["article"]


def test_no_promo_still_costs_the_one_query(client):
    article = make_article(sections=3)

    queries, body = count_queries(client, article.get_absolute_url())

    assert 'class="promo"' not in body
    assert queries == EXPECTED_QUERIES["article"]
