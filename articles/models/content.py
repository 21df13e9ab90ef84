"""The content visitors read: categories, articles and their sections."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import markdown
from articles.fields import ArticleImageField
from articles.validators import (
    validate_article_slug,
    validate_category_slug,
)

IMAGE_HELP = "JPEG, PNG, WebP or GIF. Location and camera data are removed when saved."
ALT_REQUIRED = "Describe the image: alt text is required when an image is set."
ALT_HELP = "Describe the picture for people who cannot see it. Required when an image is set."


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_category_slug],
        help_text=(
            "The category's address: a slug of sales makes /sales/. Changing it sends the "
            "old addresses of the category and its articles on to the new ones."
        ),
    )
    description = models.TextField(
        blank=True, help_text="Markdown. Shown at the top of the category page."
    )
    description_html = models.TextField(blank=True, editable=False)
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the menu and the Site Index; lower comes first."
    )
    show_in_menu = models.BooleanField(
        default=True, help_text="List this category in the menu at the top of every page."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description_html = markdown.render(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category_detail", args=[self.slug])

    def get_feed_url(self):
        return reverse("articles:category_feed", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the articles the public may see: published, with a publish date now or past."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Return the articles published with a publish date still to come (scheduled)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def newest_first(self):
        """Order the articles by publish date, the newest first."""
        return self.order_by("-published_at", "-pk")

    def with_unpublished_changes(self):
        """Return the articles with changes saved but not yet published (a draft revision)."""
        return self.filter(draft__isnull=False)

    def with_changes_due(self):
        """Return the articles whose unpublished changes are scheduled for now or earlier."""
        return self.with_unpublished_changes().filter(draft_publish_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        validators=[validate_article_slug],
        help_text=(
            "The last part of the article's address: in the category sales, a slug of "
            "cold-calls makes /sales/cold-calls/. Changing it (or the category) sends the old "
            "address on to the new one."
        ),
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences. Shown in lists and used as the search-engine description.",
    )
    intro = models.TextField(blank=True, help_text="Markdown. Shown before the first section.")
    intro_html = models.TextField(blank=True, editable=False)
    intro_text = models.TextField(blank=True, editable=False)
    hero_image = ArticleImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text=IMAGE_HELP,
    )
    hero_alt = models.CharField(
        "hero image alt text", max_length=250, blank=True, help_text=ALT_HELP
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_renditions = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Only published articles whose publish date has come are shown to visitors.",
    )
    published_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        db_index=True,
        help_text="A date in the future schedules the article: it appears then by itself.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Shown as “Read More” links under the article (published ones only).",
    )
    # NULL, not "", for articles that were not imported: adding a nullable column does not
    # remake the table on SQLite, which would drop the search triggers (migration 0003).
    imported_from = models.CharField(  # noqa: DJ001
        max_length=300,
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "The page's address on the old site, for articles made by import_pages. "
            "Importing that page again updates this article instead of adding a copy."
        ),
    )
    # Changes saved to a published article wait here until they are published; visitors see
    # the article's own fields and sections meanwhile (articles/drafts.py). Nullable columns,
    # so that adding them does not remake the table on SQLite (see imported_from).
    draft = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="unpublished changes",
        help_text="The revision holding the changes saved since the article was published.",
    )
    draft_publish_at = models.DateTimeField(
        "publish the changes at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the unpublished changes go live by themselves; empty: when published.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="unique_article_slug"),
            # Partial, so that SQLite adds it as an index instead of remaking the table.
            models.UniqueConstraint(
                fields=["imported_from"],
                condition=Q(imported_from__isnull=False),
                name="unique_article_imported_from",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="hero_image_has_alt",
                violation_error_message=ALT_REQUIRED,
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_visibility")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.category.slug, self.slug])

    def derive_fields(self):
        """Fill in the fields made from the others: the introduction's HTML and plain text."""
        self.intro_html = markdown.render(self.intro)
        self.intro_text = markdown.plain_text(self.intro_html)

    def clean(self):
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": ALT_REQUIRED}, code="alt_required")

    def is_published(self):
        """Return True if the article is visible to the public."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    is_published.boolean = True
    is_published.short_description = "Live"

    def is_scheduled(self):
        """Return True if the article is published with a publish date still to come."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def has_unpublished_changes(self):
        """Return True if changes were saved that visitors do not see yet."""
        return self.draft_id is not None


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(
        default=0, help_text="Order within the article; lower comes first."
    )
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="The #link to this section. Left blank, it is made from the heading.",
    )
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    image = ArticleImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=IMAGE_HELP,
    )
    image_alt = models.CharField("image alt text", max_length=250, blank=True, help_text=ALT_HELP)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_section_position"),
            models.UniqueConstraint(fields=["article", "anchor"], name="unique_section_anchor"),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="section_image_has_alt",
                violation_error_message=ALT_REQUIRED,
            ),
        ]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": ALT_REQUIRED}, code="alt_required")

    def derive_fields(self):
        """Fill in the fields made from the others: a blank anchor, the body's HTML and text."""
        if not self.anchor:
            self.anchor = slugify(self.heading)[:80] or f"section-{self.position}"
        self.body_html = markdown.render(self.body)
        self.body_text = markdown.plain_text(self.body_html)
