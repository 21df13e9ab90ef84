"""Read the pages of an old web site (HTML, Markdown or plain text) into ImportedPage objects.

Nothing here touches the database or the file storage: `read_page(path)` returns the page's
title, summary, introduction and titled sections as Markdown, the links and images it refers
to (as written in the page), and the names in its breadcrumb. `articles/importer.py` places
the pages in categories, copies their images and writes them as articles.

HTML pages come from site builders, old blog themes and hand-written sites, so the article
is dug out of the site around it in three steps:

1. the content: the first of the usual containers (`main`, `article`, `#content`,
   `.entry-content`...) that holds a fair share of the page's prose, else the smallest
   element that holds most of it, widened to include the main heading;
2. the chrome inside it goes, by structure (nav, aside, footer, forms, class or id words
   such as "sidebar", "subscribe", "share"), by text (short boxes saying "Search This Site",
   "Add to My Yahoo!", "your e-mail address is totally secure", e-book offers, copyright
   lines) and by links to syndication services; an element that holds the main heading or
   most of the prose is never dropped, so one misleading class name cannot empty a page;
3. the rest is split at the section headings (h2, or the highest level below the title)
   and converted to Markdown with markdownify.
"""

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from markdownify import ATX, MarkdownConverter

from articles.markdown import plain_text, render

MAX_PAGE_BYTES = 5 * 1024 * 1024
TITLE_LENGTH = 200  # Article.title and Section.heading
SUMMARY_LENGTH = 300  # Article.summary


class UnreadablePage(Exception):
    """The file cannot be imported as a page; the message says why, for the report."""


@dataclass
class ImportedImage:
    src: str  # as written in the page
    alt: str


@dataclass
class ImportedSection:
    heading: str
    body: str  # Markdown


@dataclass
class ImportedPage:
    title: str
    summary: str = ""
    intro: str = ""  # Markdown
    sections: list[ImportedSection] = field(default_factory=list)
    images: list[ImportedImage] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # hrefs as written in the Markdown
    breadcrumb: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things an editor should check


def read_page(path):
    """Read the .html/.htm, .md or .txt file at `path`; raise UnreadablePage if it is not one."""
    path = Path(path)
    parse = PARSERS.get(path.suffix.lower())
    if parse is None:
        raise UnreadablePage(f"not a page: only {', '.join(sorted(PARSERS))} files are imported")
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise UnreadablePage("too large for a page (over 5 MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadablePage("the file is empty")
    if b"\x00" in data[:8192] and not data.startswith(UTF16_BOMS):
        raise UnreadablePage("not a text file: it holds binary data")
    return parse(data)


# Plain text and Markdown -------------------------------------------------------------------

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data):
    """Return the text of a file: UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252."""
    if isinstance(data, str):
        text = data
    elif data.startswith(UTF16_BOMS):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # What Notepad and most old Windows editors wrote.
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,2})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def parse_markdown(data):
    """Read a Markdown page: the first "# " heading is the title, "## " headings start sections.

    Simple front matter (title:, description: between --- lines) is read as well.
    """
    text = decode_text(data)
    meta = {}
    if match := FRONT_MATTER.match(text):
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end() :]

    title = None
    parts = [("", [])]  # (heading, lines); the first part is the introduction
    fence = None
    for line in text.split("\n"):
        if fence:
            fence = None if line.lstrip().startswith(fence) else fence
        elif match := FENCE.match(line):
            fence = match.group(1)[:3]
        elif (match := ATX_HEADING.match(line)) and match.group(2).strip():
            if len(match.group(1)) == 1 and title is None:
                title = match.group(2).strip()
                continue
            if len(match.group(1)) == 2:
                parts.append((match.group(2).strip(), []))
                continue
        parts[-1][1].append(line)

    title = title or meta.get("title")
    if not title:
        raise UnreadablePage('no title: the file has no "# " heading')
    intro = tidy_markdown("\n".join(parts[0][1]))
    sections = [
        ImportedSection(shorten(heading, TITLE_LENGTH), tidy_markdown("\n".join(lines)))
        for heading, lines in parts[1:]
    ]
    page = ImportedPage(
        title=shorten(title, TITLE_LENGTH),
        intro=intro,
        sections=[section for section in sections if section.body],
    )
    page.summary = summary_of(meta.get("description") or meta.get("summary"), page)
    # Python-Markdown finds the links and images exactly as it will when the page is shown.
    html = python_markdown.markdown(
        "\n\n".join([page.intro, *(s.body for s in page.sections)]),
        extensions=["tables", "fenced_code"],
    )
    soup = BeautifulSoup(html, "lxml")
    page.links = unique(a["href"] for a in soup.find_all("a", href=True))
    page.images = [ImportedImage(img["src"], img.get("alt", "")) for img in soup.select("img[src]")]
    return page


