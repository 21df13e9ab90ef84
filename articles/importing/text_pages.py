"""Read a plain-text page: its title, headings, paragraphs and lists, with hard wraps undone."""

import re

from bs4 import BeautifulSoup
from django.utils.html import escape, urlize

from articles.importing.page import TITLE_LENGTH, UnreadablePage, shorten, summary_of
from articles.importing.sections import page_from_content

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

LIST_ITEM = re.compile(r"^\s*(?:[-*•·+o]|\d{1,3}[.)])\s+(.*)$")
NUMBERED_ITEM = re.compile(r"^\s*\d{1,3}[.)]\s")
UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")


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

    # The text is written out as HTML, so that it goes the way of an HTML page's article.
    html = [f"<h1>{escape(title)}</h1>"]
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(lines) == 2 and UNDERLINE.match(lines[1]):
            html.append(f"<h2>{escape(lines[0].strip())}</h2>")
        elif is_text_heading(block) and next_block and not is_text_heading(next_block):
            html.append(f"<h2>{escape(block.strip())}</h2>")
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
    """Return HTML for a block of plain-text lines: paragraphs and lists, hard wraps undone.

    The text is escaped, and its web and e-mail addresses become links.
    """
    html, paragraph, items, numbered = [], [], [], False

    def close_paragraph():
        if paragraph:
            html.append(f"<p>{urlize(' '.join(paragraph), autoescape=True)}</p>")
            paragraph.clear()

    def close_list():
        if items:
            tag = "ol" if numbered else "ul"
            html.append(f"<{tag}>")
            html.extend(f"<li>{urlize(item, autoescape=True)}</li>" for item in items)
            html.append(f"</{tag}>")
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
