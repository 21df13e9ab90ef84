"""Confirming: only the button confirms, links expire and can be renewed, tokens are checked."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import Consent, Subscriber, Suppression
from tests.factories import make_consent, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent():
    subscriber = make_subscriber(email="jane@example.com", status=Subscriber.Status.PENDING)
    return make_consent(subscriber)


def confirm_url(consent):
    return reverse("newsletter:confirm", args=[tokens.make_confirm_token(consent)])


def expired_confirm_url(consent):
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        return confirm_url(consent)


def test_opening_the_link_shows_a_button_and_changes_nothing(client, consent):
    response = client.get(confirm_url(consent))

    assert response.status_code == 200
    assert "newsletter/confirm.html" in [t.name for t in response.templates]
    assert "Confirm my subscription</button>" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    consent.subscriber.refresh_from_db()
    assert consent.subscriber.status == Subscriber.Status.PENDING


def test_pressing_the_button_confirms_and_redirects(client, consent):
    response = client.post(confirm_url(consent))

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:confirm_done")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    consent.refresh_from_db()
    assert consent.confirmed_at == subscriber.confirmed_at


def test_confirming_twice_shows_the_same_success_page(client, consent):
    first = client.post(confirm_url(consent))
    second = client.post(confirm_url(consent))

    assert first["Location"] == second["Location"] == reverse("newsletter:confirm_done")
    page = client.get(confirm_url(consent))
    assert "newsletter/confirm_done.html" in [t.name for t in page.templates]


def test_the_confirm_button_needs_a_csrf_token(consent):
    browser = Client(enforce_csrf_checks=True)

    forged = browser.post(confirm_url(consent))
    page = browser.get(confirm_url(consent))
    pressed = browser.post(
        confirm_url(consent), {"csrfmiddlewaretoken": page.context["csrf_token"]}
    )

    assert forged.status_code == 403
    assert pressed.status_code == 302
    assert Subscriber.objects.get().is_confirmed()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda consent: tokens.make_confirm_token(consent)[:-2] + "xx",
        lambda consent: tokens.make_unsubscribe_token(consent.pk),
        lambda consent: "not-a-token",
        lambda consent: tokens.signing.dumps("1", salt=tokens.CONFIRM_SALT),
    ],
    ids=["tampered", "unsubscribe token", "garbage", "not a number"],
)
def test_a_token_we_did_not_make_is_a_404(client, consent, make_token):
    url = reverse("newsletter:confirm", args=[make_token(consent)])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Subscriber.objects.confirmed().exists()


def test_a_token_for_a_deleted_request_is_a_404(client, consent):
    url = confirm_url(consent)
    consent.delete()

    assert client.get(url).status_code == 404


def test_an_expired_link_offers_to_send_a_fresh_one(client, consent):
    url = expired_confirm_url(consent)

    page = client.get(url)
    pressed = client.post(url)

    assert page.status_code == pressed.status_code == 410
    assert "newsletter/confirm_expired.html" in [t.name for t in page.templates]
    assert "Send me a fresh link</button>" in page.content.decode()
    assert not Subscriber.objects.confirmed().exists()


def test_asking_for_a_fresh_link_sends_one_that_works(client, consent):
    url = expired_confirm_url(consent)
    token = url.split("/")[-2]

    response = client.post(reverse("newsletter:confirm_renew", args=[token]))

    assert response["Location"] == reverse("newsletter:subscribe_done")
    assert len(mail.outbox) == 1
    fresh = Consent.objects.latest("pk")
    assert fresh != consent
    assert fresh.source == consent.source
    # The token carries the second it was made, so compare what it names, not its text.
    [link] = [word for word in mail.outbox[0].body.split() if "/newsletter/confirm/" in word]
    assert tokens.read_confirm_token(link.split("/")[-2]) == fresh.pk


def test_fresh_links_are_sent_at_most_once_in_ten_minutes(client, consent):
    token = expired_confirm_url(consent).split("/")[-2]
    renew = reverse("newsletter:confirm_renew", args=[token])

    client.post(renew)
    client.post(renew)

    assert len(mail.outbox) == 1


def test_renewing_needs_a_post(client, consent):
    token = expired_confirm_url(consent).split("/")[-2]

    response = client.get(reverse("newsletter:confirm_renew", args=[token]))

    assert response.status_code == 405
    assert mail.outbox == []


def test_an_old_link_does_not_resubscribe_someone_who_left(client, consent):
    url = confirm_url(consent)
    client.post(url)
    Subscriber.objects.get().unsubscribe()

    page = client.get(url)
    pressed = client.post(url)

    assert page.status_code == pressed.status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_confirming_lifts_the_suppression_of_an_erased_address(client, consent):
    Suppression.objects.create(digest=tokens.address_digest("JANE@example.com"))

    client.post(confirm_url(consent))

    assert not Suppression.objects.exists()
