"""Before an issue goes out: the pages of this site it would send readers to that they cannot see.

A featured article that is a draft or scheduled, or a link in the note to an address of this
site with no public page, would give readers "page not found". Sending refuses such an issue
(newsletter/admin/issues.py, `manage.py send_issue`) and the issue form warns about it.
"""

import html
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from articles.prepublish import page_at

# The href of a link in the note's sanitised HTML (the sanitiser writes double quotes).
HREF = re.compile(r'<a\s[^>]*?\bhref="([^"]*)"', re.IGNORECASE)


def not_public(issue):
    """Return descriptions of what the issue links to that readers cannot see, in order."""
    found = []
    for article in issue.articles.select_related("category").order_by("title"):
        if not article.is_published():
            found.append(f"the featured article “{article.title}” ({state(article)})")
    for path in dict.fromkeys(site_paths(issue.body_html)):
        target = page_at(path)
        if target is None or (isinstance(target, Article) and not target.is_published()):
            found.append(f"the link to {path} in the note")
    return found


def problem(issue):
    """Return why the issue may not be sent yet, in a sentence, or "" if nothing stops it."""
    found = not_public(issue)
    if not found:
        return ""
    listed = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"
    them = "it" if len(found) == 1 else "them"
    return (
        f"Readers would get “page not found” from {listed}. "
        f"Publish {them}, or take {them} out of the issue, before sending."
    )


def state(article):
    if article.is_scheduled():
        when = date_format(timezone.localtime(article.published_at), "j F Y, H:i")
        return f"scheduled for {when}"
    return "a draft"


def site_paths(body_html):
    """Return the paths of the links in the note's HTML that lead to this site."""
    site = urlsplit(settings.SITE_URL)
    for href in HREF.findall(body_html):
        url = urlsplit(html.unescape(href).strip())
        if href.startswith("#") or url.scheme not in ("http", "https", ""):
            continue
        if url.netloc and url.netloc != site.netloc:
            continue
        if not url.netloc and not url.path.startswith("/"):
            continue
        yield unquote(url.path) or "/"
