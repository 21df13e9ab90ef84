"""The pre-publish check: what a good article needs, each rule a pass, advice or a problem.

`check(article)` looks at a saved article and its sections and returns one `Check` per
rule, always in the same order. Nothing here stops an article from being saved or
published: the editor decides. Only a link to a page of this site that does not exist is a
problem; everything else is advice. The Markdown is inspected as readers get it: the HTML
that `Model.save()` stored, read with an HTML parser.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import models
from django.urls import Resolver404, resolve

from articles.models import Article, Category, Page, Redirect
from articles.read_more import read_more

# Search engines show about this much of a description; shorter ones say too little.
SUMMARY_MIN_LENGTH = 50
SUMMARY_MAX_LENGTH = 160
HEADING_TAG = re.compile(r"^h[1-6]$")


class Status(models.TextChoices):
    PASS = "pass", "Pass"
    ADVICE = "advice", "Advice"
    PROBLEM = "problem", "Problem"


@dataclass(frozen=True)
class Check:
    """One rule's outcome: its name, pass/advice/problem and a one-line explanation."""

    name: str
    status: Status
    explanation: str


@dataclass(frozen=True)
class Part:
    """A piece of the article's rendered Markdown, where it is and the heading level above it."""

    place: str
    html: BeautifulSoup
    level: int


@dataclass(frozen=True)
class Link:
    """A link to this site: its path, where it is, and what visitors find there."""

    path: str
    place: str
    # An Article, True for any other page that exists, or None when there is none.
    target: object


def check(article, sections=None):
    """Return the checks of the saved `article` (with `sections`, by default its own)."""
    if sections is None:
        sections = list(article.sections.all())
    parts = [Part("the introduction", parse(article.intro_html), level=1)] + [
        Part(f"section “{section.heading}”", parse(section.body_html), level=2)
        for section in sections
    ]
    links = site_links(article, parts)
    return [
        check_summary(article),
        check_alt_text(article, sections, parts),
        check_links_to_articles(article, links),
        check_headings(parts),
        check_section_bodies(sections),
        check_read_more(article),
        check_missing_pages(links),
        check_title(article),
    ]


def summary(checks):
    """Return the checks' outcome in one sentence, the problems first."""
    problems = sum(1 for c in checks if c.status == Status.PROBLEM)
    advice = sum(1 for c in checks if c.status == Status.ADVICE)
    if not problems and not advice:
        return f"All {len(checks)} checks pass."
    parts = [count(problems, "problem") + " to fix"] if problems else []
    if advice:
        parts.append(f"{advice} piece{'' if advice == 1 else 's'} of advice")
    passed = len(checks) - problems - advice
    return f"{', '.join(parts)}; {passed} of {len(checks)} checks pass."


def parse(html):
    return BeautifulSoup(html, "html.parser")


def check_summary(article):
    name = "Summary for search results"
    length = len(article.summary.strip())
    if length < SUMMARY_MIN_LENGTH:
        return Check(
            name,
            Status.ADVICE,
            f"The summary has {length} characters; {SUMMARY_MIN_LENGTH} to "
            f"{SUMMARY_MAX_LENGTH} tell searchers enough to click.",
        )
    if length > SUMMARY_MAX_LENGTH:
        return Check(
            name,
            Status.ADVICE,
            f"The summary has {length} characters; search engines cut it after about "
            f"{SUMMARY_MAX_LENGTH}.",
        )
    return Check(name, Status.PASS, f"The summary has {length} characters: it fits search results.")


def check_alt_text(article, sections, parts):
    name = "Alt text on every image"
    # Every image with its alt text, in the order the page shows them.
    images = []
    if article.hero_image:
        images.append(("the hero image", article.hero_alt))
    for part, section in zip(parts, [None, *sections], strict=True):
        for image in part.html.find_all("img"):
            images.append((f"a picture in {part.place}", image.get("alt") or ""))
        if section is not None and section.image:
            images.append((f"the image of section “{section.heading}”", section.image_alt))
    missing = [place for place, alt in images if not alt.strip()]
    if missing:
        return Check(name, Status.ADVICE, f"No alt text: describe {join(missing)}.")
    if not images:
        return Check(name, Status.PASS, "There are no images to describe.")
    if len(images) == 1:
        return Check(name, Status.PASS, "The one image has alt text.")
    return Check(name, Status.PASS, f"All {len(images)} images have alt text.")


def check_links_to_articles(article, links):
    name = "Links to other articles"
    others = {
        link.target.pk
        for link in links
        if isinstance(link.target, Article) and link.target.pk != article.pk
    }
    if not others:
        return Check(
            name,
            Status.ADVICE,
            "Link to at least one other article of this site, so that readers can go further.",
        )
    return Check(name, Status.PASS, f"Links to {count(len(others), 'other article')}.")


def check_headings(parts):
    name = "Headings in order"
    for part in parts:
        previous = part.level
        for heading in part.html.find_all(HEADING_TAG):
            level = int(heading.name[1])
            if level > previous + 1:
                return Check(
                    name,
                    Status.ADVICE,
                    f"“{heading.get_text(strip=True)}” in {part.place} skips a level: "
                    f"make it {'#' * (previous + 1)} (it is {'#' * level}).",
                )
            previous = level
    return Check(name, Status.PASS, "No heading skips a level.")


