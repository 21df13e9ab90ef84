"""Read a Markdown page: the "# " heading is its title and "## " headings start its sections."""

import re

import markdown
from bs4 import BeautifulSoup

from articles.importing.page import (
    TITLE_LENGTH,
    ImportedImage,
    ImportedPage,
    ImportedSection,
    UnreadablePage,
    shorten,
    summary_of,
    tidy_markdown,
    unique,
)
from articles.importing.text_pages import decode_text

# The page is split at its headings as text, so that each section keeps the Markdown its
# author wrote; Python-Markdown does not give back the source of what it parsed.
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
    html = markdown.markdown(
        "\n\n".join([page.intro, *(s.body for s in page.sections)]),
        extensions=["tables", "fenced_code"],
    )
    soup = BeautifulSoup(html, "lxml")
    page.links = unique(a["href"] for a in soup.find_all("a", href=True))
    page.images = [ImportedImage(img["src"], img.get("alt", "")) for img in soup.select("img[src]")]
    return page
