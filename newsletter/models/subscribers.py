"""Subscribers, their requests to join (consent records) and the erased addresses."""

from datetime import timedelta

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from newsletter import tokens
from newsletter.models.notices import PrivacyNotice

# A pending address is sent at most one confirmation email in this time.
CONFIRMATION_RESEND_INTERVAL = timedelta(minutes=10)


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
    imported_from = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The file this subscriber was imported from (their consent record says "
        "how they agreed on the old site); empty if they subscribed here.",
    )
    welcomed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the welcome email went out after the first confirmation; set too for "
        "those who confirmed before there was one. A subscriber is welcomed once only.",
    )

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
            ("import_subscribers", "Can import subscribers from an old e-zine's CSV file"),
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
        confirmation email must not subscribe someone who has since left. The first name
        given with the request becomes the subscriber's: only the owner of the inbox, by
        confirming, decides what the e-zine calls them.
        """
        if self.is_confirmed():
            return True
        if not consent.is_current():
            return False
        now = timezone.now()
        with transaction.atomic():
            self.status = self.Status.CONFIRMED
            self.confirmed_at = now
            self.first_name = consent.first_name_on_confirmation()
            self.save(update_fields=["status", "confirmed_at", "first_name"])
            consent.confirmed_at = now
            consent.save(update_fields=["confirmed_at"])
            # The owner has opted in again through the form: an earlier erasure no longer applies.
            Suppression.objects.filter(digest__in=tokens.address_digests(self.email)).delete()
        return True

    def reserve_welcome(self):
        """Note that the welcome email goes out now; return False if it ever went out before.

        The check and the update are one UPDATE, so two confirmations at once send one.
        """
        now = timezone.now()
        reserved = Subscriber.objects.filter(pk=self.pk, welcomed_at__isnull=True).update(
            welcomed_at=now
        )
        if reserved:
            self.welcomed_at = now
        return bool(reserved)

    def unsubscribe(self, delivery_pk=None):
        """Stop all mail to this subscriber; the row stays so that it is never mailed again.

        `delivery_pk` names the copy of an issue whose link they left through: that issue
        counts the unsubscribe. Leaving again counts nowhere.
        """
        if self.status == self.Status.UNSUBSCRIBED:
            return
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        with transaction.atomic():
            self.save(update_fields=["status", "unsubscribed_at"])
            if delivery_pk is not None:
                self.deliveries.filter(pk=delivery_pk).update(unsubscribed=True)

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
    """A request to subscribe: which privacy notice was shown beside the button, when, where.

    An imported subscriber's record instead says which file they came from and how they
    agreed on the old site: they were never shown our notice.
    """

    class Box(models.TextChoices):
        """Which form the request came through, for the Insights page's attribution."""

        EZINE_BOX = "ezine-box", "E-zine box on a page"
        NEWSLETTER_PAGE = "newsletter-page", "The e-zine's own page"
        PROMO = "promo", "A promo's download offer"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text="The notice shown beside the subscribe button; empty for an imported "
        "subscriber, who agreed on the old site.",
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="The page the subscribe form was on."
    )
    box = models.CharField(
        max_length=20, choices=Box, blank=True, help_text="The form the request came through."
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        help_text="The article the subscribe form was beside, if any.",
    )
    first_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The first name given with this request. It becomes the subscriber's only "
        "when they confirm this request; empty keeps the name they have.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the subscriber confirmed through this request."
    )
    imported_from = models.CharField(
        max_length=255,
        blank=True,
        help_text="The name of the file this subscriber was imported from; empty if they "
        "asked here. The record's date is when they were imported.",
    )
    consent_wording = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the old site obtained consent, as the person importing stated it.",
    )
    signed_up_at = models.DateTimeField(
        null=True, blank=True, help_text="When they signed up on the old site, if its file says."
    )
    old_source = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="source on the old service",
        help_text="How the old service says the address was added (its “source” column).",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "consent record"

    def __str__(self):
        if self.imported_from:
            return f"Imported from {self.imported_from}"
        return f"Consent to privacy notice version {self.notice.version}"

    def is_current(self):
        """Return False if the subscriber unsubscribed after making this request."""
        unsubscribed_at = self.subscriber.unsubscribed_at
        return unsubscribed_at is None or self.created_at >= unsubscribed_at

    def first_name_on_confirmation(self):
        """Return the first name the subscriber has once this request is confirmed."""
        return self.first_name or self.subscriber.first_name


class Suppression(models.Model):
    """An erased address, kept only as a keyed hash so that it is never sent an issue again."""

    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Suppressed address {self.digest[:12]}…"
