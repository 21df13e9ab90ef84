"""Small helpers that build model instances for tests."""

import io
import zipfile
from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Section
from newsletter.models import Consent, Issue, PrivacyNotice, Subscriber
from promos.models import Promo

_numbers = count(1)


def make_category(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("name", f"Category {number}")
    kwargs.setdefault("slug", f"category-{number}")
    kwargs.setdefault("position", number)
    return Category.objects.create(**kwargs)


def make_article(sections=0, **kwargs):
    """Create an article (published an hour ago unless told otherwise) with `sections` sections."""
    number = next(_numbers)
    if "category" not in kwargs:
        kwargs["category"] = make_category()
    kwargs.setdefault("title", f"Article {number}")
    kwargs.setdefault("slug", f"article-{number}")
    kwargs.setdefault("summary", f"Summary of article {number}.")
    kwargs.setdefault("intro", f"Introduction to article {number}.")
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**kwargs)
    for position in range(1, sections + 1):
        make_section(article, position=position)
    return article


def make_section(article, **kwargs):
    position = kwargs.setdefault("position", article.sections.count() + 1)
    kwargs.setdefault("heading", f"Section heading {position}")
    kwargs.setdefault("body", f"Body of section {position}.")
    return Section.objects.create(article=article, **kwargs)


def make_user(username="reader", groups=(), **kwargs):
    user = get_user_model().objects.create_user(username=username, password="pw", **kwargs)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_editor(username="editor"):
    return make_user(username, groups=["Editors"], is_staff=True)


def image_upload(name="picture.png", size=(4, 3), image_format="PNG", color="teal"):
    """Return an uploaded image file of a few pixels, made in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_subscriber(**kwargs):
    """Create a subscriber, confirmed unless told otherwise."""
    number = next(_numbers)
    kwargs.setdefault("email", f"reader{number}@example.com")
    kwargs.setdefault("first_name", "Reader")
    kwargs.setdefault("status", Subscriber.Status.CONFIRMED)
    if kwargs["status"] == Subscriber.Status.CONFIRMED:
        kwargs.setdefault("confirmed_at", timezone.now())
    return Subscriber.objects.create(**kwargs)


# What a subscribe form may be given: an address that is new, pending (its confirmation
# mailed a minute ago, so not due again), confirmed, or unsubscribed.
ADDRESS_STATES = ["new", "pending", "confirmed", "unsubscribed"]


def make_address(state):
    """Return an address in one of ADDRESS_STATES, adding the subscriber it needs."""
    email = f"{state}@example.com"
    if state == "pending":
        make_subscriber(
            email=email,
            status=Subscriber.Status.PENDING,
            confirmation_sent_at=timezone.now() - timedelta(minutes=1),
        )
    elif state == "confirmed":
        make_subscriber(email=email)
    elif state == "unsubscribed":
        make_subscriber(email=email).unsubscribe()
    return email


def make_consent(subscriber, **kwargs):
    kwargs.setdefault("notice", PrivacyNotice.objects.current())
    kwargs.setdefault("source", "/newsletter/")
    return Consent.objects.create(subscriber=subscriber, **kwargs)


def make_notice(**kwargs):
    kwargs.setdefault("version", PrivacyNotice.objects.next_version())
    kwargs.setdefault("summary", f"Notice version {kwargs['version']}: we only send the e-zine.")
    kwargs.setdefault("body", "We keep your address only to send you the e-zine.")
    return PrivacyNotice.objects.create(**kwargs)


def make_issue(articles=(), **kwargs):
    number = next(_numbers)
    kwargs.setdefault("subject", f"Issue {number}: what is new")
    kwargs.setdefault("body", "A note from the editor.")
    issue = Issue.objects.create(**kwargs)
    issue.articles.set(articles)
    return issue


def make_promo(categories=(), articles=(), download=None, **kwargs):
    """Create a promo, live since yesterday and site-wide unless told otherwise.

    `download` is an uploaded file (see pdf_upload) stored as the promo's download.
    """
    number = next(_numbers)
    kwargs.setdefault("heading", f"Promo {number}")
    kwargs.setdefault("body", f"Body of promo {number}.")
    kwargs.setdefault("starts_at", timezone.now() - timedelta(days=1))
    if categories:
        kwargs.setdefault("placement", Promo.Placement.CATEGORIES)
    if articles:
        kwargs.setdefault("placement", Promo.Placement.ARTICLES)
    if download is not None:
        kwargs.setdefault("download_title", f"the e-book number {number}")
    promo = Promo(**kwargs)
    if download is not None:
        promo.download.save(download.name, download, save=False)
    promo.save()
    promo.categories.set(categories)
    promo.articles.set(articles)
    return promo


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="networking-guide.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_bytes(entries, epub=False):
    """Return a ZIP archive of `entries` ({name: bytes}); an EPUB starts with its mimetype."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if epub:
            archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
