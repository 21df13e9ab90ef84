"""Where a view came from: the referring site's host, or the name of a family of sites.

Only the host of the Referer is used (browsers send no more than the origin to other sites
under our Referrer-Policy anyway); links within this site are not a source. Search engines
and social sites go by several hosts each (google.co.uk, l.facebook.com, t.co…) and are
grouped under one name, so that the Insights page shows "Google", not thirty addresses.
"""

import re
from urllib.parse import urlsplit

# (name, host suffixes): a host is in the family if it is one of them or ends with
# "." + one of them. "google" also matches every country domain (google.co.uk, google.de).
FAMILIES = [
    ("Google", ("google",)),
    ("Bing", ("bing.com",)),
    ("DuckDuckGo", ("duckduckgo.com",)),
    ("Yahoo", ("yahoo.com", "yahoo.co.jp", "search.yahoo.com")),
    ("Ecosia", ("ecosia.org",)),
    ("Baidu", ("baidu.com",)),
    ("Yandex", ("yandex.ru", "yandex.com")),
    ("Facebook", ("facebook.com", "fb.com", "fb.me")),
    ("Instagram", ("instagram.com",)),
    ("LinkedIn", ("linkedin.com", "lnkd.in")),
    ("X/Twitter", ("twitter.com", "x.com", "t.co")),
    ("Pinterest", ("pinterest.com",)),
    ("Reddit", ("reddit.com",)),
    ("YouTube", ("youtube.com", "youtu.be")),
    ("Mastodon", ("mastodon.social",)),
]
MAX_LENGTH = 100


# A host name as browsers send it (international names in their xn-- form); anything else
# in a Referer is junk, not a site.
HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def family(host):
    """Return the family name for `host`, or None."""
    labels = host.split(".")
    for name, suffixes in FAMILIES:
        for suffix in suffixes:
            if suffix == "google":
                if "google" in labels[:-1]:
                    return name
            elif host == suffix or host.endswith("." + suffix):
                return name
    return None


def source(referer, own_hosts):
    """Return the referring site's name or host (without "www."), or "" if none counts.

    "" for no Referer, a malformed one, one that is not http(s), or one of `own_hosts`.
    """
    try:
        parts = urlsplit(referer)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not HOST.fullmatch(host) or host in own_hosts:
        return ""
    host = host.removeprefix("www.")
    if host in own_hosts:
        return ""
    return family(host) or host[:MAX_LENGTH]
