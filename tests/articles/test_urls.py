"""Model URLs are reversed once and stay right when the URLconf or script prefix changes."""

import pytest
from django.urls import reverse, set_script_prefix

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_model_urls_match_reverse():
    article = make_article()

    assert article.get_absolute_url() == reverse(
        "articles:article_detail",
        kwargs={"category": article.category.slug, "slug": article.slug},
    )
    assert article.category.get_absolute_url() == reverse(
        "articles:category_detail", kwargs={"slug": article.category.slug}
    )


def test_model_urls_follow_the_urlconf(settings):
    article = make_article()
    before = article.get_absolute_url()

    settings.ROOT_URLCONF = "tests.urls_guides"

    assert article.get_absolute_url() == "/guides" + before


def test_model_urls_follow_the_script_prefix():
    article = make_article()
    before = article.get_absolute_url()

    set_script_prefix("/smallbiz/")
    try:
        assert article.get_absolute_url() == "/smallbiz" + before
    finally:
        set_script_prefix("/")
