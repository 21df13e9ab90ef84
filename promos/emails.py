"""The emails of promos' downloads: the confirmation that leads to one, and the link itself."""

import logging

from django.urls import reverse

from newsletter import emails as newsletter_emails
from newsletter import tokens as newsletter_tokens
from promos.models import DOWNLOAD_LINK_LIFETIME, DOWNLOADS_PER_LINK

logger = logging.getLogger(__name__)


def send_confirmation(signup):
    """Send the email whose link confirms the address and leads to the download."""
    subscriber = signup.subscriber
    token = newsletter_tokens.make_confirm_token(signup.consent)
    context = {
        **newsletter_emails.site_context(),
        # The name given with this request, which confirming it gives the subscriber.
        "greeting": newsletter_emails.greeting(signup.consent.first_name_on_confirmation()),
        "offer": signup.offer,
        "confirm_url": newsletter_emails.absolute_url(reverse("promos:confirm", args=[token])),
        "expiry_days": newsletter_tokens.CONFIRM_MAX_AGE.days,
    }
    newsletter_emails.send_email(subscriber.email, "promos/email/confirm", context)
    logger.info("Download confirmation email sent to subscriber %s", subscriber.pk)


def send_download_link(grant):
    """Send the email with a reader's personal download link."""
    subscriber = grant.signup.subscriber
    context = {
        **newsletter_emails.site_context(),
        "greeting": newsletter_emails.greeting(subscriber.first_name),
        "offer": grant.signup.offer,
        "download_url": newsletter_emails.absolute_url(grant.get_absolute_url()),
        "expiry_days": DOWNLOAD_LINK_LIFETIME.days,
        "downloads": DOWNLOADS_PER_LINK,
        "unsubscribe_url": newsletter_emails.unsubscribe_url(subscriber.pk),
    }
    newsletter_emails.send_email(subscriber.email, "promos/email/download", context)
    logger.info("Download link %s sent to subscriber %s", grant.pk, subscriber.pk)
