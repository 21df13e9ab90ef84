"""The site's other tables: stand-alone pages, redirects and the search index."""

from django.db import models
from django.urls import reverse

from articles import markdown
from articles.models.content import Article
from articles.validators import validate_site_path


class SearchEntry(models.Model):
    """An article's row in the full-text search index, written only by database triggers.

    Migration 0003 makes the table: an FTS5 virtual table on SQLite, a table with a
    GIN-indexed tsvector column on PostgreSQL. The triggers rewrite an article's row whenever
    the article or one of its sections is saved or deleted. Read it through articles.search.
    """

    # FTS5 keys its rows by rowid; the PostgreSQL table uses the same column name.
    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        db_column="rowid",
        related_name="+",
    )
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField(help_text="The introduction, then each section's heading and text.")

    class Meta:
        managed = False
        db_table = "articles_search"
        ordering = ["article"]
        default_permissions = ()
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title


class Page(models.Model):
    """A stand-alone page outside the categories, such as About."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = markdown.render(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page_detail", args=[self.slug])


class Redirect(models.Model):
    """An old address on this site that answers with a permanent redirect to a new one."""

    old_path = models.CharField(
        "old address",
        max_length=300,
        unique=True,
        validators=[validate_site_path],
        help_text=(
            "A path on this site that no longer shows a page, such as "
            "/define-social-networks.html. Used only when no page answers there."
        ),
    )
    new_path = models.CharField(
        "new address",
        max_length=300,
        validators=[validate_site_path],
        help_text="Where visitors are sent (301, permanently): a path such as /marketing/.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
