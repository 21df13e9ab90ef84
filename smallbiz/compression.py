"""Compressed responses: gzip, or Brotli where the client accepts it, for public text only.

What is compressed: the HTML, feeds, sitemaps and other text that anonymous visitors get
(`is_public`). What is not: anything to a request with a session cookie (signed-in
editors), anything under the admin, responses that set a cookie (a CSRF token, say), that
are private or never cached (the confirm and "check your inbox" pages), streaming
responses, bodies under `MIN_SIZE` bytes, and types that are compressed already (pictures,
PDFs, fonts). Static files are WhiteNoise's: it serves them precompressed.

That split is what keeps compression safe from BREACH-style attacks, which guess a secret
in a compressed body from its length while injecting text next to it: a response we
compress carries no secret (no CSRF token, no session, no address), and a response that
carries one is sent as it is. docs/deployment.md says the same for the people who run it.

The page cache (smallbiz.cache) stores each compressed variant it serves, so a page is
compressed once per encoding per content version, never on every hit.
"""

import gzip
import re

from django.conf import settings
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.text import compress_string

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency; gzip alone still works
    brotli = None

GZIP = "gzip"
BROTLI = "br"
# Shorter bodies gain nothing worth the work (and can grow).
MIN_SIZE = 256
COMPRESSIBLE_TYPES = {
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
}
# Brotli's level 5 compresses HTML better than gzip's best in about the same time.
BROTLI_QUALITY = 5
ACCEPT_ENCODING_ITEM = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def accepted_encodings(request):
    """Return the content codings the request accepts (quality above zero), lower case."""
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        match = ACCEPT_ENCODING_ITEM.match(item)
        if not match:
            continue
        try:
            quality = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            continue
        if quality > 0:
            accepted.add(match[1].lower())
    return accepted


def encoding_for(request):
    """Return the coding to answer this request with: "br", "gzip" or None (as it is)."""
    accepted = accepted_encodings(request)
    if brotli is not None and (BROTLI in accepted or "*" in accepted):
        return BROTLI
    if GZIP in accepted or "*" in accepted:
        return GZIP
    return None


def is_compressible(response):
    """Return True if the body is text worth compressing and not encoded already."""
    if response.streaming or response.status_code in (204, 304):
        return False
    if response.has_header("Content-Encoding") or len(response.content) < MIN_SIZE:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in COMPRESSIBLE_TYPES


def is_public(request, response):
    """Return True if the response is the same for every anonymous visitor: no secrets in it."""
    if request.path.startswith("/" + settings.ADMIN_PATH):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store"))


def compress(response, encoding):
    """Encode the response's body in place with `encoding` and return the response.

    The ETag, if any, gets the coding as a suffix: each variant has its own, so a
    conditional GET matches only the bytes the client holds (RFC 9110 section 8.8.3).
    """
    # The same page always compresses to the same bytes: an ETag names exact bytes, and a
    # HEAD answer has a GET's length. (Django's GZipMiddleware pads each body with random
    # bytes against length attacks; what we compress holds no secret to attack.)
    if encoding == BROTLI:
        body = brotli.compress(response.content, quality=BROTLI_QUALITY)
    else:
        body = compress_string(response.content)
    if len(body) >= len(response.content):
        return response
    response.content = body
    response.headers["Content-Length"] = str(len(body))
    response.headers["Content-Encoding"] = encoding
    etag = response.get("ETag")
    if etag and etag.endswith('"'):
        response.headers["ETag"] = f'{etag[:-1]}-{encoding}"'
    return response


def decompress(body, encoding):
    """Return the original bytes of a body encoded by `compress()` (for tests and checks)."""
    if encoding == BROTLI:
        return brotli.decompress(body)
    if encoding == GZIP:
        return gzip.decompress(body)
    return body


class CompressionMiddleware:
    """Compress public responses that the page cache did not: it compresses its own once.

    Our own rather than Django's GZipMiddleware because that one compresses every response,
    the admin's and those carrying a CSRF token included, and knows no Brotli. Place it
    below ConditionalGetMiddleware, so that 304s compare the variant's ETag, and above
    the page cache, whose answers come already compressed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = encoding_for(request)
        if encoding is None or not is_public(request, response):
            return response
        if (
            request.method in ("GET", "HEAD")
            and not response.has_header("ETag")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            # As ConditionalGetMiddleware would, but from the page before it is compressed:
            # compress() then gives each coding the page's ETag with the coding's suffix.
            set_response_etag(response)
        return compress(response, encoding)
