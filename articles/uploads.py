"""Images kept across a form that failed validation, so that editors never choose a file twice.

When the article form or one of its section forms has an error, each image the editor chose
(already checked and cleaned by images.clean_upload) is stored under PENDING_DIR in the
default storage, and the form is shown again with a signed token naming the stored file. The
next submission without a new file uses the kept one. The token is signed, so a visitor
cannot point the form at any other file, and it expires after MAX_AGE.

Kept files are deleted once the article that uses them is saved; files left behind by an
editor who gave up are deleted, once older than MAX_AGE, the next time a file is kept.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

PENDING_DIR = "pending-uploads"
MAX_AGE = timedelta(days=1)
SALT = "articles.uploads.kept"


class KeptToken(str):
    """The signed token a form sent back in place of a new file."""


class KeptUpload(ContentFile):
    """An image read back from the pending folder, carrying the token that names it."""

    def __init__(self, content, name, token, stored_name):
        super().__init__(content, name=name)
        self.token = token
        self.stored_name = stored_name


def keep(upload):
    """Store a checked upload in the pending folder and return it as a KeptUpload."""
    delete_stale()
    upload.seek(0)
    content = upload.read()
    stored_name = default_storage.save(
        f"{PENDING_DIR}/{secrets.token_hex(8)}-{upload.name}", ContentFile(content)
    )
    token = signing.dumps({"file": stored_name, "name": upload.name}, salt=SALT)
    return KeptUpload(content, upload.name, token, stored_name)


def kept(token):
    """Return the KeptUpload a token names, or raise ValidationError for a bad or old one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        stored_name = data["file"]
        if not stored_name.startswith(f"{PENDING_DIR}/"):
            raise ValueError(stored_name)
        with default_storage.open(stored_name, "rb") as stored:
            content = stored.read()
    except (signing.BadSignature, KeyError, TypeError, ValueError, OSError) as exc:
        raise ValidationError(
            "The file kept from your last try is no longer available. Choose the file again.",
            code="kept_upload_unavailable",
        ) from exc
    return KeptUpload(content, data["name"], token, stored_name)


def discard(upload):
    """Delete a kept file from the pending folder, once the article has its own copy."""
    default_storage.delete(upload.stored_name)


def delete_stale():
    """Delete the pending files older than MAX_AGE: their tokens no longer work."""
    try:
        _, names = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    oldest_usable = timezone.now() - MAX_AGE
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        if default_storage.get_modified_time(path) < oldest_usable:
            default_storage.delete(path)
