"""Read an HTML page: its title and article, without the site around them."""

import re

from bs4 import BeautifulSoup
from bs4.element import PreformattedString

from articles.importing.chrome import Chrome, cue_words, is_chrome, is_header, prose_length
from articles.importing.page import (
    TITLE_LENGTH,
    UnreadablePage,
    normalize_space,
    shorten,
    summary_of,
)
from articles.importing.sections import HEADINGS, page_from_content

# Elements that are never part of an article's text.
JUNK_TAGS = [
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "canvas", "audio", "video", "link", "meta", "base",
]  # fmt: skip

# Separators of a breadcrumb such as "Home > Marketing > Pricing".
CRUMB_SEPARATOR = re.compile(r"\s*(?:>|»|›|→|::)\s*")
BREADCRUMB_WORDS = {"breadcrumb", "breadcrumbs", "crumbs", "crumb", "trail"}

CONTENT_SELECTORS = [
    "[itemprop=articleBody]", ".entry-content", ".post-content", ".article-content",
    ".article-body", ".post-body", ".entry", "article", "[role=main]", "main",
    "#main-content", "#content", "#main", "#article", ".content",
]  # fmt: skip
TITLE_SELECTORS = [".entry-title", ".post-title", "[itemprop=headline]"]
# The content container must hold at least this share of the page's prose.
CONTENT_SHARE = 0.3

TABLE_PARTS = ["table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"]
LAYOUT_CELL_CONTENT = [
    "p", "div", "table", "ul", "ol", "dl", "blockquote", "img", "center", *HEADINGS,
]  # fmt: skip


def parse_html(data):
    """Read an HTML page: its article, without the site around it.

    Pages come from site builders, old blog themes and hand-written sites, so the article is
    dug out in three steps: the content is the first usual container (`main`, `article`,
    `#content`, `.entry-content`...) holding a fair share of the page's prose, else the
    smallest element holding most of it, widened to the main heading; the chrome inside it
    goes (`Chrome`); the rest is split at its section headings and converted to Markdown.
    """
    soup = BeautifulSoup(data, "lxml")
    if soup.body is None:
        raise UnreadablePage("no page: the file holds no HTML body")
    description = meta_description(soup)
    title_tag = soup.title.get_text(" ", strip=True) if soup.title else ""
    remove_junk(soup)
    breadcrumb = find_breadcrumb(soup)

    root = content_container(soup)
    heading = main_heading(soup, root)
    if root is None:
        root = majority_container(soup.body, heading)
    title = normalize_space(heading.get_text(" ")) if heading else clean_title(title_tag)
    if not title:
        raise UnreadablePage("no title: the page has no <h1> heading and no <title>")

    chrome = Chrome(root, heading)
    chrome.remove()
    unwrap_layout_tables(root)
    remove_empty(root)
    page = page_from_content(root, heading if heading and root in heading.parents else None)
    page.title = shorten(title, TITLE_LENGTH)
    page.breadcrumb = breadcrumb
    page.dropped = chrome.dropped
    page.summary = summary_of(description, page)
    if not (page.intro or page.sections):
        raise UnreadablePage("no content: nothing but site furniture was found around the title")
    return page


def meta_description(soup):
    for attrs in ({"name": "description"}, {"property": "og:description"}):
        tag = soup.find("meta", attrs=attrs, content=True)
        if tag and tag["content"].strip():
            return normalize_space(tag["content"])
    return ""


def remove_junk(soup):
    """Remove scripts, styles, embedded objects, comments and the document head."""
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        node.extract()  # comments, CDATA, doctypes, processing instructions
    for tag in soup.find_all(JUNK_TAGS):
        tag.decompose()
    if soup.head:
        soup.head.decompose()


def find_breadcrumb(soup):
    """Return the names in the page's breadcrumb ("Home > Marketing > Pricing"), or []."""
    for tag in soup.body.find_all(True):
        label = (tag.get("aria-label") or "").lower()
        if cue_words(tag) & BREADCRUMB_WORDS or "breadcrumb" in label:
            return crumb_names(tag)
    for tag in soup.body.find_all(["p", "div", "td", "span", "ol", "ul"]):
        text = normalize_space(tag.get_text(" "))
        if (
            len(text) <= 200
            and tag.find("a")
            and re.match(r"(you are here:?\s*)?home\s*(>|»|›|→|::)", text, re.I)
        ):
            return crumb_names(tag)
    return []


