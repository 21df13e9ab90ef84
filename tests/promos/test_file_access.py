"""A download is never reachable without a valid personal link: not by URL, not by guessing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve

from promos import tokens
from promos.models import DownloadGrant, Signup
from smallbiz.cache import current_version, page_key
from tests.factories import make_promo, make_subscriber, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def promo():
    return make_promo(download=pdf_upload("secret-guide.pdf"))


@pytest.fixture
def grant(promo):
    signup = Signup.objects.create(promo=promo, subscriber=make_subscriber(), offer="the guide")
    return signup.grants.create()


def file_url(grant_pk):
    return reverse("promos:download_file", args=[tokens.make_download_token(grant_pk)])


def test_the_file_is_stored_outside_the_public_media_folder(promo):
    stored = Path(promo.download.path).resolve()

    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_the_file_has_no_url(promo):
    with pytest.raises(ValueError):
        promo.download.url  # noqa: B018 - reading the property is the test


def test_the_file_is_not_served_under_the_media_url(client, promo):
    """Not by the site, nor by the development media view that `make run` uses."""
    name = promo.download.name

    assert client.get(settings.MEDIA_URL + name).status_code == 404
    request = RequestFactory().get(settings.MEDIA_URL + name)
    with pytest.raises(Http404):
        serve(request, name, document_root=settings.MEDIA_ROOT)


def test_a_valid_link_downloads_the_file(client, grant):
    assert client.get(file_url(grant.pk)).status_code == 200


def test_a_made_up_token_is_not_found(client, grant):
    for token in ["1", str(grant.pk), "MQ:nonsense", "x" * 300, "MQ"]:
        assert client.get(reverse("promos:download_file", args=[token])).status_code == 404
        assert client.get(reverse("promos:download", args=[token])).status_code == 404


def test_a_tampered_token_is_not_found(client, grant):
    token = tokens.make_download_token(grant.pk)
    value, signature = token.split(":")

    response = client.get(reverse("promos:download_file", args=[f"{value}:{signature[::-1]}"]))

    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.download_count == 0


def test_a_token_signed_for_something_else_is_not_found(client, grant):
    token = signing.Signer(salt="newsletter.unsubscribe").sign_object(grant.pk)

    assert client.get(reverse("promos:download_file", args=[token])).status_code == 404


def test_a_link_to_a_grant_that_does_not_exist_is_not_found(client, grant):
    assert client.get(file_url(grant.pk + 1000)).status_code == 404


def test_a_used_up_link_serves_nothing(client, grant):
    DownloadGrant.objects.filter(pk=grant.pk).update(download_count=5)

    response = client.get(file_url(grant.pk))

    assert response.status_code == 302
    assert not getattr(response, "streaming", False)


def test_removing_the_file_from_the_promo_ends_every_link(client, grant, promo):
    promo.download = ""
    promo.download_title = ""
    promo.save()

    assert client.get(file_url(grant.pk)).status_code == 404


def test_a_missing_file_is_a_404_and_costs_no_download(client, grant, promo):
    promo.download.storage.delete(promo.download.name)

    assert client.get(file_url(grant.pk)).status_code == 404
    grant.refresh_from_db()
    assert grant.download_count == 0


def test_head_requests_do_not_count_as_downloads(client, grant):
    assert client.head(file_url(grant.pk)).status_code == 405
    grant.refresh_from_db()
    assert grant.download_count == 0


def test_downloads_and_their_pages_never_enter_the_page_cache(client, grant, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_url = reverse("promos:download", args=[tokens.make_download_token(grant.pk)])

    for _ in range(2):
        assert client.get(file_url(grant.pk)).status_code == 200
        client.get(page_url)

    grant.refresh_from_db()
    assert grant.download_count == 2
    for url in [file_url(grant.pk), page_url]:
        assert cache.get(page_key(RequestFactory().get(url), current_version())) is None
