"""The e-zine's issues and their deliveries, one per reader."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles import markdown
from articles.models import Article
from newsletter import greetings
from newsletter.models.subscribers import Subscriber
from newsletter.validators import no_control_characters


class IssueQuerySet(models.QuerySet):
    def sent(self):
        """Return the issues that went out: the back issues shown in the public archive."""
        return self.filter(status=Issue.Status.SENT)

    def unsent(self):
        """Return the issues not yet sent to everyone: drafts and issues being sent."""
        return self.exclude(status=Issue.Status.SENT)


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(
        max_length=200,
        validators=[no_control_characters, greetings.validate_no_placeholders],
        help_text="The email's subject and the title of the issue in the archive.",
    )
    greeting = models.CharField(
        max_length=120,
        default="Hello {first name},",
        validators=[no_control_characters, greetings.validate_greeting],
        help_text="Write {first name} where the reader's first name goes.",
    )
    greeting_fallback = models.CharField(
        "greeting without a name",
        max_length=120,
        default="Hello,",
        validators=[no_control_characters, greetings.validate_fallback],
        help_text="Sent instead to readers who gave no first name.",
    )
    body = models.TextField(
        blank=True,
        validators=[greetings.validate_no_placeholders],
        help_text="Markdown. Your note, after the greeting and before the articles. Every reader "
        "gets the same note: the only placeholder is {first name}, and it works only in the "
        "greeting.",
    )
    body_html = models.TextField(blank=True, editable=False)
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="+",
        verbose_name="featured articles",
        limit_choices_to={"status": Article.Status.PUBLISHED},
        help_text="Listed under the note with their summaries and links, newest first. "
        "A new issue starts with the articles published since the last issue.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    queued_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When sending began."
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the last delivery was done."
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_issue", "Can send an issue to the subscribers")]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.body_html = markdown.render(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("newsletter:issue_detail", kwargs={"pk": self.pk})

    def is_draft(self):
        """Return True if sending has not begun: the issue may still be edited or deleted."""
        return self.status == self.Status.DRAFT

    def featured_articles(self):
        """Return the issue's articles that the public may see, newest first."""
        return (
            self.articles.published()
            .newest_first()
            .select_related("category")
            .only("title", "slug", "summary", "published_at", "category__name", "category__slug")
        )

    def mark_sending(self):
        """Record that the issue's deliveries are queued and sending has begun."""
        self.status = self.Status.SENDING
        self.queued_at = timezone.now()
        self.save(update_fields=["status", "queued_at"])

    def mark_sent(self):
        """Record that every delivery is done: the issue appears in the public archive."""
        self.status = self.Status.SENT
        self.sent_at = timezone.now()
        self.save(update_fields=["status", "sent_at"])

    def progress(self):
        """Return counts of the issue's deliveries: sent, failed, skipped, waiting and total.

        "resent" counts the sent deliveries that were sent again because a sender stopped
        while handing them to the mail server: those readers may have two copies.
        """
        Status = Delivery.Status
        return self.deliveries.aggregate(
            sent=models.Count("pk", filter=models.Q(status=Status.SENT)),
            failed=models.Count("pk", filter=models.Q(status=Status.FAILED)),
            skipped=models.Count("pk", filter=models.Q(status=Status.SKIPPED)),
            waiting=models.Count("pk", filter=models.Q(status__in=[Status.QUEUED, Status.SENDING])),
            total=models.Count("pk"),
            resent=models.Count("pk", filter=models.Q(status=Status.SENT, is_resend=True)),
        )


class Delivery(models.Model):
    """One issue for one subscriber: sent once, retried a bounded number of times.

    Only a message in flight when its sender died is sent again (`is_resend`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Which sender holds the row while it is being sent, and when that sender last showed
    # it is alive (newsletter.sending: its heartbeat).
    claim = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    is_resend = models.BooleanField(
        "sent again after a crash",
        default=False,
        help_text="A sender stopped while handing this message to the mail server, so it was "
        "queued again: the reader may get two copies.",
    )
    retry_at = models.DateTimeField(null=True, blank=True)
    # What the Insights page counts per issue: whether this copy's reader followed at least
    # one of its links, or left through its unsubscribe link. No time, no link, no count.
    clicked = models.BooleanField(default=False, editable=False)
    unsubscribed = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="unique_delivery"),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue} → subscriber {self.subscriber_id or '(erased)'}"


class IssueLink(models.Model):
    """A link in a sent issue and how often readers followed it (counted per issue and link,
    through a signed redirect on this site; not per reader)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["issue", "-clicks", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "url"], name="unique_issue_link")]

    def __str__(self):
        return f"{self.url} in {self.issue}: {self.clicks} clicks"

    def record_click(self, delivery_pk):
        """Count one click on this link, and note that the reader of that copy clicked.

        Each is one UPDATE, so clicks at the same moment are all counted; a copy that is
        gone, or of another issue, is simply not marked.
        """
        IssueLink.objects.filter(pk=self.pk).update(clicks=models.F("clicks") + 1)
        Delivery.objects.filter(pk=delivery_pk, issue_id=self.issue_id, clicked=False).update(
            clicked=True
        )
