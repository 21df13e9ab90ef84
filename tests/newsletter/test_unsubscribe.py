"""Leaving: a page with one button, and RFC 8058 one-click POSTs from mail clients."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import Subscriber
from tests.factories import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber():
    return make_subscriber(email="jane@example.com")


def unsubscribe_url(subscriber_pk):
    return reverse("newsletter:unsubscribe", args=[tokens.make_unsubscribe_token(subscriber_pk)])


def test_opening_the_link_shows_a_button_and_changes_nothing(client, subscriber):
    response = client.get(unsubscribe_url(subscriber.pk))

    assert response.status_code == 200
    assert "newsletter/unsubscribe.html" in [t.name for t in response.templates]
    assert "Unsubscribe</button>" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed()


def test_pressing_the_button_unsubscribes_and_redirects(client, subscriber):
    response = client.post(unsubscribe_url(subscriber.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:unsubscribe_done")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_a_one_click_post_from_a_mail_client_unsubscribes_at_once(subscriber):
    # Mail clients send no cookie and no CSRF token, and must not be redirected.
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_url(subscriber.pk), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "newsletter/unsubscribe_done.html" in [t.name for t in response.templates]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_twice_keeps_the_first_date(client, subscriber):
    client.post(unsubscribe_url(subscriber.pk))
    subscriber.refresh_from_db()
    first = subscriber.unsubscribed_at

    client.post(unsubscribe_url(subscriber.pk), {"List-Unsubscribe": "One-Click"})

    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first


def test_an_unsubscribed_reader_opening_the_link_is_told_so(client, subscriber):
    subscriber.unsubscribe()

    response = client.get(unsubscribe_url(subscriber.pk))

    assert "newsletter/unsubscribe_done.html" in [t.name for t in response.templates]


def test_an_erased_readers_old_link_still_says_they_are_off_the_list(client, subscriber):
    url = unsubscribe_url(subscriber.pk)
    subscriber.erase()

    assert client.get(url).status_code == 200
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "unsubscribed" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        lambda pk: tokens.make_unsubscribe_token(pk)[:-3] + "abc",
        lambda pk: tokens.signing.dumps(pk, salt=tokens.CONFIRM_SALT),
        lambda pk: tokens.signing.Signer(salt=tokens.UNSUBSCRIBE_SALT).sign_object(str(pk)),
        lambda pk: "1",
    ],
    ids=["tampered", "confirm token", "not a number", "bare number"],
)
def test_a_token_we_did_not_make_is_a_404_and_unsubscribes_nobody(client, subscriber, token):
    url = reverse("newsletter:unsubscribe", args=[token(subscriber.pk)])

    assert client.get(url).status_code == 404
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed()


def test_a_pending_subscriber_can_stop_the_subscription_too(client):
    pending = make_subscriber(status=Subscriber.Status.PENDING)

    client.post(unsubscribe_url(pending.pk))

    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.UNSUBSCRIBED
