"""Background work for the e-zine, run by Django's tasks framework (`manage.py db_worker`).

The views and the admin queue this work; the modules below them (`subscriptions`,
`emails`, `sending`) only decide, record and send, and never import this one.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from newsletter import emails, sending, subscriptions
from newsletter.models import Consent, Issue, PrivacyNotice, Subscriber

logger = logging.getLogger(__name__)


@task
def request_subscription(email, first_name, notice_id, source, box=""):
    """Record a request from the subscribe form and send its confirmation email if one is due.

    The subscribe view queues this for every request it accepts and does nothing else, so
    its answer takes the same work whether or not the address is on the list: whether an
    email goes out is decided here.
    """
    notice = PrivacyNotice.objects.get(pk=notice_id)
    consent = subscriptions.request_subscription(email, first_name, notice, source, box)
    if consent is not None:
        send_confirmation_email.call(consent.pk)


@task
def send_confirmation_email(consent_id):
    """Send the confirmation email of one subscribe request, if it still waits for one."""
    consent = Consent.objects.select_related("subscriber").filter(pk=consent_id).first()
    if consent is None or consent.subscriber.is_confirmed():
        return
    try:
        emails.send_confirmation(consent)
    except (smtplib.SMTPException, OSError, ValueError):
        # Let the visitor ask again at once instead of waiting out the resend interval.
        consent.subscriber.release_confirmation()
        logger.exception("Confirmation email for subscriber %s failed", consent.subscriber_id)
        raise


@task
def send_reconfirmation_emails(consent_ids):
    """Send imported subscribers their re-permission email, unless they need it no more.

    A subscriber who has confirmed, unsubscribed or been erased since is skipped, and so is
    one mailed in the last ten minutes, so that a task run twice sends no second copy.
    """
    consents = Consent.objects.select_related("subscriber").filter(pk__in=consent_ids)
    for consent in consents.order_by("pk"):
        subscriber = consent.subscriber
        if subscriber.status != subscriber.Status.PENDING:
            continue
        if not subscriber.reserve_confirmation():
            continue
        try:
            emails.send_reconfirmation(consent)
        except (smtplib.SMTPException, OSError, ValueError):
            subscriber.release_confirmation()
            logger.exception("Reconfirmation email for subscriber %s failed", subscriber.pk)


def queue_reconfirmations(consent_ids, per_minute=None):
    """Queue the re-permission emails of an import, `per_minute` a minute (a setting by default).

    Each minute's emails are one task, run a minute after the one before, so a large list
    goes out at a pace the mail provider accepts. A task backend that cannot run work later
    (the development one) sends them all at once.
    """
    per_minute = per_minute or settings.NEWSLETTER_RECONFIRM_PER_MINUTE
    start = timezone.now()
    can_defer = send_reconfirmation_emails.get_backend().supports_defer
    for minute, first in enumerate(range(0, len(consent_ids), per_minute)):
        batch = list(consent_ids[first : first + per_minute])
        if can_defer and minute:
            run_after = start + timedelta(minutes=minute)
            send_reconfirmation_emails.using(run_after=run_after).enqueue(batch)
        else:
            send_reconfirmation_emails.enqueue(batch)


@task
def send_welcome_email(subscriber_id):
    """Send the welcome email to a subscriber who has just confirmed, if they still are."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.is_confirmed():
        return
    try:
        emails.send_welcome(subscriber)
    except (smtplib.SMTPException, OSError, ValueError):
        # Not sent again: a missed welcome costs less than a second one.
        logger.exception("Welcome email for subscriber %s failed", subscriber.pk)
        raise


@task
def send_issue_deliveries(issue_id):
    """Send an issue's waiting deliveries; come back later for those waiting for a retry.

    The last deliveries, held by another sending task, are waited for: that task sends
    them, or its heartbeat stops (its worker was killed) and this one takes them over.
    """
    issue = Issue.objects.get(pk=issue_id)
    try:
        counts = sending.send_issue(issue)
        while takeover_at := sending.next_takeover_at(issue):
            sending.wait_until(takeover_at)
            counts = sending.send_issue(issue)
    except (smtplib.SMTPException, OSError) as error:
        logger.error("Sending issue %s stopped: %s", issue_id, type(error).__name__)
        schedule_retry(issue, timezone.now() + sending.RETRY_DELAYS[0])
        raise
    retry_at = sending.next_retry_at(issue)
    if retry_at is not None:
        schedule_retry(issue, retry_at)
    return counts


def start_sending(issue):
    """Queue the issue and hand the sending to the background workers; return how many queued."""
    queued = sending.queue_issue(issue)
    resume_sending(issue)
    return queued


def resume_sending(issue):
    """Queue one sending task for each worker that shares the issue's deliveries."""
    for _ in range(settings.NEWSLETTER_SENDING_WORKERS):
        send_issue_deliveries.enqueue(issue.pk)


def schedule_retry(issue, when):
    """Run the sending task again at `when`, if the task backend can defer work."""
    if send_issue_deliveries.get_backend().supports_defer:
        send_issue_deliveries.using(run_after=when).enqueue(issue.pk)
    else:
        logger.warning(
            "Issue %s has deliveries waiting for a retry; run `manage.py send_issue %s` "
            "to send them (this task backend cannot schedule work for later).",
            issue.pk,
            issue.pk,
        )