LIST_ITEM = re.compile(r"^\s*(?:[-*•·+o]|\d{1,3}[.)])\s+(.*)$")
NUMBERED_ITEM = re.compile(r"^\s*\d{1,3}[.)]\s")
UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
BARE_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]")


def parse_text(data):
    """Read a plain-text page.

    The first non-empty line is the title. A short line without a closing full stop,
    followed by a paragraph, starts a section (so does a line underlined with === or ---).
    Lines starting with a bullet (-, *, •) or a number (1. or 1)) are kept as lists.
    """
    blocks = [block.strip("\n") for block in re.split(r"\n[ \t]*\n", decode_text(data))]
    blocks = [block for block in blocks if block.strip()]
    if not blocks:
        raise UnreadablePage("the file is empty")
    first_lines = blocks[0].split("\n")
    title = first_lines[0].strip()
    if len(first_lines) > 1 and not UNDERLINE.match(first_lines[1]):
        blocks[0] = "\n".join(first_lines[1:])
    else:
        blocks = blocks[1:]

    html = [f"<h1>{escape_html(title)}</h1>"]
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(lines) == 2 and UNDERLINE.match(lines[1]):
            html.append(f"<h2>{escape_html(lines[0].strip())}</h2>")
        elif is_text_heading(block) and next_block and not is_text_heading(next_block):
            html.append(f"<h2>{escape_html(block.strip())}</h2>")
        else:
            html.extend(text_block_html(lines))
    soup = BeautifulSoup("<body>" + "".join(html) + "</body>", "lxml")
    page = page_from_content(soup.body, soup.body.h1)
    page.title = shorten(title, TITLE_LENGTH)
    page.summary = summary_of("", page)
    return page


def is_text_heading(block):
    """Return True if a plain-text block could be a heading: one short line, not a sentence."""
    line = block.strip()
    return (
        "\n" not in line
        and len(line) <= 80
        and not line.endswith((".", ",", ";", ":"))
        and not LIST_ITEM.match(line)
    )


def text_block_html(lines):
    """Return HTML for a block of plain-text lines: paragraphs and lists, hard wraps undone."""
    html, paragraph, items, numbered = [], [], [], False

    def close_paragraph():
        if paragraph:
            html.append(f"<p>{linkify(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list():
        if items:
            tag = "ol" if numbered else "ul"
            html.append(f"<{tag}>{''.join(f'<li>{linkify(i)}</li>' for i in items)}</{tag}>")
            items.clear()

    for line in lines:
        if match := LIST_ITEM.match(line):
            close_paragraph()
            if items and numbered != bool(NUMBERED_ITEM.match(line)):
                close_list()
            numbered = bool(NUMBERED_ITEM.match(line))
            items.append(match.group(1).strip())
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()  # an item wrapped onto the next line
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return html


def linkify(text):
    """Escape plain text for HTML and turn its bare web addresses into links."""
    parts, last = [], 0
    for match in BARE_URL.finditer(text):
        url = match.group(0)
        parts += [escape_html(text[last : match.start()]), f'<a href="{escape_html(url)}">']
        parts += [escape_html(url), "</a>"]
        last = match.end()
    return "".join(parts) + escape_html(text[last:])


def escape_html(text):
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# HTML -----------------------------------------------------------------------------------------

# Elements that are never part of an article's text.
JUNK_TAGS = [
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "canvas", "audio", "video", "link", "meta", "base",
]  # fmt: skip

# Site furniture by element: navigation, sidebars, footers and everything with a form control.
CHROME_TAGS = [
    "nav", "aside", "footer", "form", "input", "button", "select", "textarea", "label",
    "fieldset", "map", "dialog", "menu",
]  # fmt: skip
CHROME_ROLES = {"navigation", "search", "banner", "contentinfo", "complementary", "menu"}

# Site furniture by the words of its class or id ("sbi-ezine-box", "navBar", "sidebar").
CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "menubar", "topmenu", "breadcrumb", "breadcrumbs",
    "crumbs", "crumb", "sidebar", "widget", "widgets", "footer", "search", "searchbox",
    "subscribe", "subscription", "newsletter", "ezine", "signup", "optin", "social", "share",
    "sharing", "sharedaddy", "addthis", "sharethis", "bookmark", "bookmarks", "syndication",
    "rss", "feed", "feeds", "promo", "promotion", "advert", "advertisement", "ads", "ad",
    "adsense", "sponsor", "sponsored", "banner", "comments", "comment", "respond", "related",
    "pagination", "pager", "byline", "meta", "postmetadata", "tags", "tagcloud", "cookie",
    "skip", "print", "copyright", "masthead", "toolbar", "screen",
}  # fmt: skip

