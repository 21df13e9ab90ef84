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


def is_bot(user_agent):
    """Return True if the user agent is empty or names a crawler, previewer or script."""
    text = user_agent.strip().lower()
    return not text or any(word in text for word in BOT_WORDS)


def device(user_agent):
    """Return the Device (phone, tablet or desktop) the user agent describes."""
    text = user_agent.lower()
    if "ipad" in text or "tablet" in text or ("android" in text and "mobile" not in text):
        return Device.TABLET
    if "mobi" in text or "iphone" in text or "ipod" in text:
        return Device.PHONE
    return Device.DESKTOP
