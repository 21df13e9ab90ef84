"""Signed tokens for personal download links.

A token names one DownloadGrant and proves that we made the link; the grant's row decides
whether it still works (its expiry and download count), so the token itself never expires.
"""

from django.core import signing

DOWNLOAD_SALT = "promos.download"


def make_download_token(grant_pk):
    """Return the token for the link of one download grant."""
    return signing.Signer(salt=DOWNLOAD_SALT).sign_object(grant_pk)


def read_download_token(token):
    """Return the grant pk in a download token, or raise signing.BadSignature."""
    value = signing.Signer(salt=DOWNLOAD_SALT).unsign_object(token)
    if type(value) is not int or value < 1:
        raise signing.BadSignature("Token does not hold a primary key.")
    return value