# Words that mark a page header: dropped unless it holds the title or a section heading.
HEADER_WORDS = {"header", "logo", "branding", "tagline"}

# Short boxes with this text are site furniture (only in elements of at most CUE_TEXT_LENGTH).
CHROME_TEXT = re.compile(
    r"|".join(
        [
            # Search and syndication boxes.
            r"\bsearch (this|our) (site|web ?site)\b|^\s*site search\s*$",
            r"\badd to (my )?(yahoo|msn|aol|google|bloglines|newsgator)",
            r"\bwhat is rss\b|^\s*(rss|xml|atom)( feeds?)?\s*$|^\s*what'?s this\??\s*$",
            r"\bsubscribe (to|via|with) (the |our |this )?(site'?s? )?(rss|feed)",
            # Subscribe boxes speak of "our" e-zine; advice speaks of "your" newsletter.
            r"\bsubscribe\b.{0,30}\b(to|for) (our|my|this site'?s?)\b",
            r"\bsubscribe (here|now|today)\b|\bsubscribe\b.{0,50}\be-?zine\b",
            r"\b(sign ?up|join|get)\b.{0,20}\b(our|my)\b.{0,20}\b(e-?zine|newsletter|mailing list)",
            r"\b(our|my) (free )?(monthly |weekly )?(e-?zine|newsletter)\b",
            # Their privacy notices.
            r"\byour (e-?mail|email address|e-mail address) (address )?(is|will be) "
            r"(totally |completely |100% |kept )?(safe|secure|private)",
            r"\bwe (respect|value) your privacy\b|\bused? (it )?only to send you\b",
            r"\b(we|i)('ll| will)? never (share|sell|rent|give|pass)\b.{0,40}\be-?mail",
            r"\byou (can|may) unsubscribe (at )?any ?time\b",
            r"^\s*(your )?(first name|e-?mail( address)?|name)\s*:?\*?\s*$",
            # Footers, "return to" links, counters and share buttons.
            r"©|\(c\)\s*\d{4}|\bcopyright\s+(©|\(c\)|\d{4})|\ball rights reserved\b",
            r"^\s*(proudly )?powered by\b|\bsite ?build ?it\b|\bsitesell\b|\bsolo build it\b",
            r"^\s*(«|<<)?\s*(back|return|go back) (to|from)\b[^.!?]{0,100}$",
            r"\b(back to|return to) top\b|\btop of page\b",
            r"\bshare this (page|article|post)\b|\blike this (page|article)\??|\btell a friend\b",
            r"\bbookmark (this|us)\b|\bprint (this page|friendly|version)\b|\bfollow us\b",
            r"\be-?mail this page\b",
            r"^\s*(you are here:?\s*)?home\s*(>|»|›|→|::)",
            r"\byou are visitor\b|\bvisitors? (number|counter)\b|\bhit counter\b",
            r"^\s*(advertisement|sponsored links?|ads by \w+)\s*$",
            # E-book and product promotions.
            r"\bclick here to (order|buy|download|get|subscribe)\b",
            r"\b(my|our) (new |free |latest )?e-?books?\b",
            r"\be-?books?\b.{0,120}(only \$|\$\d|special offer|order (it |yours |your copy )?"
            r"(now|today|here)|buy (it |yours )?(now|today)|download (it |yours )?(now|today))",
            r"\b(buy|order|download|get) (it |your copy |my |our |the )?.{0,40}\be-?books?\b.{0,40}"
            r"(now|today|here|\$\d)",
        ]
    ),
    re.IGNORECASE,
)
CUE_TEXT_LENGTH = 250
# An element holding most of the prose stays whatever its class says, once there is this
# much prose: on a page of a few words, a footer may well hold most of them.
GUARDED_PROSE = 200
# When a cue is found, the box around it goes too while it holds little else.
BOX_OTHER_TEXT = 80

