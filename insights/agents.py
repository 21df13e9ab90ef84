"""What a request's User-Agent says: a program rather than a person, and the kind of device.

Both rules are small and deliberately rough; only their answers are counted, never the
user agent itself.

Programs: an empty user agent, or one containing a word that crawlers, link previewers,
monitors and HTTP libraries put in theirs (BOT_WORDS). Well-behaved crawlers name
themselves; this catches the search engines, social sites' link previews, SEO tools,
uptime checkers and scripts. A program that pretends to be a browser is counted.

Devices: "iPad" or "Tablet", or Android without "Mobile", is a tablet; "Mobi" (Mobile,
Mobile Safari), "iPhone" or "iPod" is a phone; anything else is a desktop. This is the rule
browser makers document for telling phones from tablets (Android tablets omit "Mobile").
"""

import re

from insights.models import Device

BOT_WORDS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "scan",
    "archiver",
    "facebookexternalhit",
    "facebookcatalog",
    "embedly",
    "preview",
    "headless",
    "lighthouse",
    "pagespeed",
    "pingdom",
    "uptime",
    "monitor",
    "validator",
    "feedfetcher",
    "python",
    "curl",
    "wget",
    "httpclient",
    "http-client",
    "okhttp",
    "go-http",
    "java/",
    "libwww",
    "node-fetch",
    "axios",
    "wrk",
)
BOT = re.compile("|".join(re.escape(word) for word in BOT_WORDS), re.IGNORECASE)
TABLET = re.compile(r"iPad|Tablet|Android(?!.*Mobile)", re.IGNORECASE)
PHONE = re.compile(r"Mobi|iPhone|iPod", re.IGNORECASE)


def is_bot(user_agent):
    """Return True if the user agent is empty or names a crawler, previewer or script."""
    return not user_agent.strip() or BOT.search(user_agent) is not None


def device(user_agent):
    """Return the Device (phone, tablet or desktop) the user agent describes."""
    if TABLET.search(user_agent):
        return Device.TABLET
    if PHONE.search(user_agent):
        return Device.PHONE
    return Device.DESKTOP
