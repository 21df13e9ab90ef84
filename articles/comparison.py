"""Two revisions of an article side by side: each field and section, with the changes marked.

`compare(old, new)` pairs the sections by anchor, then by position when their words are
alike; `articles.diff` marks what changed, escaped, with <ins> and <del>.
"""

import difflib
import os
import re
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from articles.diff import mark_changes, normalise
from articles.models import Article, Category, Revision
from articles.revisions import file_exists

# How alike two sections' words must be for a section whose anchor changed to count as the same.
SAME_SECTION_RATIO = 0.5
WORD = re.compile(r"\w+")


@dataclass
class Row:
    """One field of two revisions side by side, as escaped HTML with the changes marked."""

    label: str
    old: str
    new: str
    changed: bool
    old_image: str = ""
    new_image: str = ""


@dataclass
class SectionComparison:
    """A section in two revisions: "changed", "unchanged", "added" or "removed"."""

    state: str
    heading: str
    old_number: int | None
    new_number: int | None
    rows: list[Row] = field(default_factory=list)

    @property
    def moved(self):
        return None not in (self.old_number, self.new_number) and (
            self.old_number != self.new_number
        )


@dataclass
class Comparison:
    """What differs between an older and a newer revision of one article."""

    old: Revision
    new: Revision
    rows: list[Row]
    sections: list[SectionComparison]

    @property
    def changes(self):
        """Name each changed field and section, for the summary above the comparison."""
        names = [row.label for row in self.rows if row.changed]
        for section in self.sections:
            if section.state != "unchanged" or section.moved:
                names.append(f"section “{section.heading}”")
        return names


def compare(old, new):
    """Compare two revisions of one article, field by field and section by section."""
    a, b = old.content, new.content
    names = dict(
        Category.objects.filter(pk__in=[a["category"], b["category"]]).values_list("pk", "name")
    )
    titles = dict(
        Article.objects.filter(pk__in=set(a["related"]) | set(b["related"])).values_list(
            "pk", "title"
        )
    )
    rows = [
        text_row("Title", a["title"], b["title"]),
        text_row("Slug", a["slug"], b["slug"]),
        text_row(
            "Category",
            names.get(a["category"], a["category_name"]),
            names.get(b["category"], b["category_name"]),
        ),
        text_row("Summary", a["summary"], b["summary"]),
        text_row("Introduction", a["intro"], b["intro"]),
        image_row("Hero image", hero(a), hero(b)),
        text_row("Status and publish date", publishing_text(a), publishing_text(b)),
        text_row("Read More", related_titles(a, titles), related_titles(b, titles)),
    ]
    return Comparison(old, new, rows, compare_sections(a["sections"], b["sections"]))


def compare_sections(old_sections, new_sections):
    """Pair the sections by anchor, then by position; list them in the newer order.

    Two sections left at the same position are paired only if their text is alike, so that
    one deleted and another added in its place show as removed and added. A section the
    newer revision no longer has is listed where it was in the older one.
    """
    old_by_anchor = {s["anchor"]: index for index, s in enumerate(old_sections)}
    pairs = {}  # new index -> old index
    for index, section in enumerate(new_sections):
        if section["anchor"] in old_by_anchor:
            pairs[index] = old_by_anchor[section["anchor"]]
    paired_old = set(pairs.values())
    for index, section in enumerate(new_sections):
        if index in pairs or index >= len(old_sections) or index in paired_old:
            continue
        if alike(old_sections[index], section):
            pairs[index] = index
            paired_old.add(index)

    entries = []  # (old index or None, comparison)
    for index, section in enumerate(new_sections):
        old_index = pairs.get(index)
        old_section = old_sections[old_index] if old_index is not None else None
        entries.append((old_index, section_comparison(old_index, old_section, index, section)))
    for old_index, section in enumerate(old_sections):
        if old_index in paired_old:
            continue
        # After the entry holding the section that came before it in the older revision.
        after = next((pos for pos, (i, _) in enumerate(entries) if i == old_index - 1), -1)
        entries.insert(after + 1, (old_index, section_comparison(old_index, section, None, None)))
    return [comparison for _, comparison in entries]


def alike(old, new):
    """Return True if two sections share at least half of their words."""
    old_words = WORD.findall(f"{old['heading']} {old['body']}".lower())
    new_words = WORD.findall(f"{new['heading']} {new['body']}".lower())
    return difflib.SequenceMatcher(None, old_words, new_words).ratio() >= SAME_SECTION_RATIO


def section_comparison(old_index, old, new_index, new):
    """Compare a section in two revisions; `old` or `new` is None if only one has it."""
    # A section only one revision has is compared with nothing, so all of it is marked.
    absent = {"heading": "", "body": "", "image": None, "image_alt": "", "image_renditions": []}
    before, after = old or absent, new or absent
    rows = [
        text_row("Heading", before["heading"], after["heading"]),
        text_row("Body", before["body"], after["body"]),
        image_row("Image", section_image(before), section_image(after)),
    ]
    if old is None:
        state = "added"
    elif new is None:
        state = "removed"
    else:
        state = "changed" if any(row.changed for row in rows) else "unchanged"
    return SectionComparison(
        state=state,
        heading=(new or old)["heading"],
        old_number=None if old is None else old_index + 1,
        new_number=None if new is None else new_index + 1,
        rows=rows,
    )


def text_row(label, old, new):
    old_html, new_html = mark_changes(old, new)
    return Row(label, old_html, new_html, changed=normalise(old) != normalise(new))


def hero(content):
    return (content["hero_image"], content["hero_alt"], content["hero_renditions"])


def section_image(data):
    return (data["image"], data["image_alt"], data["image_renditions"])


def image_row(label, old, new):
    """Compare two images, each (file name, alt text, renditions), by name and alt text."""
    row = text_row(label, image_text(*old), image_text(*new))
    row.old_image, row.new_image = thumbnail_url(*old), thumbnail_url(*new)
    return row


def image_text(name, alt, renditions):
    """Describe an image by its file name and alt text; `name` is None for no section."""
    if name is None:
        return ""
    if not name:
        return "No image"
    missing = "" if file_exists(name) else " (the file no longer exists)"
    return f"{os.path.basename(name)}{missing}\nAlt text: {alt}"


def thumbnail_url(name, alt, renditions):
    """Return the address of the image's smallest rendition (or of the image), or ""."""
    for candidate in [r["name"] for r in renditions] + [name or ""]:
        if file_exists(candidate):
            return default_storage.url(candidate)
    return ""


def publishing_text(content):
    status = Article.Status(content["status"]).label
    published_at = timezone.localtime(parse_datetime(content["published_at"]))
    return f"{status}, {date_format(published_at, 'j F Y, H:i')}"


def related_titles(content, titles):
    return "\n".join(titles.get(pk, "(an article since deleted)") for pk in content["related"])
