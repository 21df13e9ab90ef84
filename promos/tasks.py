"""Background work for promos' downloads, run by Django's tasks framework.

The views queue this work; `promos.offers`, below them, only decides and records.
"""

import logging
import smtplib

from django.tasks import task

from promos import emails
from promos.models import DownloadGrant, Signup

logger = logging.getLogger(__name__)


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