# Links and images that are syndication buttons, share buttons or trackers.
CHROME_HREF = re.compile(
    r"add\.my\.yahoo|fusion\.google\.com/add|feedburner|bloglines\.com/sub|newsgator|"
    r"my\.msn\.com/addtomymsn|addthis\.com|sharethis\.com|facebook\.com/shar|twitter\.com/(share|"
    r"intent)|del\.icio\.us/post|digg\.com/submit|stumbleupon\.com/submit|reddit\.com/submit|"
    r"\.(rss|xml)$|/(feed|rss)/?$",
    re.IGNORECASE,
)
CHROME_IMAGE_WORDS = {
    "rss", "xml", "atom", "feed", "yahoo", "myyahoo", "addtomyyahoo", "msn", "newsgator",
    "bloglines", "subscribe", "spacer", "blank", "pixel", "transparent", "clear", "dot",
    "facebook", "twitter", "pinterest", "share", "bookmark", "ebook", "ezine", "paypal",
    "counter",
}  # fmt: skip

# Separators of "Home > Marketing > Pricing" and of "Home | About | Contact" bars.
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

BLOCK_TAGS = {
    "address", "article", "blockquote", "center", "dd", "div", "dl", "dt", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "ol", "p",
    "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
TABLE_PARTS = ["table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"]
LAYOUT_CELL_CONTENT = [
    "p", "div", "table", "ul", "ol", "dl", "blockquote", "img", "center", *HEADINGS,
]  # fmt: skip


def parse_html(data):
    """Read an HTML page: its article, without the site around it (see the module docstring)."""
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

    Chrome(root, heading).remove()
    unwrap_layout_tables(root)
    remove_empty(root)
    page = page_from_content(root, heading if heading and root in heading.parents else None)
    page.title = shorten(title, TITLE_LENGTH)
    page.breadcrumb = breadcrumb
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


def cue_words(tag):
    """Return the words of a tag's class and id: "sbi-ezine-box navBar" gives sbi, ezine, box,
    nav, bar."""
    names = " ".join([*tag.get("class", []), tag.get("id") or ""])
    names = re.sub(r"([a-z])([A-Z])", r"\1 \2", names)
    return set(re.split(r"[^a-z0-9]+", names.lower())) - {""}


def is_chrome(tag):
    """Return True if a tag is site furniture by its element, role, class or id."""
    return (
        tag.name in CHROME_TAGS
        or (tag.get("role") or "").lower() in CHROME_ROLES
        or bool(cue_words(tag) & CHROME_WORDS)
    )


def is_header(tag):
    return tag.name == "header" or bool(cue_words(tag) & HEADER_WORDS)


def prose_length(tag):
    """Return how much text a tag holds outside links: articles are prose, menus are links."""
    text = len(normalize_space(tag.get_text(" ")))
    links = sum(len(normalize_space(a.get_text(" "))) for a in tag.find_all("a"))
    return max(text - links, 0)


def content_container(soup):
    """Return the page's own content container (main, article, #content...), or None."""
    total = prose_length(soup.body)
    # One pass over the page finds every candidate; each selector then picks its own.
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


class Chrome:
    """Find and remove the site furniture inside an article's container."""

    def __init__(self, root, heading):
        self.root = root
        self.heading = heading
        self.prose = prose_length(root)

    def remove(self):
        for tag in self.root.find_all(True):
            if tag.decomposed:
                continue
            if is_chrome(tag) or (is_header(tag) and not tag.find("h2")):
                self.drop(tag)
        for img in self.root.find_all("img"):
            if not img.decomposed and self.is_chrome_image(img):
                self.drop_box(img)
        for link in self.root.find_all("a", href=True):
            if not link.decomposed and CHROME_HREF.search(link["href"].strip()):
                self.drop_box(link)
        # Innermost blocks first, so that a cue takes the smallest box that says it.
        for block in reversed(self.root.find_all(BLOCK_TAGS)):
            if block.decomposed:
                continue
            text = normalize_space(block.get_text(" "))
            if len(text) <= CUE_TEXT_LENGTH and CHROME_TEXT.search(text):
                self.drop_box(block)
        for tag in self.root.find_all(["p", "div", "td", "ul", "center"]):
            if not tag.decomposed and is_link_bar(tag):
                self.drop(tag)

    def keeps(self, tag):
        """Return True if a tag must stay: it holds the title or most of a real article."""
        if self.heading is not None and (tag is self.heading or tag in self.heading.parents):
            return True
        if tag is self.root:
            return True
        return self.prose >= GUARDED_PROSE and prose_length(tag) > self.prose / 2

    def drop(self, tag):
        if not self.keeps(tag):
            tag.decompose()

    def drop_box(self, tag):
        """Drop a tag, with the boxes around it that hold little else."""
        length = len(normalize_space(tag.get_text(" ")))
        while tag.parent is not None and tag.parent is not self.root and not self.keeps(tag.parent):
            parent_length = len(normalize_space(tag.parent.get_text(" ")))
            if parent_length - length >= BOX_OTHER_TEXT:
                break
            tag, length = tag.parent, parent_length
        self.drop(tag)

    @staticmethod
    def is_chrome_image(img):
        if img.get("width") in ("0", "1") or img.get("height") in ("0", "1"):
            return True  # a tracking pixel or spacer
        name = posixpath.basename(urlsplit(img.get("src", "")).path).rsplit(".", 1)[0]
        words = set(re.split(r"[^a-z0-9]+", f"{name} {img.get('alt', '')}".lower()))
        return bool(words & CHROME_IMAGE_WORDS) or bool(
            CHROME_TEXT.search(img.get("alt", "") or "")
        )


def is_link_bar(tag):
    """Return True for a bar of links such as "Home | About | Contact"."""
    text = normalize_space(tag.get_text(" "))
    links = tag.find_all("a")
    if len(links) < 3 or len(text) > 400 or not re.search(r"[|·•]", text):
        return False
    link_text = sum(len(normalize_space(a.get_text(" "))) for a in links)
    return link_text >= 0.7 * len(re.sub(r"[\s|·•]", "", text))


def drop_before(heading, root):
    """Remove the heading and whatever comes before it inside root (breadcrumbs, ads)."""
    node = heading
    while node is not root:
        for sibling in list(node.previous_siblings):
            sibling.extract()
        node = node.parent
    heading.decompose()


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


# From the article's container to an ImportedPage --------------------------------------------


LINE_START_SYNTAX = re.compile(r"((?:^|\n)[ \t]*(?:\d{1,9})?)([-+#>]|(?<=\d)[.)])(?=[\s#]|$)")


class Converter(MarkdownConverter):
    """markdownify with escaping that Python-Markdown reads back as the same text."""

    def __init__(self):
        super().__init__(
            heading_style=ATX,
            bullets="*",
            autolinks=False,
            escape_misc=False,
            table_infer_header=True,
            keep_inline_images_in=["td", "th"],
        )

    def escape(self, text, parent_tags):
        if not text:
            return ""
        # Not markdownify's escape_misc: it also escapes &, <, ~ and =, which Python-Markdown
        # would then show with their backslashes.
        text = re.sub(r"([\\`\[\]|])", r"\\\1", text)
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
        # What would start a list, heading or quote at the start of a line.
        text = LINE_START_SYNTAX.sub(r"\1\\\2", text)
        return super().escape(text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        if el.get("alt"):
            el["alt"] = el["alt"].replace("[", "(").replace("]", ")")
        return super().convert_img(el, text, parent_tags)


def page_from_content(root, heading):
    """Split the article's container at its section headings and convert it to Markdown."""
    if heading is not None:
        drop_before(heading, root)
    page = ImportedPage(title="")
    normalize_links_and_images(root, page)
    level = section_level(root)
    if level:
        shift_headings(root, level)
    parts = [(None, [])]
    for piece in list(flatten(root, level)):
        if level and isinstance(piece, Tag) and piece.name == "h2":
            heading_text = shorten(normalize_space(piece.get_text(" ")), TITLE_LENGTH)
            if heading_text:
                parts.append((heading_text, []))
                continue
        parts[-1][1].append(piece)

    converter = Converter()
    factory = BeautifulSoup("", "lxml")
    bodies = []
    for heading_text, pieces in parts:
        # A rule before or after a section was the old page's decoration.
        while pieces and getattr(pieces[0], "name", None) == "hr":
            pieces.pop(0)
        while pieces and getattr(pieces[-1], "name", None) == "hr":
            pieces.pop()
        wrapper = factory.new_tag("div")
        for piece in pieces:
            wrapper.append(piece.extract())
        bodies.append((heading_text, tidy_markdown(converter.convert_soup(wrapper))))
    page.intro = bodies[0][1]
    page.sections = [ImportedSection(h, body) for h, body in bodies[1:] if body]
    return page


def normalize_links_and_images(root, page):
    """Make every href and src safe to write in Markdown, and record them on the page."""
    for link in root.find_all("a"):
        href = (link.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "data:", "vbscript:")):
            del link["href"]
            continue
        link["href"] = markdown_url(href)
        page.links.append(link["href"])
    for img in root.find_all("img"):
        src = (img.get("src") or "").strip()
        if not src:
            img.decompose()
            continue
        img["src"] = markdown_url(src)
        alt = normalize_space(img.get("alt") or img.get("title") or "")
        if not alt:
            alt = alt_from_filename(src)
            page.notes.append(f"image {src} has no alt text; “{alt}” was made from its name")
        img["alt"] = alt
        page.images.append(ImportedImage(img["src"], alt))
    page.links = unique(page.links)


def markdown_url(url):
    """Return a URL that cannot break out of Markdown's (url) syntax."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def alt_from_filename(src):
    name = posixpath.basename(unquote(urlsplit(src).path)).rsplit(".", 1)[0]
    words = re.sub(r"[-_.]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else "Image"


def section_level(root):
    """Return the heading level that starts sections: the highest present (2 on most pages)."""
    levels = [int(tag.name[1]) for tag in root.find_all(HEADINGS) if tag.get_text(strip=True)]
    if not levels:
        return None
    return min(levels)


def shift_headings(root, level):
    """Renumber headings so that sections start at h2 and headings inside them at h3 or lower.

    A page whose sections are h3 gets its h4s as h3s; extra h1s become section headings.
    """
    for tag in root.find_all(HEADINGS):
        current = int(tag.name[1])
        if current <= level:
            tag.name = "h2"
        else:
            tag.name = f"h{min(current - level + 2, 6)}"


def flatten(root, level):
    """Yield root's pieces in order, going inside any element that holds a section heading."""
    for child in list(root.children):
        if isinstance(child, Tag) and child.name != "h2" and level and child.find("h2"):
            yield from flatten(child, level)
        elif isinstance(child, NavigableString) and not child.strip():
            continue
        else:
            yield child


# Helpers ------------------------------------------------------------------------------------

# The destination of an inline link or image, [text](url "title"), and of a reference
# definition, [id]: url "title".
INLINE_DESTINATION = re.compile(r"(\]\([ \t]*<?)([^\s)>]+)")
REFERENCE_DESTINATION = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s>]+)", re.M)


