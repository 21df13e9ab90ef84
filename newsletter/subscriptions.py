"""Subscribing to the e-zine: find or add the subscriber, and record each request to join.

These functions decide and record; they send nothing. Each returns the subscribe request
(a `Consent`) whose confirmation email is now due, and the caller queues that email
(`newsletter.tasks.send_confirmation_email`), so the views and tasks sit above this module.
"""

import logging

from django.db import IntegrityError, transaction

from newsletter.models import Consent, Subscriber

logger = logging.getLogger(__name__)


def request_subscription(email, first_name, notice, source):
    """Start the double opt-in for an address, unless that would tell or mail too much.

    A confirmed address is not mailed again, and a pending one at most once in ten minutes.
    Return the request whose confirmation email is due, or None. The visitor sees the same
    answer in every case.
    """
    subscriber = subscriber_for(email, first_name)
    if subscriber.is_confirmed():
        return None
    return record_consent(subscriber, notice, source)


def subscriber_for(email, first_name):
    """Return the subscriber with this address, added as pending if it is new.

    A subscriber who has not confirmed takes the first name given; a confirmed one keeps theirs.
    """
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, first_name=first_name)
        except IntegrityError:
            # Someone subscribed the same address a moment ago.
            subscriber = Subscriber.objects.with_email(email).get()
    if not subscriber.is_confirmed() and first_name and first_name != subscriber.first_name:
        subscriber.first_name = first_name
        subscriber.save(update_fields=["first_name"])
    return subscriber


def record_consent(subscriber, notice, source):
    """Record a subscribe request whose confirmation email goes out now, and return it.

    Return None, recording nothing, if the address was sent one in the last ten minutes.
    """
    if not subscriber.reserve_confirmation():
        return None
    consent = Consent.objects.create(subscriber=subscriber, notice=notice, source=source)
    logger.info("Confirmation requested for subscriber %s", subscriber.pk)
    return consent
