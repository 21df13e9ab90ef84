"""Check the files editors offer as downloads: a real PDF, EPUB or ZIP of a sensible size.

The type is read from the file's first bytes (and, for EPUB and ZIP, its table of contents),
never from the name or the browser's content type, and the name's extension must agree
with it, so a file is always served with the type it really has.
"""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from articles.images import safe_filename

MAX_UPLOAD_BYTES = 50 * 1024 * 1024

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".zip": "application/zip",
}
KINDS = {".pdf": "PDF", ".epub": "EPUB", ".zip": "ZIP"}
KIND_NAMES = {"PDF": "a PDF", "EPUB": "an EPUB", "ZIP": "a ZIP file"}
EPUB_MIMETYPE = b"application/epub+zip"


def clean_upload(file):
    """Return the upload, safely named, if it is a PDF, EPUB or ZIP; else raise ValidationError."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "The file is %(size)s; the largest accepted is %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in KINDS:
        raise ValidationError(
            "Upload a PDF, EPUB or ZIP file (its name ending in .pdf, .epub or .zip).",
            code="unsupported_extension",
        )
    kind = sniff(file)
    if kind is None:
        raise ValidationError(
            "This file is not a PDF, EPUB or ZIP file, or it is damaged.", code="invalid_file"
        )
    if kind != KINDS[extension]:
        raise ValidationError(
            "The file is %(kind)s, but its name ends in %(extension)s. Rename it and upload "
            "it again.",
            code="extension_mismatch",
            params={"kind": KIND_NAMES[kind], "extension": extension},
        )
    file.name = safe_filename(file.name, extension, default_stem="download", max_stem_length=80)
    file.content_type = CONTENT_TYPES[extension]
    return file


def sniff(file):
    """Return "PDF", "EPUB" or "ZIP" from the file's contents, or None."""
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "PDF"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        # Reads only the central directory at the end of the file, never the contents.
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    if not names:
        return None
    # An EPUB is a ZIP whose first entry is an uncompressed "mimetype" file saying so.
    if head[30:38] == b"mimetype" and head[38 : 38 + len(EPUB_MIMETYPE)] == EPUB_MIMETYPE:
        return "EPUB"
    return "ZIP"


def content_type(name):
    """Return the media type a stored download is served with."""
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")
