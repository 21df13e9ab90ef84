"""Counting page views and searches with no database write per view.

Each process adds what it counts to a tally in memory (`record`). At most every
INSIGHTS_PUSH_SECONDS, after a response has been sent, and when the process stops, the
tally is added to the pending totals in the insights cache (`push`); `insights.flush`
moves the pending totals into the tables. The pending totals are read and changed only
under `shared_lock()`, so concurrent pushes and a flush never lose or repeat a count: on
Redis and local memory the lock is a cache key taken with `add()` (atomic there); the
file-based cache's `add()` is not atomic, so its processes (all on one host) lock a file
beside it instead.

Visitors are estimated without cookies or stored addresses. A random salt, made the first
time it is needed each day and kept in the cache until midnight (never in the database),
is hashed with the client's address, user agent and the site's address; the first 8 bytes
of that hash, and of it hashed again with the page's path, are the visitor on the site and
on the page that day. A push checks them against the day's set of hashes seen, kept in the
cache until just after midnight (ten minutes' grace for the last pushes), and counts those
not seen yet. Views from a browser that asks not to be tracked (DNT: 1, Sec-GPC: 1) are
counted, but never as visitors.
"""

import atexit
import hashlib
import logging
import secrets
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.utils import timezone

from insights import agents, referrers, searches
from smallbiz.client_ip import client_ip

logger = logging.getLogger(__name__)

PENDING_KEY = "insights:pending"
LOCK_KEY = "insights:lock"
PENDING_SECONDS = 60 * 60 * 24 * 30
SEEN_GRACE_SECONDS = 10 * 60
# A process that cannot take the lock this fast keeps its tally and tries again later.
PUSH_WAIT_SECONDS = 1
LOCK_SECONDS = 30
MAX_PATH_LENGTH = 200
# Browsers fetching a page the reader may never see send one of these (request.META names).
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")


class LockTimeout(Exception):
    """The insights lock stayed taken for longer than we could wait."""


def store():
    """Return the cache that holds the pending totals, the day's salt and hashes seen."""
    return caches[settings.INSIGHTS_CACHE]


