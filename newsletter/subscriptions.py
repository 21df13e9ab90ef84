"""Subscribing to the e-zine: find or add the subscriber, and record each request to join.

These functions decide and record; they send nothing. Each returns what an email is now due
for (the `Consent` whose confirmation email, or whether the welcome email), and the caller
sends or queues that email (`newsletter.tasks`), so the views and tasks sit above this
module.

Asking again never changes a subscriber: the first name given is kept on the request, and
becomes the subscriber's only when that request is confirmed (`Subscriber.confirm()`).

Each request records where it was made, for the Insights page: the page (`source`), the
form (`box`, a `Consent.Box`) and, when the page is an article, the article. It counts as
a subscription from there once it is confirmed (`newsletter.engagement`).
"""

import logging

from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve

from articles.models import Article
from newsletter.models import Consent, Subscriber

logger = logging.getLogger(__name__)


def request_subscription(email, first_name, notice, source, box=""):
    """Start the double opt-in for an address, unless that would tell or mail too much.

    A confirmed address is not mailed again, and a pending one at most once in ten minutes.
    Return the request whose confirmation email is due, or None.
    """
    subscriber = subscriber_for(email)
    if subscriber.is_confirmed():
        return None
    return record_consent(subscriber, notice, source, first_name, box)


def subscriber_for(email):
    """Return the subscriber with this address, added as pending (with no name) if it is new."""
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email)
        except IntegrityError:
            # Someone subscribed the same address a moment ago.
            subscriber = Subscriber.objects.with_email(email).get()
    return subscriber


def record_consent(subscriber, notice, source, first_name="", box=""):
    """Record a subscribe request whose confirmation email goes out now, and return it.

    `source` is the path of the page the form was on and `box` which form it was (a
    `Consent.Box` value, or "" if unknown). Return None, recording nothing, if the address
    was sent one in the last ten minutes.
    """
    if not subscriber.reserve_confirmation():
        return None
    consent = Consent.objects.create(
        subscriber=subscriber,
        notice=notice,
        source=source,
        box=box,
        article_id=article_at(source),
        first_name=first_name,
    )
    logger.info("Confirmation requested for subscriber %s", subscriber.pk)
    return consent


def article_at(path):
    """Return the pk of the published article at this path on our site, or None: one query."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "articles:article_detail":
        return None
    return (
        Article.objects.published()
        .filter(slug=match.kwargs["slug"], category__slug=match.kwargs["category"])
        .values_list("pk", flat=True)
        .first()
    )


def confirm(consent):
    """Confirm the subscription that `consent` asked for; return (confirmed, welcome_due).

    `confirmed` is False if the request is out of date (see `Subscriber.confirm()`).
    `welcome_due` is True only for an address's first confirmation ever: confirming again
    (a renewed request, coming back after leaving) welcomes no one twice, and a subscriber
    who was confirmed already, such as one imported from another service, is not welcomed.
    """
    subscriber = consent.subscriber
    if subscriber.is_confirmed():
        return True, False
    if not subscriber.confirm(consent):
        return False, False
    logger.info("Subscriber %s confirmed", subscriber.pk)
    return True, subscriber.reserve_welcome()
