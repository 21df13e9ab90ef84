"""Background work for promos' downloads, run by Django's tasks framework.

The views queue this work; `promos.offers`, below them, only decides and records.
"""

import logging
import smtplib

from django.tasks import task

from newsletter.models import PrivacyNotice
from promos import emails, offers
from promos.models import DownloadGrant, Promo, Signup

logger = logging.getLogger(__name__)


@task
def request_download(promo_id, email, first_name, notice_id, source):
    """Record a request from a promo's form and send the email it makes due, if any.

    The promo's view queues this for every request it accepts and does nothing else, so its
    answer takes the same work whether or not the address is on the list.
    """
    # The editor may have taken the file away since: then there is nothing to send.
    promo = Promo.objects.exclude(download="").filter(pk=promo_id).first()
    if promo is None:
        return
    notice = PrivacyNotice.objects.get(pk=notice_id)
    due = offers.request_download(promo, email, first_name, notice, source)
    if isinstance(due, Signup):
        send_confirmation_email.call(due.pk)
    elif isinstance(due, DownloadGrant):
        send_download_email.call(due.pk)


@task
def send_confirmation_email(signup_id):
    """Send the confirmation email of a download request, if the reader still needs one."""
    signup = Signup.objects.select_related("subscriber", "consent").filter(pk=signup_id).first()
    if signup is None or signup.consent is None or signup.subscriber.is_confirmed():
        return
    try:
        emails.send_confirmation(signup)
    except (smtplib.SMTPException, OSError, ValueError):
        # Let the visitor ask again at once instead of waiting out the resend interval.
        signup.subscriber.release_confirmation()
        logger.exception("Download confirmation for subscriber %s failed", signup.subscriber_id)
        raise


@task
def send_download_email(grant_id):
    """Send a reader their personal download link."""
    grant = DownloadGrant.objects.select_related("signup__subscriber").filter(pk=grant_id).first()
    if grant is None:
        return
    emails.send_download_link(grant)


def queue_email(due):
    """Queue the email a download request made due: a sign-up's confirmation, or a new link."""
    if isinstance(due, Signup):
        send_confirmation_email.enqueue(due.pk)
    elif isinstance(due, DownloadGrant):
        send_download_email.enqueue(due.pk)
