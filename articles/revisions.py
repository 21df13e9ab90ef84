"""Revisions of articles: keep each saved version, compare two, restore one.

A revision holds an article and its sections as they were after a save (`snapshot()`), as
JSON in `Revision.content`. `record()` makes one. The admin calls it once the article *and*
its inline sections are saved (`ModelAdmin.save_related`); other ways of saving a whole
article (import_pages, the shell) may call it too. Saving a model does not make one by
itself: the inline formset saves each section on its own, which would make a revision per
section.

`restore()` writes a revision's content back to its article and records the result as a new
revision. The writing is `apply()`, which goes through `Model.save()`, so the publishing rules
hold (the page cache is cleared, a changed address gets its redirect). A draft of a live
article, once there is one, can be published with the same `apply()`.
"""

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from articles import images
from articles.diff import mark_changes, normalise
from articles.models import Article, Category, Revision, Section

# The layout of Revision.content; a later layout can still read revisions made before it.
FORMAT = 1
FIRST_NOTE = "As it was before revisions were kept"
UNRECORDED_NOTE = "As it was before a restore (saved outside the admin)"
# How alike two sections' words must be for a section whose anchor changed to count as the same.
SAME_SECTION_RATIO = 0.5
WORD = re.compile(r"\w+")


def snapshot(article):
    """Return the article's content and its sections, in order, as data for JSON."""
    return {
        "format": FORMAT,
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "category_name": article.category.name,
        "summary": article.summary,
        "intro": article.intro,
        "hero_image": article.hero_image.name or "",
        "hero_alt": article.hero_alt,
        "hero_renditions": article.hero_renditions,
        "status": article.status,
        # In UTC, as the database gives it back, whatever time zone a form gave it in.
        "published_at": article.published_at.astimezone(UTC).isoformat(),
        "related": sorted(article.related.values_list("pk", flat=True)),
        "sections": [
            {
                "heading": section.heading,
                "anchor": section.anchor,
                "body": section.body,
                "image": section.image.name or "",
                "image_alt": section.image_alt,
                "image_renditions": section.image_renditions,
            }
            for section in article.sections.order_by("position", "pk")
        ],
    }


def record(article, user=None, note=""):
    """Keep the article as it is saved now, with its sections, as a new revision."""
    return Revision.objects.create(
        article=article,
        created_by=user,
        note=note[: Revision._meta.get_field("note").max_length],
        content=snapshot(article),
    )


def record_first(article_id):
    """Keep the stored article as its first revision if it has none yet.

    For articles saved before revisions were kept: call it before saving changes, so that
    what the article was remains one click away. The revision is dated by the last save.
    """
    stored = Article.objects.select_related("category").filter(pk=article_id).first()
    if stored is None or stored.revisions.exists():
        return None
    return Revision.objects.create(
        article=stored, created_at=stored.updated_at, note=FIRST_NOTE, content=snapshot(stored)
    )


def previous(revision):
    """Return the article's revision made just before this one, or None."""
    at = revision.created_at
    older = Q(created_at__lt=at) | Q(created_at=at, pk__lt=revision.pk)
    return revision.article.revisions.filter(older).first()


def describe(revision):
    """Return "5 January 2026, 09:30", the revision's time in the site's time zone."""
    return date_format(timezone.localtime(revision.created_at), "j F Y, H:i")


# Restoring


def restore(revision, user=None):
    """Write the revision back to its article and keep the result as a new revision.

    The status and publish date stay as they are: restoring brings back content, it does not
    publish or unpublish. Return the problems met, as sentences for the editor: what they
    concern (a missing image file, an address now taken) is left out or left as it is.
    """
    with transaction.atomic():
        article = Article.objects.select_related("category").get(pk=revision.article_id)
        latest = article.revisions.first()
        if latest is None or latest.content != snapshot(article):
            # Saved since without a revision (in the shell, say): keep it before writing over it.
            record(article, note=UNRECORDED_NOTE)
        problems = apply(article, revision.content)
        record(article, user=user, note=f"Restored from revision of {describe(revision)}")
    return problems


def apply(article, content):
    """Write a revision's content to the article and replace its sections; return problems.

    Slug and category go through Article.save(), so a move gets its redirect.
    """
    problems = find_problems(article, content)
    current_renditions = renditions_in_use(article)
    if category_usable(content) and address_free(article, content):
        article.category_id = content["category"]
        article.slug = content["slug"]
    article.title = content["title"]
    article.summary = content["summary"]
    article.intro = content["intro"]
    article.hero_alt = content["hero_alt"]
    article.hero_image = content["hero_image"] if file_exists(content["hero_image"]) else ""
    article.hero_renditions = renditions_for(article.hero_image, current_renditions)
    article.save()
    article.related.set(Article.objects.filter(pk__in=content["related"]).exclude(pk=article.pk))

    article.sections.all().delete()
    for position, data in enumerate(content["sections"], start=1):
        section = Section(
            article=article,
            position=position,
            heading=data["heading"],
            anchor=data["anchor"],
            body=data["body"],
            image_alt=data["image_alt"],
        )
        if file_exists(data["image"]):
            section.image = data["image"]
            section.image_renditions = renditions_for(section.image, current_renditions)
        section.save()
    return problems


def find_problems(article, content):
    """Return what restoring the content to the article cannot bring back, as sentences."""
    problems = []
    if not category_usable(content):
        problems.append(
            f"The category “{content['category_name']}” no longer exists: the article stays "
            f"in “{article.category.name}”."
        )
    elif not address_free(article, content):
        problems.append(
            f"Another article in that category now uses the slug “{content['slug']}”: this "
            f"article keeps its slug “{article.slug}” and its category."
        )
    if content["hero_image"] and not file_exists(content["hero_image"]):
        problems.append(
            f"The hero image file “{os.path.basename(content['hero_image'])}” no longer "
            "exists: the article is restored without a hero image."
        )
    for data in content["sections"]:
        if data["image"] and not file_exists(data["image"]):
            problems.append(
                f"The image file “{os.path.basename(data['image'])}” of the section "
                f"“{data['heading']}” no longer exists: the section is restored without it."
            )
    related = set(content["related"]) - {article.pk}
    gone = len(related) - Article.objects.filter(pk__in=related).count()
    if gone:
        problems.append(f"{gone} of the Read More articles no longer exist and are left out.")
    return problems


def category_usable(content):
    return Category.objects.filter(pk=content["category"]).exists()


def address_free(article, content):
    """Return True if no other article has the content's slug in its category."""
    others = Article.objects.exclude(pk=article.pk)
    return not others.filter(category_id=content["category"], slug=content["slug"]).exists()


def file_exists(name):
    return bool(name) and default_storage.exists(name)


def renditions_in_use(article):
    """Return {image name: renditions} for the article's hero and sections as saved now."""
    in_use = {article.hero_image.name: article.hero_renditions}
    for name, renditions in article.sections.values_list("image", "image_renditions"):
        in_use[name] = renditions
    return in_use


def renditions_for(field_file, in_use):
    """Return the renditions of a restored image: those it has now, or new ones."""
    if not field_file:
        return []
    renditions = in_use.get(field_file.name)
    if renditions and all(file_exists(r["name"]) for r in renditions):
        return renditions
    return images.make_renditions(field_file)


# Comparing


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
