"""Where subscriptions come from: the page, the form (box) and the article, counted once
confirmed, as the Insights page reads them (newsletter.engagement)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import engagement
from newsletter.models import Consent
from tests.factories import make_article, make_consent, make_promo, make_subscriber, pdf_upload

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
FORM = re.compile(
    r'<form class="subscribe-form ?([^"]*)" action="([^"]+)" method="post">(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


@pytest.fixture
def client():
    """A client that checks CSRF as browsers do, as the forms in cached pages must allow."""
    return Client(enforce_csrf_checks=True)


def subscribe_through(client, page, form_class, email):
    """Fill in the form with this class on the page as a visitor would, and send it."""
    body = client.get(page).content.decode()
    [(action, fields)] = [
        (action, fields) for classes, action, fields in FORM.findall(body) if classes == form_class
    ]
    data = dict(HIDDEN.findall(fields))
    response = client.post(action, {**data, "email": email})
    assert response.status_code == 302
    return data


def confirm(client, email):
    """Press the button behind the confirmation link emailed to this address."""
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = next(word for word in message.body.split() if "/confirm/" in word)
    link = link.removeprefix(SITE)
    page = client.get(link)
    assert page.status_code == 200
    client.post(link, {"csrfmiddlewaretoken": page.context.get("csrf_token", "")})


def period():
    today = timezone.localdate()
    return today - timedelta(days=29), today


@pytest.fixture
def article():
    return make_article(title="Pricing For Profit")


def test_the_box_on_an_article_records_the_box_and_the_article(client, article):
    subscribe_through(client, article.get_absolute_url(), "subscribe-form-compact", "a@example.com")

    consent = Consent.objects.get()
    assert (consent.box, consent.article, consent.source) == (
        Consent.Box.EZINE_BOX,
        article,
        article.get_absolute_url(),
    )


def test_the_newsletter_page_records_its_own_box_and_no_article(client):
    subscribe_through(client, reverse("newsletter:subscribe"), "", "b@example.com")

    consent = Consent.objects.get()
    assert (consent.box, consent.article, consent.source) == (
        Consent.Box.NEWSLETTER_PAGE,
        None,
        "/newsletter/",
    )


def test_a_promos_offer_beside_an_article_records_the_promo_box_and_the_article(client, article):
    make_promo(articles=[article], download=pdf_upload(), download_title="the pricing e-book")

    subscribe_through(client, article.get_absolute_url(), "promo-form", "c@example.com")

    consent = Consent.objects.get()
    assert (consent.box, consent.article) == (Consent.Box.PROMO, article)


def test_a_box_value_that_is_not_ours_is_ignored_without_an_error(client):
    response = client.post(
        reverse("newsletter:subscribe"),
        {"email": "d@example.com", "box": "<script>", "source": "/no-such-page/"},
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.box, consent.article) == ("", None)


def test_a_draft_articles_address_records_no_article(client):
    draft = make_article(status="draft")

    client.post(
        reverse("newsletter:subscribe"),
        {"email": "e@example.com", "box": "ezine-box", "source": draft.get_absolute_url()},
    )

    assert Consent.objects.get().article is None


def test_subscriptions_count_for_their_page_box_and_article_once_confirmed(client, article):
    # The offer has an article of its own: the e-zine box may give way to an offer.
    offer_article = make_article(title="Cash Flow Basics")
    make_promo(articles=[offer_article], download=pdf_upload(), download_title="an e-book")
    page, offer_page = article.get_absolute_url(), offer_article.get_absolute_url()
    subscribe_through(client, page, "subscribe-form-compact", "box@example.com")
    subscribe_through(client, reverse("newsletter:subscribe"), "", "page@example.com")
    subscribe_through(client, offer_page, "promo-form", "promo@example.com")
    subscribe_through(client, page, "subscribe-form-compact", "unconfirmed@example.com")

    for email in ("box@example.com", "page@example.com", "promo@example.com"):
        confirm(client, email)

    since, until = period()
    assert engagement.subscriptions_by_box(since, until) == {
        "ezine-box": 1,
        "newsletter-page": 1,
        "promo": 1,
    }
    by_article = engagement.subscriptions_by_article(since, until)
    assert by_article == {article.pk: 1, offer_article.pk: 1}
    by_page = engagement.subscriptions_by_page(since, until)
    assert by_page == {page: 1, offer_page: 1, "/newsletter/": 1}


def test_an_unconfirmed_request_counts_nowhere(client, article):
    subscribe_through(client, article.get_absolute_url(), "subscribe-form-compact", "x@example.com")

    since, until = period()
    assert engagement.subscriptions_by_article(since, until) == {}
    assert engagement.subscriptions_by_box(since, until) == {
        "ezine-box": 0,
        "newsletter-page": 0,
        "promo": 0,
    }


def test_a_subscription_counts_in_the_period_it_was_confirmed(article):
    subscriber = make_subscriber()
    confirmed_at = timezone.now() - timedelta(days=40)
    make_consent(subscriber, box="ezine-box", article=article, confirmed_at=confirmed_at)

    since, until = period()
    assert engagement.subscriptions_by_article(since, until) == {}
    earlier = engagement.subscriptions_by_article(since - timedelta(days=30), until)
    assert earlier == {article.pk: 1}


def test_each_count_takes_one_query(article, django_assert_num_queries):
    for _ in range(3):
        make_consent(make_subscriber(), box="promo", article=article, confirmed_at=timezone.now())
    since, until = period()

    for count in (
        engagement.subscriptions_by_article,
        engagement.subscriptions_by_box,
        engagement.subscriptions_by_page,
    ):
        with django_assert_num_queries(1):
            count(since, until)


def test_a_fresh_confirmation_link_keeps_the_box_and_article(client, article):
    subscribe_through(client, article.get_absolute_url(), "subscribe-form-compact", "f@example.com")
    first = Consent.objects.get()
    Consent.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=8))
    first.subscriber.release_confirmation()
    message = mail.outbox[-1]
    link = next(word for word in message.body.split() if "/confirm/" in word)
    renew = link.removeprefix(SITE) + "renew/"

    Client().post(renew)

    renewed = Consent.objects.exclude(pk=first.pk).get()
    assert (renewed.box, renewed.article) == (Consent.Box.EZINE_BOX, article)


def test_subscriptions_by_day_gives_every_day_of_the_period_for_an_article(article):
    today = timezone.localdate()
    for days_ago in (0, 0, 2):
        make_consent(
            make_subscriber(),
            box="ezine-box",
            article=article,
            confirmed_at=timezone.now() - timedelta(days=days_ago),
        )
    make_consent(make_subscriber(), box="newsletter-page", confirmed_at=timezone.now())

    days = engagement.subscriptions_by_day(today - timedelta(days=3), today, article=article)

    assert list(days.values()) == [0, 1, 0, 2]
    assert list(days) == [today - timedelta(days=n) for n in (3, 2, 1, 0)]
    assert engagement.subscriptions_by_day(today, today) == {today: 3}
