"""Links in the issues we send: which are counted, and which requests count as a click.

When an issue is sent, each http(s) link in its note and each featured article's link
becomes an `IssueLink`, and every reader's copy points it at our signed redirect
(`newsletter:follow_link`), which counts the click and sends the reader on. The footer's
links (the web version, back issues, privacy notice, unsubscribing) are not counted, nor
are images: there is no tracking pixel. Previews, test copies and the web version of an
issue keep the original addresses.
"""

import html
import re

from newsletter.models import IssueLink

# The href of a link in the issue's sanitised HTML (the sanitiser writes double quotes).
HTML_LINK = re.compile(r'(<a\s[^>]*?\bhref=")(https?://[^"]+)(")', re.IGNORECASE)
MAX_URL_LENGTH = IssueLink._meta.get_field("url").max_length

# What mail systems' link scanners and other programs put in their user agent. Scanners that
# pretend to be a browser are counted: the figures are an upper bound, said so in the docs.
ROBOT_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scan|preview|fetch|monitor|check|validator|headless|"
    r"python|curl|wget|java/|go-http|okhttp|axios|node-fetch|libwww|httpclient|"
    r"facebookexternalhit|proofpoint|mimecast|barracuda|safelinks",
    re.IGNORECASE,
)


class LinkCollector:
    """The issue's links in the order they first appear, each replaced by a numbered stand-in.

    `save()` records them as the issue's IssueLinks; each reader's copy then swaps the
    stand-ins for their own redirect links (`emails.RenderedIssue.for_reader()`).
    """

    def __init__(self):
        self.indexes = {}

    def stand_in(self, url):
        """Return the stand-in for a link to `url` (an address too long to record stays)."""
        if len(url) > MAX_URL_LENGTH:
            return url
        index = self.indexes.setdefault(url, len(self.indexes))
        return f"%%LINK-{index}%%"

    def in_html(self, body):
        """Return the HTML with each http(s) link's address replaced by its stand-in."""
        return HTML_LINK.sub(
            lambda m: m[1] + html.escape(self.stand_in(html.unescape(m[2]))) + m[3], body
        )

    def save(self, issue):
        """Record the links as the issue's IssueLinks; return their pks in stand-in order.

        Several senders may render the issue at once: the unique constraint keeps one row
        per address, and each sender reads the same rows back.
        """
        if not self.indexes:
            return ()
        IssueLink.objects.bulk_create(
            [IssueLink(issue=issue, url=url) for url in self.indexes], ignore_conflicts=True
        )
        pks = dict(
            IssueLink.objects.filter(issue=issue, url__in=list(self.indexes)).values_list(
                "url", "pk"
            )
        )
        return tuple(pks[url] for url in self.indexes)


def is_a_click(request):
    """Return True if the request looks like a person following a link, not a program.

    Mail systems fetch the links in incoming mail to check them, browsers prefetch, and
    some checkers only ask for the headers (HEAD): none of these count.
    """
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    user_agent = request.headers.get("User-Agent", "")
    return bool(user_agent) and not ROBOT_AGENT.search(user_agent)