def crumb_names(tag):
    text = normalize_space(tag.get_text(" "))
    text = re.sub(r"^you are here:?\s*", "", text, flags=re.I)
    names = CRUMB_SEPARATOR.split(text)
    if len(names) < 2:
        items = tag.find_all("li") or tag.find_all("a")
        names = [normalize_space(item.get_text(" ")) for item in items]
    return [name for name in names if name]


def content_container(soup):
    """Return the page's own content container (main, article, #content...), or None."""
    total = prose_length(soup.body)
    # Every candidate is selected at once; the selectors are in order of preference, and
    # the first whose best match holds enough of the prose wins.
    found = soup.body.select(", ".join(CONTENT_SELECTORS))
    for selector in CONTENT_SELECTORS:
        candidates = [tag for tag in found if tag.css.match(selector)]
        if not candidates:
            continue
        best = max(candidates, key=prose_length)
        if total and prose_length(best) >= CONTENT_SHARE * total:
            return best
    return None


def main_heading(soup, root):
    """Return the heading that titles the page: a blog theme's entry title, else the h1 in the
    content, else the first h1 outside the page header and sidebars; None if there is none."""
    for tag in soup.body.select(", ".join(TITLE_SELECTORS)):
        if tag.name in HEADINGS and tag.get_text(strip=True):
            return tag
    h1s = [h1 for h1 in soup.body.find_all("h1") if h1.get_text(strip=True)]
    if root is not None:
        inside = [h1 for h1 in h1s if root in h1.parents]
        if inside:
            return inside[0]
    for h1 in h1s:
        if not any(is_chrome(parent) or is_header(parent) for parent in h1.parents):
            return h1
    return h1s[0] if h1s else None


def majority_container(body, heading):
    """Return the smallest element holding most of the page's prose, and the heading too."""
    total = prose_length(body)
    root = body
    while True:
        children = root.find_all(True, recursive=False)
        bigger = [child for child in children if prose_length(child) > total / 2]
        if not bigger:
            break
        root = bigger[0]
    if heading is not None and root is not heading and root not in heading.parents:
        ancestors = set(map(id, heading.parents))
        while id(root) not in ancestors and root.parent is not None:
            root = root.parent
    return root


def unwrap_layout_tables(root):
    """Turn tables used for page layout into plain blocks; keep tables of data."""
    for table in reversed(root.find_all("table")):
        rows = own_parts(table, "tr")
        cells = own_parts(table, ["td", "th"])
        if any(cell.name == "th" for cell in cells) and len(rows) > 1:
            continue
        columns = max((len(row.find_all(["td", "th"], recursive=False)) for row in rows), default=0)
        if len(rows) < 2 or columns < 2 or any(cell.find(LAYOUT_CELL_CONTENT) for cell in cells):
            for part in own_parts(table, TABLE_PARTS):
                if part.name in ("td", "th"):
                    part.name, part.attrs = "div", {}
                else:
                    part.unwrap()
            table.name, table.attrs = "div", {}


def own_parts(table, names):
    """Return the rows or cells of a table, not those of the tables inside it."""
    return [part for part in table.find_all(names) if part.find_parent("table") is table]


def remove_empty(root):
    """Remove elements left with no text and no image (emptied boxes, spacer paragraphs)."""
    for tag in reversed(root.find_all(True)):
        if tag.name in ("img", "br", "hr", "td", "th", "tr") or tag.find("img"):
            continue
        if not tag.get_text(strip=True):
            tag.decompose()


def clean_title(text):
    """Return the article's part of a <title> such as "Pricing | Site" or "Site » Pricing"."""
    text = normalize_space(text)
    if " » " in text:
        return text.rsplit(" » ", 1)[1]
    return text.split(" | ", 1)[0]
