"""Public pages, feeds and sitemaps go out compressed; nothing that carries a secret does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from smallbiz import compression
from smallbiz.compression import decompress
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def pytest_generate_tests(metafunc):
    # Compression must hold with the page cache on and off alike; a test of compressed pages
    # in the cache (it asks for page_cache_only) runs with it on.
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
    """Run this test with the page cache on only."""


@pytest.fixture
def article():
    return make_article(sections=3, summary="How to price a service so that it pays. " * 5)


def body(response):
    return decompress(response.content, response.get("Content-Encoding"))


def test_page_is_gzip_compressed_when_the_browser_asks(client, article):
    plain = client.get(article.get_absolute_url())

    response = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(plain.content)
    assert int(response["Content-Length"]) == len(response.content)
    assert body(response) == plain.content


def test_page_is_brotli_compressed_when_the_browser_accepts_br(client, article):
    plain = client.get(article.get_absolute_url())

    response = client.get(
        article.get_absolute_url(), headers={"accept-encoding": "gzip, deflate, br, zstd"}
    )

    assert response["Content-Encoding"] == "br"
    assert body(response) == plain.content


def test_page_is_not_compressed_when_the_browser_does_not_ask(client, article):
    response = client.get(article.get_absolute_url())

    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]


def test_a_refused_coding_is_not_used(client, article):
    response = client.get(article.get_absolute_url(), headers={"accept-encoding": "br;q=0, gzip"})

    assert response["Content-Encoding"] == "gzip"


def test_compressed_page_varies_on_accept_encoding(client, article):
    response = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert "Accept-Encoding" in response["Vary"]


def test_cache_hit_is_gzip_compressed_and_decompresses_to_the_same_page(
    client, article, page_cache_only
):
    plain = client.get(article.get_absolute_url())

    hit = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert hit["Content-Encoding"] == "gzip"
    assert body(hit) == plain.content


def test_cache_hit_serves_the_stored_compressed_bytes_without_compressing_again(
    client, article, page_cache_only, monkeypatch
):
    first = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})
    calls = []
    monkeypatch.setattr(compression, "compress", lambda *args: calls.append(args))

    second = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert calls == []
    assert second.content == first.content


def test_each_coding_has_its_own_etag(client, article):
    url = article.get_absolute_url()

    etags = {
        coding: client.get(url, headers={"accept-encoding": coding})["ETag"]
        for coding in ("identity", "gzip", "br")
    }

    assert all(etags.values())
    assert len(set(etags.values())) == 3


def test_compressed_page_answers_304_to_its_own_etag(client, article):
    url = article.get_absolute_url()
    first = client.get(url, headers={"accept-encoding": "gzip"})

    second = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]})

    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]
    assert "Accept-Encoding" in second["Vary"]


def test_head_has_the_headers_of_a_compressed_get(client, article):
    url = article.get_absolute_url()
    get = client.get(url, headers={"accept-encoding": "gzip"})

    head = client.head(url, headers={"accept-encoding": "gzip"})

    assert head.status_code == 200
    for header in ("Content-Encoding", "Content-Type", "Content-Length", "ETag", "Vary"):
        assert head[header] == get[header], header
    assert head.content == b""


def test_feeds_and_sitemap_are_compressed(client, article):
    for url in ("/feed/", "/feed/atom/", article.category.get_feed_url(), "/sitemap.xml"):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip", url
        assert body(response).startswith(b"<?xml"), url


def test_small_responses_are_not_compressed(client):
    response = client.get(reverse("healthz"), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_pages_for_a_signed_in_editor_are_not_compressed(client, article):
    client.force_login(make_editor())

    response = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_admin_pages_are_not_compressed(client):
    response = client.get(reverse("admin:login"), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_never_cached_pages_are_not_compressed(client):
    # The "check your inbox" page may show the address the visitor typed.
    response = client.get(reverse("newsletter:subscribe_done"), headers={"accept-encoding": "gzip"})

    assert not response.has_header("Content-Encoding")
