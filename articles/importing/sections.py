"""Split an article's HTML at its section headings and convert each part to Markdown."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import ATX, MarkdownConverter

from articles.importing.page import (
    TITLE_LENGTH,
    ImportedImage,
    ImportedPage,
    ImportedSection,
    normalize_space,
    shorten,
    tidy_markdown,
    unique,
)

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]

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


def drop_before(heading, root):
    """Remove the heading and whatever comes before it inside root (breadcrumbs, ads)."""
    node = heading
    while node is not root:
        for sibling in list(node.previous_siblings):
            sibling.extract()
        node = node.parent
    heading.decompose()