def replace_urls(text, urls):
    """Return Markdown `text` with the link and image destinations in `urls` (old: new)
    replaced; other text, even if it looks like one of those URLs, is left as it is."""
    if not urls:
        return text

    def replace(match):
        return match.group(1) + urls.get(match.group(2), match.group(2))

    return REFERENCE_DESTINATION.sub(replace, INLINE_DESTINATION.sub(replace, text))


def summary_of(description, page):
    """Return the meta description, else the first sentence of the introduction (or of the
    first section), else the title; at most SUMMARY_LENGTH characters."""
    text = normalize_space(description or "")
    if not text:
        body = page.intro or (page.sections[0].body if page.sections else "")
        words = plain_text(render(body))
        match = re.match(r"(.+?[.!?])(?=\s|$)", words)
        text = match.group(1) if match else words
    return shorten(text or page.title, SUMMARY_LENGTH)


def tidy_markdown(text):
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n(?!\n)", lambda m: "  \n" if len(m.group(0)) > 2 else "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n").rstrip()


def clean_title(text):
    """Return the article's part of a <title> such as "Pricing | Site" or "Site » Pricing"."""
    text = normalize_space(text)
    if " » " in text:
        return text.rsplit(" » ", 1)[1]
    return text.split(" | ", 1)[0]


def normalize_space(text):
    return " ".join(text.split())


def shorten(text, length):
    text = normalize_space(text)
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def unique(items):
    return list(dict.fromkeys(items))


PARSERS = {
    ".html": parse_html,
    ".htm": parse_html,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
}
