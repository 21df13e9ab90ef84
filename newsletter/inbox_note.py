"""What a "check your inbox" page repeats: the address typed and the page the form was on.

Both travel in a short-lived signed cookie sent only to that page: never in its URL, so
never in a log, and never in the page cache, since the page is not cached. The page reads it
once and deletes it, so the next person at the computer does not see the address. The
e-zine's page and the promo offer's page each have their own note.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

MAX_AGE = 600


class InboxNote:
    def __init__(self, cookie, salt, url_name):
        self.cookie = cookie
        self.salt = salt
        self.url_name = url_name

    def remember(self, response, email, source):
        """Keep the address and the page for the page `response` leads to."""
        response.set_cookie(
            self.cookie,
            signing.dumps({"email": email, "source": source}, salt=self.salt),
            max_age=MAX_AGE,
            path=reverse(self.url_name),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    def read(self, request):
        """Return (address, page) from the request's note, or ("", "") for none or a bad one.

        The page is returned only if it is a path on this site."""
        try:
            typed = signing.loads(
                request.COOKIES.get(self.cookie, ""), salt=self.salt, max_age=MAX_AGE
            )
        except signing.BadSignature:
            typed = {}
        return typed.get("email", ""), same_site_path(typed.get("source", ""))

    def forget(self, response):
        """Delete the note with `response`: it is shown once. Return the response."""
        response.delete_cookie(self.cookie, path=reverse(self.url_name))
        return response


def same_site_path(source):
    """Return `source` if it is a path on this site, else ""."""
    is_ours = source.startswith("/") and url_has_allowed_host_and_scheme(source, allowed_hosts=None)
    return source if is_ours else ""
