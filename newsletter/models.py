from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles import markdown
from articles.models import Article
from newsletter import tokens

# A pending address is sent at most one confirmation email in this time.
CONFIRMATION_RESEND_INTERVAL = timedelta(minutes=10)

no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message="Line breaks and control characters are not allowed here.",
    code="control_characters",
)


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


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Return the subscribers who confirmed their address: the only ones sent issues."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def pending(self):
        """Return the subscribers who have not confirmed their address yet."""
        return self.filter(status=Subscriber.Status.PENDING)

    def with_email(self, email):
        """Filter on the address case-insensitively, the way the unique constraint compares it."""
        return self.annotate(email_lower=Lower("email")).filter(email_lower=email.lower())


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=12,
        choices=Status,
        default=Status.PENDING,
        help_text="Only confirmed subscribers are sent issues. Changes only through the "
        "subscriber's own confirm and unsubscribe links.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_subscriber_email",
                violation_error_message="This address is already on the list.",
            )
        ]
        indexes = [models.Index(fields=["status"], name="subscriber_status")]
        permissions = [
            ("export_subscribers", "Can export the confirmed subscribers as CSV"),
        ]

    def __str__(self):
        return self.email

    def is_confirmed(self):
        """Return True if the subscriber is sent issues."""
        return self.status == self.Status.CONFIRMED

    is_confirmed.boolean = True

    def reserve_confirmation(self):
        """Note that a confirmation email goes out now; return False if one went out recently.

        The check and the update are one UPDATE, so two requests at once cannot both send.
        """
        now = timezone.now()
        reserved = (
            Subscriber.objects.filter(pk=self.pk)
            .filter(
                Q(confirmation_sent_at__isnull=True)
                | Q(confirmation_sent_at__lte=now - CONFIRMATION_RESEND_INTERVAL)
            )
            .update(confirmation_sent_at=now)
        )
        if reserved:
            self.confirmation_sent_at = now
        return bool(reserved)

    def release_confirmation(self):
        """Forget the last confirmation email (it failed), so the visitor can ask again now."""
        Subscriber.objects.filter(pk=self.pk).update(confirmation_sent_at=None)
        self.confirmation_sent_at = None

    def confirm(self, consent):
        """Confirm the subscription that `consent` asked for; return False if it is out of date.

        A request made before the subscriber last unsubscribed no longer counts: an old
        confirmation email must not subscribe someone who has since left.
        """
        if self.is_confirmed():
            return True
        if not consent.is_current():
            return False
        now = timezone.now()
        with transaction.atomic():
            self.status = self.Status.CONFIRMED
            self.confirmed_at = now
            self.save(update_fields=["status", "confirmed_at"])
            consent.confirmed_at = now
            consent.save(update_fields=["confirmed_at"])
            # The owner has opted in again through the form: an earlier erasure no longer applies.
            Suppression.objects.filter(digest__in=tokens.address_digests(self.email)).delete()
        return True

    def unsubscribe(self):
        """Stop all mail to this subscriber; the row stays so that it is never mailed again."""
        if self.status == self.Status.UNSUBSCRIBED:
            return
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])

    def erase(self):
        """Delete this subscriber's personal data, keeping only a keyed hash of the address.

        Deliveries stay (they count towards each issue's figures) but no longer point to
        anyone, and their error texts, which may quote the address, are cleared. The hash
        keeps the address from ever being sent an issue again until its owner subscribes
        and confirms through the form.
        """
        with transaction.atomic():
            Suppression.objects.get_or_create(digest=tokens.address_digest(self.email))
            self.deliveries.update(subscriber=None, error="")
            self.delete()


class Consent(models.Model):
    """A request to subscribe: which privacy notice was shown beside the button, when, where."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    source = models.CharField(
        max_length=200, blank=True, help_text="The page the subscribe form was on."
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the subscriber confirmed through this request."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "consent record"

    def __str__(self):
        return f"Consent to privacy notice version {self.notice.version}"

    def is_current(self):
        """Return False if the subscriber unsubscribed after making this request."""
        unsubscribed_at = self.subscriber.unsubscribed_at
        return unsubscribed_at is None or self.created_at >= unsubscribed_at


class Suppression(models.Model):
    """An erased address, kept only as a keyed hash so that it is never sent an issue again."""

    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Suppressed address {self.digest[:12]}…"


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
        validators=[no_control_characters],
        help_text="The email's subject and the title of the issue in the archive.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown. The editor's note at the top of the issue, before the articles.",
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
        """Return counts of the issue's deliveries: sent, failed, skipped, waiting and total."""
        Status = Delivery.Status
        counts = dict(
            self.deliveries.values_list("status").annotate(n=models.Count("pk")).order_by()
        )
        return {
            "sent": counts.get(Status.SENT, 0),
            "failed": counts.get(Status.FAILED, 0),
            "skipped": counts.get(Status.SKIPPED, 0),
            "waiting": counts.get(Status.QUEUED, 0) + counts.get(Status.SENDING, 0),
            "total": sum(counts.values()),
        }


class Delivery(models.Model):
    """One issue for one subscriber: sent at most once, retried a bounded number of times."""

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
    # Which worker run holds the row while it is being sent, and since when.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="unique_delivery"),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue} → subscriber {self.subscriber_id or '(erased)'}"