def check_section_bodies(sections):
    name = "Every section has a body"
    empty = [f"“{section.heading}”" for section in sections if not section.body_html.strip()]
    if empty:
        return Check(name, Status.ADVICE, f"Write the text of {join(empty)}, or remove it.")
    return Check(name, Status.PASS, "Every section has text.")


def check_read_more(article):
    name = "Read More"
    shown = read_more(article)
    if not shown:
        return Check(
            name,
            Status.ADVICE,
            "Read More will be empty: pick related articles, or publish more in "
            f"“{article.category.name}”.",
        )
    picked = sum(1 for related in shown if related.is_pick)
    filled = len(shown) - picked
    category = f"“{article.category.name}”"
    if not filled:
        explanation = f"Read More lists the {count(picked, 'article')} you picked."
    elif not picked:
        explanation = (
            f"Read More fills in {count(filled, 'article')} from {category}; pick related "
            "articles to choose them yourself."
        )
    else:
        explanation = f"Read More lists {picked} picked and {filled} from {category}."
    return Check(name, Status.PASS, explanation)


def check_missing_pages(links):
    name = "Links to this site work"
    missing = [f"{link.path} (in {link.place})" for link in links if link.target is None]
    unpublished = [
        f"{link.path} (in {link.place})"
        for link in links
        if isinstance(link.target, Article) and not link.target.is_published()
    ]
    if missing:
        return Check(name, Status.PROBLEM, f"No page at {join(missing)}: fix or remove the link.")
    if unpublished:
        return Check(
            name,
            Status.ADVICE,
            f"Not public yet: {join(unpublished)}. Visitors get “page not found” there "
            "until it is published.",
        )
    if not links:
        return Check(name, Status.PASS, "There are no links to pages of this site to check.")
    if len(links) == 1:
        return Check(name, Status.PASS, "The link to this site leads to a page.")
    return Check(name, Status.PASS, f"All {len(links)} links to this site lead to a page.")


def check_title(article):
    name = "A title of its own"
    other = (
        Article.objects.filter(title__iexact=article.title.strip())
        .exclude(pk=article.pk)
        .select_related("category")
        .first()
    )
    if other is not None:
        return Check(
            name,
            Status.ADVICE,
            f"“{other.title}” in {other.category.name} has the same title: readers and "
            "search engines cannot tell them apart.",
        )
    return Check(name, Status.PASS, "No other article has this title.")


def site_links(article, parts):
    """Return the links in `parts` that lead to pages of this site, with what is there."""
    base = article.get_absolute_url()
    targets = {}
    links = []
    for part in parts:
        for path in site_paths(part.html, base):
            if path not in targets:
                targets[path] = page_at(path)
            links.append(Link(path, part.place, targets[path]))
    return links


def site_paths(soup, base=None):
    """Yield the paths of the links in parsed HTML that lead to pages of this site.

    Relative links are read from the page at `base`; without one (an email, say) a link
    that does not start with "/" is left out: where it leads depends on where it is read.
    """
    site = urlsplit(settings.SITE_URL)
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        url = urlsplit(urljoin(base, href) if base else href)
        if href.startswith("#") or url.scheme not in ("http", "https", ""):
            continue
        if url.netloc and url.netloc != site.netloc:
            continue
        if not url.netloc and not url.path.startswith("/"):
            continue
        yield unquote(url.path) or "/"


def page_at(path):
    """Return what visitors find at `path`: an Article, True for another page, None for none.

    An address with a Redirect counts as the page it leads to: visitors are sent on to it.
    """
    if path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
        found = file_exists(path)
    else:
        found = routed_page(path)
        if found is None and settings.APPEND_SLASH and not path.endswith("/"):
            found = routed_page(f"{path}/")
    if found:
        return found
    new_path = Redirect.objects.filter(old_path=path).values_list("new_path", flat=True).first()
    if new_path is None:
        return None
    # Redirects never chain (articles/redirects.py): one step reaches the page they lead to.
    return routed_page(new_path) or True


def file_exists(path):
    """Return True if an uploaded or static file is at `path`."""
    try:
        if path.startswith(settings.MEDIA_URL):
            return default_storage.exists(path.removeprefix(settings.MEDIA_URL))
        return finders.find(path.removeprefix(settings.STATIC_URL)) is not None
    except SuspiciousFileOperation:  # a path that climbs out of the folder, such as /media/../
        return False


def routed_page(path):
    """Return the Article, True or None for a path, from the URL it resolves to."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kwargs = match.kwargs
    if match.view_name == "articles:article_detail":
        return (
            Article.objects.filter(category__slug=kwargs["category"], slug=kwargs["slug"])
            .only("status", "published_at")
            .first()
        )
    if match.view_name in ("articles:category_detail", "articles:category_feed"):
        return Category.objects.filter(slug=kwargs["slug"]).exists() or None
    if match.view_name == "articles:page_detail":
        return Page.objects.filter(slug=kwargs["slug"]).exists() or None
    # Any other address that resolves shows a fixed page (the blog, search, the e-zine...).
    return True


def count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def join(items):
    """Return "a", "a and b" or "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
