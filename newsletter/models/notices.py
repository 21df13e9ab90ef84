"""The privacy notice shown beside every subscribe button, one version per change."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles import markdown
from newsletter.validators import no_control_characters


class PrivacyNoticeQuerySet(models.QuerySet):
    def current(self):
        """Return the newest version: the one shown beside every subscribe button (or None)."""
        return self.order_by("-version").first()

    def next_version(self):
        """Return the number the next version of the notice gets."""
        return (self.aggregate(models.Max("version"))["version__max"] or 0) + 1


class PrivacyNotice(models.Model):
    """One version of the privacy notice. Versions are never edited: a change adds a version."""

    version = models.PositiveIntegerField(unique=True, editable=False)
    summary = models.CharField(
        max_length=300,
        validators=[no_control_characters],
        help_text="Shown right beside every subscribe button, e.g. “Your e-mail address is "
        "totally secure. It is used only to send you the e-zine.”",
    )
    body = models.TextField(
        help_text="Markdown. The full privacy notice, shown on the privacy page that the "
        "summary links to."
    )
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Privacy notice, version {self.version}"

    def save(self, *args, **kwargs):
        self.body_html = markdown.render(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("newsletter:privacy")
