"""Rules the models keep, in the database where they can be."""

import pytest
from django.db import IntegrityError, transaction

from newsletter import tokens
from newsletter.models import Delivery, PrivacyNotice, Subscriber
from tests.factories import make_issue, make_notice, make_subscriber

pytestmark = pytest.mark.django_db


def test_addresses_are_unique_case_insensitively_in_the_database():
    Subscriber.objects.create(email="jane@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.create(email="JANE@Example.com")


def test_confirmed_is_the_only_status_that_receives_issues():
    confirmed = make_subscriber()
    make_subscriber(status=Subscriber.Status.PENDING)
    make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)

    assert list(Subscriber.objects.confirmed()) == [confirmed]


def test_with_email_finds_an_address_whatever_its_case():
    subscriber = make_subscriber(email="Jane@Example.com")

    assert list(Subscriber.objects.with_email("jane@EXAMPLE.com")) == [subscriber]


def test_an_issue_is_delivered_once_per_subscriber():
    subscriber = make_subscriber()
    issue = make_issue()
    Delivery.objects.create(issue=issue, subscriber=subscriber)

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, subscriber=subscriber)


def test_the_current_notice_is_the_newest_version():
    current = PrivacyNotice.objects.current()
    newer = make_notice()

    assert newer.version == current.version + 1
    assert PrivacyNotice.objects.current() == newer


def test_the_current_notice_says_what_the_ezines_links_count():
    notice = PrivacyNotice.objects.current()

    assert "Links in the e-zine</h2>" in notice.body_html
    assert "no hidden images" in notice.body
    assert "the page and the form you subscribed from" in notice.body


def test_the_first_notice_is_created_by_a_migration_and_rendered():
    notice = PrivacyNotice.objects.get(version=1)

    assert "totally secure" in notice.summary
    assert "<h2>" in notice.body_html


def test_the_address_hash_is_keyed_and_ignores_case(settings):
    digest = tokens.address_digest("Jane@Example.com ")

    assert digest == tokens.address_digest("jane@example.com")
    assert digest != tokens.address_digest("jane@example.com", secret="another key")
    assert len(digest) == 64


def test_reserving_a_confirmation_holds_for_ten_minutes():
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)

    assert subscriber.reserve_confirmation()
    assert not subscriber.reserve_confirmation()
    subscriber.release_confirmation()
    assert subscriber.reserve_confirmation()
