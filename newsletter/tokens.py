"""Signed tokens for the links in our emails, and the keyed hash kept for erased addresses.

Tokens are signed with SECRET_KEY (and still read with SECRET_KEY_FALLBACKS while a key is
being rotated), so they cannot be guessed or forged, and they carry no email address.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
LINK_SALT = "newsletter.link"
SUPPRESSION_SALT = b"newsletter.suppression"

CONFIRM_MAX_AGE = timedelta(days=7)


def make_confirm_token(consent):
    """Return the token for the confirmation link of one subscribe request."""
    return signing.dumps(consent.pk, salt=CONFIRM_SALT)


def read_confirm_token(token, max_age=CONFIRM_MAX_AGE):
    """Return the consent pk in a confirmation token.

    Raise signing.SignatureExpired (a BadSignature) if it is older than `max_age`, and
    signing.BadSignature if it was not made by us. Pass max_age=None to accept any age.
    """
    return _as_pk(signing.loads(token, salt=CONFIRM_SALT, max_age=max_age))


def make_unsubscribe_token(subscriber_pk, delivery_pk=None):
    """Return the token for a subscriber's unsubscribe link.

    Unsubscribe links never expire (people unsubscribe from mail that is months old, and
    anti-spam law wants the link to keep working), so the token carries no timestamp. The
    link in a reader's copy of an issue also names that copy (`delivery_pk`), so that the
    issue's unsubscribes can be counted.
    """
    value = subscriber_pk if delivery_pk is None else [subscriber_pk, delivery_pk]
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(value)


def read_unsubscribe_token(token):
    """Return (subscriber pk, delivery pk or None) from an unsubscribe token.

    Raise signing.BadSignature if it was not made by us.
    """
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    if isinstance(value, list) and len(value) == 2:
        return _as_pk(value[0]), _as_pk(value[1])
    return _as_pk(value), None


def make_link_token(issue_pk, link_pk, delivery_pk):
    """Return the token of a link in one reader's copy of an issue.

    It names the issue, the link (an IssueLink: the only addresses the redirect goes to) and
    the copy. It never expires, like the unsubscribe token: links in old issues keep working.
    """
    return signing.Signer(salt=LINK_SALT).sign_object([issue_pk, link_pk, delivery_pk])


def read_link_token(token):
    """Return (issue pk, link pk, delivery pk) from a link token, or raise signing.BadSignature."""
    value = signing.Signer(salt=LINK_SALT).unsign_object(token)
    if not isinstance(value, list) or len(value) != 3:
        raise signing.BadSignature("Token does not name a link.")
    return tuple(_as_pk(pk) for pk in value)


def _as_pk(value):
    if type(value) is not int or value < 0:
        raise signing.BadSignature("Token does not hold a primary key.")
    return value


def address_digest(email, secret=None):
    """Return a keyed hash (HMAC-SHA256) of the address, compared case-insensitively."""
    key = hashlib.sha256(SUPPRESSION_SALT + (secret or settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def address_digests(email):
    """Return the address's digest under the current secret key and each fallback key."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [address_digest(email, secret) for secret in secrets]
