"""Render editors' Markdown to HTML that is safe to show on the public site.

This is the one place where user-written text becomes markup: python-markdown turns it into
HTML, then nh3 keeps only an explicit allow-list of tags, attributes and URL schemes.
`plain_text(html)` gives the words of that HTML for the search index.
"""

import re
from html import unescape

import markdown
import nh3
from django.utils.html import strip_tags

EXTENSIONS = ["tables", "fenced_code", "sane_lists"]

# Column alignment is written as an align attribute because style attributes are stripped.
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# h1 is left out: the page title is the only h1 on a page.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "sub",
}  # fmt: skip
ALIGNMENTS = {"left", "center", "right"}

cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={
        # An empty "*" entry replaces nh3's default of lang and title on every tag.
        "*": set(),
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height"},
        "ol": {"start"},
    },
    tag_attribute_values={"th": {"align": ALIGNMENTS}, "td": {"align": ALIGNMENTS}},
    # A wide table scrolls sideways inside itself (site.css); tabindex lets keyboard users
    # focus it and scroll it with the arrow keys.
    set_tag_attribute_values={"img": {"loading": "lazy"}, "table": {"tabindex": "0"}},
    url_schemes={"http", "https", "mailto"},
    strip_comments=True,
    # On every link, whatever rel the author wrote: nh3 cannot tell external links apart.
    link_rel="noopener noreferrer",
)

# Tags that separate words; inline tags (strong, em, a...) may sit inside a word. nh3
# serialises canonically (attribute values double-quoted, with <, > and " escaped), so a
# real tag is the only place "<" and its closing ">" can appear.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|h[1-6]|li|ul|ol|pre|blockquote|table|thead|tbody|tr|th|td|img)\b[^>]*>"
)


def render(text: str) -> str:
    """Return sanitised HTML for the Markdown ``text``; empty input gives ""."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return cleaner.clean(html)


def plain_text(html: str) -> str:
    """Return the words of rendered, sanitised HTML without markup, in one line."""
    text = strip_tags(BLOCK_TAG.sub(" ", html))
    return " ".join(unescape(text).split())
