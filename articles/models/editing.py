"""What editors' work keeps: revisions of articles and autosaves of the article form."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.content import Article


class Revision(models.Model):
    """An article and its sections as they were after one save, kept for compare and restore.

    `content` is the snapshot that articles.revisions.snapshot() makes; read and write it
    through that module.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(max_length=250, blank=True)
    content = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="revision_history")]

    def __str__(self):
        return f"{self.article} at {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class AutosaveQuerySet(models.QuerySet):
    def stale(self, days=30):
        """Return the autosaves that have not been written for `days` days."""
        return self.filter(saved_at__lt=timezone.now() - timedelta(days=days))


class Autosave(models.Model):
    """What an editor had typed in an article's form, saved while they type.

    Never shown to visitors and never a revision: one row per editor and article (the add
    form's row has no article), overwritten by each autosave and deleted when the editor
    saves the article. Access follows the article's permissions, so the model has none.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    data = models.JSONField(help_text="The form's text fields: each name with its values.")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="unique_autosave"),
            # NULLs are distinct in the constraint above: one add-form row per editor.
            models.UniqueConstraint(
                fields=["user"], condition=Q(article=None), name="unique_new_article_autosave"
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new article'}"
