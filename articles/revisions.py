"""Revisions of articles: keep each saved version and restore one.

A revision holds an article and its sections as they were after a save (`snapshot()`), as
JSON in `Revision.content`. `record()` makes one. The admin calls it once the article *and*
its inline sections are saved (`ModelAdmin.save_related`); other ways of saving a whole
article (import_pages, the shell) may call it too. Saving a model does not make one by
itself: the inline formset saves each section on its own, which would make a revision per
section. Unsaved changes to a published article are kept the same way, as a revision that
the article points to until they are published (`articles.drafts`).

`restore()` writes a revision's content back to its article and records the result as a new
revision. The writing is `apply()`, which goes through `Model.save()`, so the publishing rules
hold (the page cache is cleared, a changed address gets its redirect); publishing unpublished
changes uses it too. `articles.comparison` compares two revisions.
"""

import os
from datetime import UTC

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from articles import images
from articles.models import Article, Category, Revision, Section

# The layout of Revision.content; a later layout can still read revisions made before it.
# Layout 1 gained "author" later: revisions made before lack it.
FORMAT = 1
FIRST_NOTE = "As it was before revisions were kept"
UNRECORDED_NOTE = "As it was before a restore (saved outside the admin)"


def snapshot(article, sections=None, related=None):
    """Return the article's content and its sections, in order, as data for JSON.

    By default the sections and Read More picks are the saved ones; pass unsaved ones (the
    Section objects and the articles a form holds) to describe changes not saved yet.
    """
    if sections is None:
        sections = article.sections.order_by("position", "pk")
    if related is None:
        related = article.related.values_list("pk", flat=True)
    else:
        related = [other.pk for other in related]
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
        "author": article.author_id,
        "related": sorted(related),
        "sections": [
            {
                "heading": section.heading,
                "anchor": section.anchor,
                "body": section.body,
                "image": section.image.name or "",
                "image_alt": section.image_alt,
                "image_renditions": section.image_renditions,
            }
            for section in sections
        ],
    }


def record(article, user=None, note="", content=None):
    """Keep the article as it is saved now (or `content`), with its sections, as a revision."""
    return Revision.objects.create(
        article=article,
        created_by=user,
        note=note[: Revision._meta.get_field("note").max_length],
        content=snapshot(article) if content is None else content,
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


def same_content(a, b):
    """Return True if two contents describe the same article.

    What only one of them records (a key a later layout added) is left out; the texts are
    compared whatever their line endings (browsers send CRLF), the publish dates to the
    second (forms drop the microseconds).
    """
    keys = set(a) & set(b)
    return comparable(a, keys) == comparable(b, keys)


def comparable(content, keys):
    data = {key: content[key] for key in keys}
    data["published_at"] = parse_datetime(content["published_at"]).replace(microsecond=0)
    data["intro"] = content["intro"].replace("\r\n", "\n")
    data["sections"] = [
        {**section, "body": section["body"].replace("\r\n", "\n")}
        for section in content["sections"]
    ]
    return data


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
        if latest is None or not same_content(latest.content, snapshot(article)):
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
    # Renditions already made, for the images of the article as saved and of the content.
    current_renditions = {**renditions_recorded(content), **renditions_in_use(article)}
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


def renditions_recorded(content):
    """Return {image name: renditions} for the hero and section images of a content."""
    recorded = {content["hero_image"]: content["hero_renditions"]}
    for data in content["sections"]:
        recorded[data["image"]] = data["image_renditions"]
    return recorded


def renditions_for(field_file, in_use):
    """Return the renditions of a restored image: those it has now, or new ones."""
    if not field_file:
        return []
    renditions = in_use.get(field_file.name)
    if renditions and all(file_exists(r["name"]) for r in renditions):
        return renditions
    return images.make_renditions(field_file)
