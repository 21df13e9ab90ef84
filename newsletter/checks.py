"""Before an issue goes out: the pages of this site it would send readers to that they cannot see.

A featured article that is a draft or scheduled, or a link in the note to an address of this
site with no public page, would give readers "page not found". Sending refuses such an issue
(newsletter/admin/issues.py, `manage.py send_issue`) and the issue form warns about it.
"""

from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from articles.prepublish import join, page_at, parse, site_paths


def not_public(issue):
    """Return descriptions of what the issue links to that readers cannot see, in order."""
    found = []
    for article in issue.articles.select_related("category").order_by("title"):
        if not article.is_published():
            found.append(f"the featured article “{article.title}” ({state(article)})")
    for path in dict.fromkeys(site_paths(parse(issue.body_html))):
        target = page_at(path)
        if target is None or (isinstance(target, Article) and not target.is_published()):
            found.append(f"the link to {path} in the note")
    return found


def problem(issue):
    """Return why the issue may not be sent yet, in a sentence, or "" if nothing stops it."""
    found = not_public(issue)
    if not found:
        return ""
    listed = join(found)
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
