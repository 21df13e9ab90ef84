"""Check uploaded images and make the WebP renditions that pages show.

Uploads are decoded and saved again by Pillow, so what reaches storage holds pixels only:
no EXIF (camera, GPS position), XMP, comments or PNG text. The ICC colour profile is kept
because dropping it changes the colours of wide-gamut photos.

Animated GIF and WebP files keep their first frame only. Renditions are still images, so an
animation would not be seen on the page anyway, and one frame keeps the memory bounded.
"""

import logging
import os
from io import BytesIO

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
RENDITION_WIDTHS = (480, 800, 1200)
MAX_RENDITION_WIDTH = 1600

EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
SAVE_OPTIONS = {"JPEG": {"quality": 88}, "WEBP": {"quality": 88}}
RENDITION_QUALITY = 80


def clean_upload(file) -> SimpleUploadedFile:
    """Return a metadata-free copy of an uploaded image, or raise ValidationError."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "The file is %(size)s; the largest accepted is %(limit)s. "
            "Make the image smaller and upload it again.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    file.seek(0)
    data = file.read()
    try:
        # open() reads only the header. Pillow raises there for a giant canvas, and its warning
        # for a large one is an error where warnings are errors; otherwise the check below acts.
        image = Image.open(BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except Exception as exc:
        # Pillow reports files it cannot identify with several exception types.
        sniffed = _sniff_format(data)
        if sniffed:
            raise _unsupported_format(sniffed) from exc
        raise _invalid_image() from exc

    if image.format not in ALLOWED_FORMATS:
        raise _unsupported_format(image.format)
    # Checked before decoding: a small file can declare a huge canvas (a decompression bomb).
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()

    try:
        # load() decodes every pixel, which is what finds truncated or corrupt files.
        image.load()
        clean = ImageOps.exif_transpose(image)
    except Exception as exc:
        raise _invalid_image() from exc

    # Savers copy some of info (comments, XMP) into the new file; keep only what draws pixels.
    clean.info = {key: value for key, value in clean.info.items() if key == "transparency"}
    options = dict(SAVE_OPTIONS.get(image.format, {}))
    if image.format != "GIF" and image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    output = BytesIO()
    clean.save(output, format=image.format, **options)
    return SimpleUploadedFile(
        safe_filename(file.name, EXTENSIONS[image.format], default_stem="image"),
        output.getvalue(),
        content_type=Image.MIME.get(image.format),
    )


def make_renditions(field_file) -> list[dict]:
    """Write WebP copies of a stored image at the rendition widths and describe them."""
    if not field_file:
        return []
    try:
        with field_file.storage.open(field_file.name, "rb") as stored:
            image = Image.open(stored)
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("too many pixels")
            image.load()
        image = ImageOps.exif_transpose(image)
    except Exception:
        # A missing or damaged file must not break saving the article that points to it.
        logger.warning("Could not read image %s to make renditions.", field_file.name)
        return []

    # A profile only fits the colour space it was made for, so it is dropped on conversion.
    icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    widths = {width for width in RENDITION_WIDTHS if width < image.width}
    widths.add(min(image.width, MAX_RENDITION_WIDTH))
    stem = os.path.splitext(field_file.name)[0]
    renditions = []
    for width in sorted(widths):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        output = BytesIO()
        resized.save(output, format="WEBP", quality=RENDITION_QUALITY, icc_profile=icc_profile)
        name = f"renditions/{stem}-{width}w.webp"
        if field_file.storage.exists(name):
            field_file.storage.delete(name)
        name = field_file.storage.save(name, ContentFile(output.getvalue()))
        renditions.append({"width": width, "height": height, "name": name})
    return renditions


def srcset(renditions, storage=None) -> str:
    """Return an HTML srcset value, such as "/media/a-480w.webp 480w, ...", for renditions."""
    storage = storage or default_storage
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)


def safe_filename(original_name, extension, default_stem, max_stem_length=None):
    """Return an upload's base name made safe for storage, with the given extension.

    The extension is the one of the file's real format, whatever the upload claimed.
    """
    stem = os.path.splitext(os.path.basename(original_name or ""))[0]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = default_stem
    return stem[:max_stem_length] + extension


def _sniff_format(data):
    """Name the common non-image uploads Pillow cannot read, so the error can say what they are."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "PDF"
    if b"<svg" in head:
        return "SVG"
    return None


def _invalid_image():
    return ValidationError(
        "This file is not an image, or it is damaged. Upload a JPEG, PNG, WebP or GIF image.",
        code="invalid_image",
    )


def _unsupported_format(image_format):
    return ValidationError(
        "%(format)s files are not accepted. Upload a JPEG, PNG, WebP or GIF image.",
        code="unsupported_format",
        params={"format": image_format},
    )


def _too_many_pixels():
    return ValidationError(
        "The image has more than %(limit)s million pixels. "
        "Make it smaller (for example 4000 × 3000) and upload it again.",
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )
