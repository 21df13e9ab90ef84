"""The in-memory page a reader returns, and the rules for its title, summary and Markdown."""

import re
from dataclasses import dataclass, field

from articles.markdown import plain_text, render

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
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) of site chrome


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
    """Return Markdown without non-breaking spaces, stray trailing spaces or runs of blank lines;
    two or more trailing spaces stay, as they mark a line break."""
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n(?!\n)", lambda m: "  \n" if len(m.group(0)) > 2 else "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n").rstrip()


def normalize_space(text):
    return " ".join(text.split())


def shorten(text, length):
    """Return text on one line, cut at a word and ended with "…" if over `length` characters."""
    text = normalize_space(text)
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def unique(items):
    """Return the items in order, without repeats."""
    return list(dict.fromkeys(items))
