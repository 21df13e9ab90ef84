"""Give readers a promo's download through the e-zine's double opt-in, and the emails for it.

Asking for a download is subscribing to the e-zine: the newsletter's functions find or add
the subscriber and record the consent, and a `Signup` notes which offer it came with. The
reader confirms through our own email and page (they name the download), and then gets a
personal link (`DownloadGrant`) on the confirmation page and by email. A reader who is
already subscribed gets the link by email at once: the inbox is the proof.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from newsletter import emails as newsletter_emails
from newsletter import tokens as newsletter_tokens
from newsletter.models import PrivacyNotice
from promos.models import (
    DOWNLOAD_LINK_LIFETIME,
    DOWNLOAD_RESEND_INTERVAL,
    DOWNLOADS_PER_LINK,
    Signup,
)

logger = logging.getLogger(__name__)


def request_download(promo, email, first_name, notice, source):
    """Start getting the promo's download to an address, unless that would mail too much.

    A new, pending or unsubscribed address is sent a confirmation email, at most one in ten
    minutes as for the e-zine. A confirmed subscriber is emailed a download link, at most one
    in ten minutes for each promo. Return nothing: the visitor sees the same answer always.
    """
    from promos.tasks import send_confirmation_email

    subscriber = newsletter_emails.subscriber_for(email, first_name)
    if subscriber.is_confirmed():
        recently = timezone.now() - DOWNLOAD_RESEND_INTERVAL
        if not promo.signups.filter(subscriber=subscriber, created_at__gt=recently).exists():
            signup = Signup.objects.create(
                promo=promo, subscriber=subscriber, offer=promo.download_title
            )
            give_download(signup)
        return
    with transaction.atomic():
        consent = newsletter_emails.record_consent(subscriber, notice, source)
        if consent is None:
            return
        signup = Signup.objects.create(
            promo=promo, subscriber=subscriber, consent=consent, offer=promo.download_title
        )
    send_confirmation_email.enqueue(signup.pk)


def give_download(signup):
    """Return the sign-up's download link, emailing it to the reader if it is new."""
    from promos.tasks import send_download_email

    grant, created = signup.grant_download()
    if created:
        send_download_email.enqueue(grant.pk)
    return grant


def renew_download(grant):
    """Email a fresh link in place of one that expired or was used up, at most one in ten minutes.

    A reader who has left the e-zine since is asked to confirm their address again instead.
    """
    from promos.tasks import send_download_email

    signup = grant.signup
    subscriber = signup.subscriber
    if not subscriber.is_confirmed():
        source = signup.consent.source if signup.consent else ""
        request_download(
            signup.promo, subscriber.email, "", PrivacyNotice.objects.current(), source
        )
        return
    # A fresh link sent in the last ten minutes answers this request already.
    recently = timezone.now() - DOWNLOAD_RESEND_INTERVAL
    if signup.grants.filter(pk__gt=grant.pk, created_at__gt=recently).exists():
        return
    fresh = signup.grants.create()
    send_download_email.enqueue(fresh.pk)


def send_confirmation(signup):
    """Send the email whose link confirms the address and leads to the download."""
    subscriber = signup.subscriber
    token = newsletter_tokens.make_confirm_token(signup.consent)
    context = {
        **newsletter_emails.site_context(),
        "greeting": newsletter_emails.greeting(subscriber.first_name),
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
