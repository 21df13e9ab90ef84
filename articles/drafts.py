"""Unpublished changes to published articles: kept aside until they are published.

Saving a published article in the admin does not change what visitors see. What the editor
saved is kept as a revision (the same snapshot as every revision, `articles.revisions`) and
`Article.draft` points at it; the article's own fields and sections, which the public pages
read, stay as they were. Saving again keeps a new revision and points at that one, so an
article has at most one set of unpublished changes, and every save is in its History.

The changes go live when an editor publishes them, or by themselves at
`Article.draft_publish_at`: `publish_due()` is run then by the task
`articles.tasks.publish_scheduled_changes` and by `manage.py publish_scheduled_changes`.
Publishing writes the content to the article through `revisions.apply()`, so the model
layer's publishing rules hold (the page cache is cleared, a changed address redirects).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import revisions
from articles.models import Article, Category, Section


def is_live(article):
    """Return True if the article as saved in the database is visible to the public."""
    return article.pk is not None and Article.objects.published().filter(pk=article.pk).exists()


def show(article, content):
    """Give the article, in memory only, the content of its unpublished changes.

    For the admin's form and the editors' preview; nothing is saved. An image whose file is
    gone is left out, and a category deleted since leaves the article in its own.
    """
    if Category.objects.filter(pk=content["category"]).exists():
        article.category_id = content["category"]
    article.slug = content["slug"]
    article.title = content["title"]
    article.summary = content["summary"]
    article.intro = content["intro"]
    article.hero_image = image_name(content["hero_image"])
    article.hero_alt = content["hero_alt"]
    article.hero_renditions = content["hero_renditions"] if article.hero_image else []
    article.status = content["status"]
    article.published_at = parse_datetime(content["published_at"])
    article.author_id = author_id(content, article.author_id)
    article.derive_fields()
    return article


def sections(article, content):
    """Return the sections of the content as unsaved Section objects of the article, in order."""
    shown = []
    for position, data in enumerate(content["sections"], start=1):
        image = image_name(data["image"])
        section = Section(
            article=article,
            position=position,
            heading=data["heading"],
            anchor=data["anchor"],
            body=data["body"],
            image=image,
            image_alt=data["image_alt"],
            image_renditions=data["image_renditions"] if image else [],
        )
        section.derive_fields()
        shown.append(section)
    return shown


def author_id(content, current):
    """Return the content's author, or `current` if it names none or a deleted user."""
    if "author" not in content:
        return current
    author = content["author"]
    if author is None or get_user_model().objects.filter(pk=author).exists():
        return author
    return current


def image_name(name):
    """Return the stored image's name, or "" if its file no longer exists."""
    return name if revisions.file_exists(name) else ""


def save(article, content, user=None, note="", publish_at=None):
    """Keep `content` as the article's unpublished changes, to go live at `publish_at`.

    The content is recorded as a revision, which is returned. Content that is the published
    article itself (an editor saved without changing anything, or changed a thing back)
    leaves the article without unpublished changes.
    """
    revision = revisions.record(article, user=user, note=note, content=content)
    live = Article.objects.select_related("category").get(pk=article.pk)
    if revisions.same_content(content, revisions.snapshot(live)):
        revision, publish_at = None, None
    # update(), not save(): the published article is not changed, so neither its
    # updated_at nor the page cache are touched.
    Article.objects.filter(pk=article.pk).update(draft=revision, draft_publish_at=publish_at)
    article.draft, article.draft_publish_at = revision, publish_at
    return revision


def discard(article):
    """Forget the article's unpublished changes; their revision stays in the History."""
    Article.objects.filter(pk=article.pk).update(draft=None, draft_publish_at=None)
    article.draft, article.draft_publish_at = None, None


def publish(article_id, user=None, only_if_due=False):
    """Make the article's unpublished changes live; return (article, problems) or None.

    None if the article has no unpublished changes (or, with `only_if_due`, none whose time
    has come): someone published or discarded them first. `problems` lists what could not
    be published as saved (see revisions.apply()).
    """
    with transaction.atomic():
        # Locked, so that a scheduled run and an editor cannot both publish the same changes.
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.draft_id is None:
            return None
        due = article.draft_publish_at and article.draft_publish_at <= timezone.now()
        if only_if_due and not due:
            return None
        draft = article.draft
        problems = write(article, draft.content)
        revisions.record(
            article,
            user=user,
            note=f"Published the changes saved {revisions.describe(draft)}",
        )
    return article, problems


def write(article, content):
    """Write the content to the article (the publish date and author too) and forget its
    unpublished changes; return the problems met, as revisions.apply() does."""
    article.status = content["status"]
    article.published_at = parse_datetime(content["published_at"])
    article.author_id = author_id(content, article.author_id)
    article.draft, article.draft_publish_at = None, None
    return revisions.apply(article, content)


def publish_due():
    """Publish every article's unpublished changes whose time has come.

    Return (article, problems) for each one published. Safe to run at any time, and in
    several processes at once: changes are published once.
    """
    due = Article.objects.with_changes_due().order_by("draft_publish_at", "pk")
    published = []
    for article_id in due.values_list("pk", flat=True):
        result = publish(article_id, only_if_due=True)
        if result is not None:
            published.append(result)
    return published


def restore(revision, user=None):
    """Make a revision's content the unpublished changes of its (published) article.

    As with revisions.restore(), the status and publish date stay as they are, and so does
    a time the changes are scheduled for; nothing visitors see changes. Return the revision
    that holds the changes, or None if the restored content is the published article itself.
    """
    article = Article.objects.select_related("category", "draft").get(pk=revision.article_id)
    current = article.draft.content if article.draft else revisions.snapshot(article)
    content = {
        **revision.content,
        "status": current["status"],
        "published_at": current["published_at"],
        "author": current.get("author", article.author_id),
    }
    note = f"Restored from revision of {revisions.describe(revision)}"
    return save(article, content, user=user, note=note, publish_at=article.draft_publish_at)
