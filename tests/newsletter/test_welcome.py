"""The welcome email: sent once, after an address's first confirmation, through the task queue."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import Subscriber
from promos.models import Signup
from tests.factories import (
    make_article,
    make_consent,
    make_issue,
    make_promo,
    make_subscriber,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent():
    subscriber = make_subscriber(
        email="jane@example.com", first_name="", status=Subscriber.Status.PENDING
    )
    return make_consent(subscriber, first_name="Jane")


def confirm(client, consent):
    return client.post(reverse("newsletter:confirm", args=[tokens.make_confirm_token(consent)]))


def welcome_emails():
    return [message for message in mail.outbox if message.subject.startswith("Welcome")]


def test_confirming_sends_a_welcome_email(client, consent, settings):
    confirm(client, consent)

    [welcome] = welcome_emails()
    assert welcome.to == ["jane@example.com"]
    assert welcome.subject == f"Welcome to the {settings.SITE_NAME} e-zine"
    assert welcome.body.startswith("Hello Jane,")
    assert "Once a month" in welcome.body
    [(html, mimetype)] = welcome.alternatives
    assert mimetype == "text/html"
    assert "Once a month" in html


def test_welcome_email_names_the_site_from_settings_and_never_the_code_name(
    client, consent, settings
):
    settings.SITE_NAME = "More for Small Business"

    confirm(client, consent)

    [welcome] = welcome_emails()
    [(html, _)] = welcome.alternatives
    assert welcome.subject == "Welcome to the More for Small Business e-zine"
    assert "Once a month, More for Small Business will send you" in welcome.body
    for text in (welcome.subject, welcome.body, html):
        assert "smallbiz" not in text.lower()


def test_welcome_email_is_queued_as_a_task(client, consent, task_queue):
    confirm(client, consent)

    [task] = [result for result in task_queue if "welcome" in result.task.name]
    assert task.args == [consent.subscriber.pk]
    assert welcome_emails() == []


def test_welcome_email_links_to_the_latest_issue(client, consent):
    older = make_issue(subject="Spring cleaning for your books")
    older.mark_sent()
    latest = make_issue(subject="Pricing that pays")
    latest.mark_sent()
    make_issue(subject="Not sent yet")

    confirm(client, consent)

    [welcome] = welcome_emails()
    assert "Pricing that pays" in welcome.body
    assert f"http://127.0.0.1:8000{latest.get_absolute_url()}" in welcome.body
    assert "Spring cleaning" not in welcome.body
    assert "Not sent yet" not in welcome.body


def test_welcome_email_lists_the_three_newest_articles_before_the_first_issue(client, consent):
    now = make_article().published_at
    articles = [
        make_article(title=f"Article from {days} days ago", published_at=now - timedelta(days=days))
        for days in (1, 2, 3, 4)
    ]
    make_article(title="A draft", status="draft")

    confirm(client, consent)

    [welcome] = welcome_emails()
    [(html, _)] = welcome.alternatives
    for article in articles[:2]:
        assert article.title in welcome.body
        assert f"http://127.0.0.1:8000{article.get_absolute_url()}" in html
    assert "4 days ago" not in welcome.body
    assert "A draft" not in welcome.body


def test_welcome_email_has_a_one_click_unsubscribe_link(client, consent):
    confirm(client, consent)

    [welcome] = welcome_emails()
    link = welcome.extra_headers["List-Unsubscribe"].strip("<>")
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in welcome.body
    path = link.removeprefix("http://127.0.0.1:8000")
    Client().post(path, {"List-Unsubscribe": "One-Click"})
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_confirming_twice_welcomes_once(client, consent):
    confirm(client, consent)
    confirm(client, consent)

    assert len(welcome_emails()) == 1


def test_coming_back_after_leaving_is_not_welcomed_again(client, consent):
    confirm(client, consent)
    subscriber = Subscriber.objects.get()
    subscriber.unsubscribe()
    # Created after leaving, so it is current.
    with mock.patch(
        "django.utils.timezone.now", return_value=subscriber.unsubscribed_at + timedelta(seconds=1)
    ):
        comeback = make_consent(subscriber)

    confirm(client, comeback)

    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert len(welcome_emails()) == 1


def test_confirming_a_renewed_request_after_an_expired_link_welcomes_once(client, consent):
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        old_token = tokens.make_confirm_token(consent)
    client.post(reverse("newsletter:confirm_renew", args=[old_token]))
    renewed = consent.subscriber.consents.exclude(pk=consent.pk).get()

    confirm(client, renewed)
    confirm(client, consent)

    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert len(welcome_emails()) == 1


def test_a_subscriber_confirmed_already_is_not_welcomed(client):
    # An address brought in confirmed (imported from another service) and its old request.
    subscriber = make_subscriber(email="old@example.com")

    confirm(client, make_consent(subscriber))

    assert welcome_emails() == []


def test_an_out_of_date_request_is_not_welcomed(client, consent):
    consent.subscriber.unsubscribe()

    confirm(client, consent)

    assert welcome_emails() == []


def test_confirming_through_a_download_offer_also_welcomes(client, settings):
    promo = make_promo(download=pdf_upload())
    subscriber = make_subscriber(email="sam@example.com", status=Subscriber.Status.PENDING)
    consent = make_consent(subscriber)
    Signup.objects.create(promo=promo, subscriber=subscriber, consent=consent, offer="the guide")

    client.post(reverse("promos:confirm", args=[tokens.make_confirm_token(consent)]))

    assert [message.to for message in welcome_emails()] == [["sam@example.com"]]


def test_welcome_email_logs_no_address(client, consent, caplog):
    caplog.set_level("DEBUG")

    confirm(client, consent)

    assert welcome_emails()
    assert "jane@example.com" not in caplog.text
