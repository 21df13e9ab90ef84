"""Promos are part of cached pages: edits and the opening or closing of a window show at once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from promos.models import Promo
from smallbiz.cache import STATE_KEY, next_scheduled_change
from tests.factories import make_article, make_editor, make_promo

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


@pytest.fixture
def page_cache_only():
    """Run this test with the page cache on only: it tests the cache itself."""


@pytest.fixture
def editor_client():
    """Return a client of its own logged in as an editor, so that `client` stays anonymous."""
    client = Client()
    client.force_login(make_editor())
    return client


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def later(delta):
    """Pretend that `delta` has passed, for the page cache and the promo rules alike."""
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + delta)


def promo_form_data(promo, **changes):
    data = {
        "heading": promo.heading,
        "body": promo.body,
        "image_alt": "",
        "cta_label": "",
        "cta_url": "",
        "download_title": "",
        "placement": promo.placement,
        "starts_at_0": promo.starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": promo.starts_at.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "position": promo.position,
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_promo_is_served_from_the_cache_with_the_page(client, page_cache_only):
    article = make_article()
    make_promo(heading="Cached with the page")

    first = page(client, article)
    with CaptureQueriesContext(connection) as queries:
        second = page(client, article)

    assert "Cached with the page" in first
    assert second == first
    assert len(queries) == 0


def test_editing_a_promo_in_the_admin_shows_on_the_next_request(client, editor_client):
    article = make_article()
    promo = make_promo(heading="Old offer")
    assert "Old offer" in page(client, article)

    response = editor_client.post(
        reverse("admin:promos_promo_change", args=[promo.pk]),
        promo_form_data(promo, heading="New offer"),
    )

    assert response.status_code == 302
    assert "New offer" in page(client, article)


def test_deleting_a_promo_in_the_admin_removes_it_from_cached_pages(client, editor_client):
    article = make_article()
    promo = make_promo(heading="Going away")
    assert "Going away" in page(client, article)

    editor_client.post(reverse("admin:promos_promo_delete", args=[promo.pk]), {"post": "yes"})

    assert not Promo.objects.exists()
    assert "Going away" not in page(client, article)


def test_the_cached_version_expires_when_the_next_promo_window_opens():
    opens = timezone.now() + timedelta(hours=3)
    make_promo(starts_at=opens)
    make_promo(starts_at=timezone.now() + timedelta(days=2))

    assert next_scheduled_change() == opens + timedelta(seconds=1)


def test_the_cached_version_expires_when_a_promo_window_closes():
    closes = timezone.now() + timedelta(hours=5)
    make_promo(ends_at=closes)

    assert next_scheduled_change() == closes + timedelta(seconds=1)


def test_a_switched_off_promo_sets_no_expiry():
    make_promo(starts_at=timezone.now() + timedelta(hours=1), is_active=False)

    assert next_scheduled_change() is None


def test_the_earlier_of_an_article_and_a_promo_change_wins():
    article_due = timezone.now() + timedelta(hours=2)
    make_article(published_at=article_due)
    make_promo(starts_at=timezone.now() + timedelta(hours=4))

    assert next_scheduled_change() == article_due + timedelta(seconds=1)


def test_a_promo_appears_on_cached_pages_when_its_window_opens(client):
    article = make_article()
    make_promo(heading="Spring sale", starts_at=timezone.now() + timedelta(hours=1))
    assert "Spring sale" not in page(client, article)
    assert "Spring sale" not in page(client, article)  # now from the cache

    with later(timedelta(hours=1, seconds=2)):
        assert "Spring sale" in page(client, article)


def test_a_promo_leaves_cached_pages_when_its_window_closes(client, page_cache_only):
    article = make_article()
    make_promo(heading="Last chance", ends_at=timezone.now() + timedelta(hours=1))
    assert "Last chance" in page(client, article)

    with later(timedelta(minutes=59)):
        assert "Last chance" in page(client, article)
    with later(timedelta(hours=1, seconds=2)):
        assert "Last chance" not in page(client, article)
        assert cache.get(STATE_KEY)["expires_at"] is None


def test_clicks_do_not_clear_the_page_cache(client, page_cache_only):
    article = make_article()
    promo = make_promo(cta_label="Find out more", cta_url="/about/")
    page(client, article)
    version = cache.get(STATE_KEY)["version"]

    client.get(reverse("promos:promo_click", args=[promo.pk]))

    assert cache.get(STATE_KEY)["version"] == version
