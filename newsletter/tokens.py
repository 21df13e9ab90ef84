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


def make_unsubscribe_token(subscriber_pk):
    """Return the token for a subscriber's unsubscribe link.

    Unsubscribe links never expire (people unsubscribe from mail that is months old, and
    anti-spam law wants the link to keep working), so the token carries no timestamp.
    """
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(subscriber_pk)


def read_unsubscribe_token(token):
    """Return the subscriber pk in an unsubscribe token, or raise signing.BadSignature."""
    return _as_pk(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token))


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
