"""Images kept across a form that failed validation, so that editors never choose a file twice.

When the article form or one of its section forms has an error, each image the editor chose
(already checked and cleaned by images.clean_upload) is stored under PENDING_DIR in the
private media folder (never served: nothing should link to a file nobody has saved yet),
and the form is shown again with a signed token naming the stored file. The
next submission without a new file uses the kept one. The token is signed, so a visitor
cannot point the form at any other file, and it expires after MAX_AGE.

Kept files are deleted once the article that uses them is saved; files left behind by an
editor who gave up are deleted, once older than MAX_AGE, the next time a file is kept.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

PENDING_DIR = "pending-uploads"
MAX_AGE = timedelta(days=1)
SALT = "articles.uploads.kept"


def pending_storage():
    """Return the storage of kept files: PENDING_DIR inside PRIVATE_MEDIA_ROOT."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


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
    stored_name = pending_storage().save(
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
        with pending_storage().open(stored_name, "rb") as stored:
            content = stored.read()
    except (signing.BadSignature, KeyError, TypeError, ValueError, OSError) as exc:
        raise ValidationError(
            "The file kept from your last try is no longer available. Choose the file again.",
            code="kept_upload_unavailable",
        ) from exc
    return KeptUpload(content, data["name"], token, stored_name)


def discard(upload):
    """Delete a kept file from the pending folder, once the article has its own copy."""
    pending_storage().delete(upload.stored_name)


def delete_stale():
    """Delete the pending files older than MAX_AGE: their tokens no longer work."""
    try:
        _, names = pending_storage().listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    oldest_usable = timezone.now() - MAX_AGE
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        if pending_storage().get_modified_time(path) < oldest_usable:
            pending_storage().delete(path)
