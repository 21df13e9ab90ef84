"""Whole-page caching for anonymous visitors, cleared whenever content changes.

Every cached page is stored under the current *content version*. Clearing the cache just
forgets that version, so the next request of every page renders afresh. The version also
expires by itself at the next scheduled change: when a scheduled article is due, or when a
promo's dates make it appear or disappear, so each shows (or goes) on time.

The apps clear it from their models' signals (`articles.publishing` and friends), so a
change made anywhere (admin, shell, command, migration) shows on the next request.
"""

import hashlib
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from articles.models import Article
from promos.models import Promo
from smallbiz import compression

STATE_KEY = "smallbiz:pages:state"
# The query parameters that change what a page shows, by URL name; no other page reads any.
QUERY_PARAMETERS = {
    "articles:search": ("q", "page"),
    "articles:blog": ("page",),
    "newsletter:archive": ("page",),
}


def clear_pages():
    """Make every cached page stale: call after any change visitors should see."""
    cache.delete(STATE_KEY)
    # A request served before the change commits could store the old content under the
    # version just started: forget that version too once the change is committed.
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def clear_pages_on_change(*models):
    """Clear the page cache whenever a row of one of `models` is saved or deleted.

    For the apps' `AppConfig.ready()`: as a model signal, it holds however the row is saved
    (the admin, a command, the shell, a data migration). A many-to-many `through` model
    counts as changed when links are added or removed. `QuerySet.update()` and bulk
    operations send no signals: code that uses them must call `clear_pages()` itself.
    """
    for model in models:
        uid = f"smallbiz.cache:{model._meta.label}"
        if model._meta.auto_created:
            signals.m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)
        else:
            signals.post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
            signals.post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)


def _row_changed(sender, **kwargs):
    clear_pages()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        clear_pages()


def current_version():
    """Return the content version, starting a new one if none is current."""
    state = cache.get(STATE_KEY)
    if state is None or (state["expires_at"] and timezone.now() >= state["expires_at"]):
        state = {"version": uuid.uuid4().hex, "expires_at": next_scheduled_change()}
        cache.set(STATE_KEY, state, timeout=None)
    return state["version"]


def request_version(request):
    """Return the content version, read from the cache at most once per request."""
    if request is None:
        return current_version()
    if not hasattr(request, "_content_version"):
        request._content_version = current_version()
    return request._content_version


def next_scheduled_change():
    """Return when the next scheduled article goes live or a promo's window opens or closes.

    None if nothing is scheduled.
    """
    article_due = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    upcoming = [time for time in (article_due, Promo.objects.next_window_change()) if time]
    return min(upcoming) + timedelta(seconds=1) if upcoming else None


def page_key(request, version):
    """Return the cache key of the page: its path and the query parameters its view reads.

    Any other parameter (utm_* tags, junk) gets the same entry as the page without it, so
    query strings can neither fill the cache nor make each request render afresh.
    """
    names = QUERY_PARAMETERS.get(resolve(request.path_info).view_name, ())
    query = urlencode([(name, request.GET[name]) for name in names if name in request.GET])
    address = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"smallbiz:page:{version}:{request.method}:{address}"


def is_cacheable_request(request):
    """Return True for an anonymous GET or HEAD of a public page."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/" + settings.ADMIN_PATH):
        return False
    # A session (a signed-in editor) or pending messages make a page personal.
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def is_cacheable_response(response):
    # "Vary: Cookie" alone is fine: requests with a session or messages cookie never get
    # here. A response that sets a cookie (a CSRF token, say) is personal, though.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache; everyone else gets a fresh page.

    A page is stored as rendered and, once asked for, in each compressed variant (gzip,
    Brotli) under a key of its own: a hit is answered with stored bytes, compressed once
    per content version rather than on every request (smallbiz.compression).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request, request_version(request))
        except Resolver404:
            return self.get_response(request)
        encoding = compression.encoding_for(request)
        if encoding is not None:
            response = cache.get(f"{key}:{encoding}")
            if response is not None:
                return response
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not is_cacheable_response(response):
                return response
            # Browsers revalidate every time and get a 304 while the ETag still matches.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            set_response_etag(response)
            if compression.is_compressible(response):
                patch_vary_headers(response, ("Accept-Encoding",))
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        if encoding is not None and compression.is_compressible(response):
            # The cache keeps its own copy: `response` may be changed in place.
            response = compression.compress(response, encoding)
            cache.set(f"{key}:{encoding}", response, settings.PAGE_CACHE_SECONDS)
        return response