@contextmanager
def shared_lock(wait=LOCK_SECONDS):
    """Hold the lock that every read-and-write of the pending totals takes."""
    cache = store()
    if isinstance(cache, FileBasedCache):
        path = Path(settings.CACHES[settings.INSIGHTS_CACHE]["LOCATION"]) / "insights.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as file:
            locks.lock(file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(file)
        return
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    while not cache.add(LOCK_KEY, token, LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise LockTimeout
        time.sleep(0.005)
    try:
        yield
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)


def end_of(day):
    """Return the aware datetime of the midnight that ends `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))


def seconds_until(moment):
    return max(1, int((moment - timezone.now()).total_seconds()) + 1)


def is_counted(request, response):
    """Return True if `response` is a public page seen by a person, counted as a view."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    # Pages personal to one reader (the links in emails) are never_cache: not counted.
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-store")):
        return False
    if request.path_info.startswith("/" + settings.ADMIN_PATH):
        return False
    if len(request.path_info) > MAX_PATH_LENGTH:
        return False
    # request.META rather than request.headers: this runs on every page, cached or not.
    meta = request.META
    if any("prefetch" in meta.get(name, "").lower() for name in PREFETCH_HEADERS):
        return False
    if agents.is_bot(meta.get("HTTP_USER_AGENT", "")):
        return False
    return not is_signed_in(request)


def is_signed_in(request):
    # Pages from the page cache are served only to requests without a session cookie,
    # before authentication runs; every other request has been through it.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or user.is_authenticated


def wants_privacy(request):
    """Return True if the browser asks not to be tracked (DNT: 1 or Sec-GPC: 1)."""
    return request.META.get("HTTP_DNT") == "1" or request.META.get("HTTP_SEC_GPC") == "1"


class Tally:
    """One process's counts since its last push, and its copy of the day's salt."""

    def __init__(self):
        self.lock = threading.Lock()
        self.salt_day = None
        self.salt = None
        self.clear()

    def clear(self):
        # ("site", day), ("page", day, path), ("referrer", day, source), ("device", day,
        # device) and ("search", day, terms): views or searches; ("site-visitors", day) and
        # ("page-visitors", day, path) are added at push time.
        self.counts = Counter()
        self.found = {}
        # day -> {(path or None, 8-byte hash)}: who was seen, checked against the day's set.
        self.visitors = {}
        self.pushed_at = time.monotonic()

    def take(self):
        with self.lock:
            taken = self.counts, self.found, self.visitors
            self.clear()
        return taken

    def put_back(self, counts, found, visitors):
        with self.lock:
            self.counts.update(counts)
            self.found = {**found, **self.found}
            for day, seen in visitors.items():
                self.visitors.setdefault(day, set()).update(seen)

    def record(self, request, found=None):
        """Count one view of the request's page (and its search, if `found` is not None)."""
        day = timezone.localdate()
        path = request.path_info
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        referer = request.META.get("HTTP_REFERER")
        source = referrers.source(referer, own_hosts(request)) if referer else ""
        visitor = None if wants_privacy(request) else self.visitor(request, day, user_agent)
        terms = ""
        if found is not None and request.GET.get("page", "1") in ("", "1"):
            terms = searches.normalise(request.GET.get("q", ""))
        with self.lock:
            counts = self.counts
            counts["site", day] += 1
            counts["page", day, path] += 1
            counts["device", day, agents.device(user_agent)] += 1
            if source:
                counts["referrer", day, source] += 1
            if terms:
                counts["search", day, terms] += 1
                self.found[day, terms] = found
            if visitor:
                page_visitor = hashlib.sha256(visitor + path.encode()).digest()[:8]
                self.visitors.setdefault(day, set()).update([(None, visitor), (path, page_visitor)])

    def visitor(self, request, day, user_agent):
        """Return the visitor's 8-byte hash for `day`, or None if the salt is unavailable."""
        salt = self.salt if self.salt_day == day else day_salt(day)
        if salt is None:
            return None
        self.salt_day, self.salt = day, salt
        text = f"{salt}\n{client_ip(request)}\n{user_agent}\n{settings.SITE_URL}"
        return hashlib.sha256(text.encode()).digest()[:8]

    def push(self, wait=PUSH_WAIT_SECONDS):
        """Add this process's counts to the pending totals in the cache."""
        counts, found, visitors = self.take()
        if not counts:
            return
        try:
            with shared_lock(wait):
                add_to_pending(counts, found, visitors)
        except LockTimeout:
            self.put_back(counts, found, visitors)
        except Exception:
            # The cache did not answer: keep the counts for the next push.
            self.put_back(counts, found, visitors)
            logger.exception("Could not add page views to the pending totals")

    def push_if_due(self, **kwargs):
        if self.counts and time.monotonic() - self.pushed_at >= settings.INSIGHTS_PUSH_SECONDS:
            self.push()


def own_hosts(request):
    """Return this site's host names: links from them are not referrals."""
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    host = host.rsplit(":", 1)[0].lower()
    return {host, urlsplit(settings.SITE_URL).hostname}


def day_salt(day):
    """Return the salt of `day`: made by the first process that needs it, shared by all."""
    key = f"insights:salt:{day.isoformat()}"
    cache = store()
    salt = cache.get(key)
    if salt is not None:
        return salt
    try:
        with shared_lock(PUSH_WAIT_SECONDS):
            cache.add(key, secrets.token_hex(32), seconds_until(end_of(day)))
            return cache.get(key)
    except LockTimeout:
        return None


def add_to_pending(counts, found, visitors):
    """Count the visitors not seen yet that day and add everything to the pending totals.

    Call under shared_lock().
    """
    cache = store()
    today = timezone.localdate()
    for day, seen_now in visitors.items():
        seen_key = f"insights:seen:{day.isoformat()}"
        seen = cache.get(seen_key)
        if seen is None:
            if day < today:
                continue  # The day's hashes are forgotten: its late views count as views only.
            seen = set()
        for path, digest in seen_now:
            if digest not in seen:
                seen.add(digest)
                key = ("site-visitors", day) if path is None else ("page-visitors", day, path)
                counts[key] += 1
        cache.set(seen_key, seen, seconds_until(end_of(day)) + SEEN_GRACE_SECONDS)
    pending = cache.get(PENDING_KEY) or {"counts": Counter(), "found": {}}
    pending["counts"].update(counts)
    pending["found"].update(found)
    cache.set(PENDING_KEY, pending, PENDING_SECONDS)


def take_pending():
    """Remove the pending totals from the cache and return them (None if there are none)."""
    with shared_lock():
        cache = store()
        pending = cache.get(PENDING_KEY)
        cache.delete(PENDING_KEY)
    return pending


def restore_pending(pending):
    """Put totals that could not be written back into the pending totals."""
    with shared_lock():
        cache = store()
        current = cache.get(PENDING_KEY) or {"counts": Counter(), "found": {}}
        pending["counts"].update(current["counts"])
        pending["found"].update(current["found"])
        cache.set(PENDING_KEY, pending, PENDING_SECONDS)


tally = Tally()
atexit.register(tally.push)
