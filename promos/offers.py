"""Give readers a promo's download through the e-zine's double opt-in.

Asking for a download is subscribing to the e-zine: the newsletter's functions find or add
the subscriber and record the consent, and a `Signup` notes which offer it came with. The
reader confirms through our own email and page (they name the download), and then gets a
personal link (`DownloadGrant`) on the confirmation page and by email. A reader who is
already subscribed gets the link by email at once: the inbox is the proof.

These functions decide and record; they send nothing. Each returns what a request made due,
a `Signup` whose confirmation email is due or a `DownloadGrant` whose link is to be emailed
(or None), and the caller sends or queues that email (`promos.tasks`). As for the e-zine,
asking again never changes the subscriber: a first name given counts only once the request
that carried it is confirmed.
"""

from django.db import transaction
from django.utils import timezone

from newsletter import subscriptions
from newsletter.models import Consent, PrivacyNotice
from promos.models import DOWNLOAD_RESEND_INTERVAL, Signup


def request_download(promo, email, first_name, notice, source):
    """Start getting the promo's download to an address, unless that would mail too much.

    A new, pending or unsubscribed address is sent a confirmation email, at most one in ten
    minutes as for the e-zine. A confirmed subscriber is emailed a download link, at most one
    in ten minutes for each promo. The visitor sees the same answer always.
    """
    subscriber = subscriptions.subscriber_for(email)
    if subscriber.is_confirmed():
        recently = timezone.now() - DOWNLOAD_RESEND_INTERVAL
        if promo.signups.filter(subscriber=subscriber, created_at__gt=recently).exists():
            return None
        signup = Signup.objects.create(
            promo=promo, subscriber=subscriber, offer=promo.download_title
        )
        return signup.grants.create()
    with transaction.atomic():
        consent = subscriptions.record_consent(
            subscriber, notice, source, first_name, box=Consent.Box.PROMO
        )
        if consent is None:
            return None
        return Signup.objects.create(
            promo=promo, subscriber=subscriber, consent=consent, offer=promo.download_title
        )


def renew_download(grant):
    """Make a fresh link in place of one that expired or was used up, at most one in ten minutes.

    A reader who has left the e-zine since is asked to confirm their address again instead.
    """
    signup = grant.signup
    subscriber = signup.subscriber
    if not subscriber.is_confirmed():
        consent = signup.consent
        first_name, source = (consent.first_name, consent.source) if consent else ("", "")
        notice = PrivacyNotice.objects.current()
        return request_download(signup.promo, subscriber.email, first_name, notice, source)
    # A fresh link made in the last ten minutes answers this request already.
    recently = timezone.now() - DOWNLOAD_RESEND_INTERVAL
    if signup.grants.filter(pk__gt=grant.pk, created_at__gt=recently).exists():
        return None
    return signup.grants.create()
