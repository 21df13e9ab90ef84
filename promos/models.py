from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone

from articles import markdown
from articles.fields import ArticleImageField
from articles.models import Article, Category
from newsletter.models import Consent, Subscriber
from promos import tokens
from promos.fields import DownloadFileField
from promos.validators import validate_cta_link

# A personal download link works this long, for this many downloads.
DOWNLOAD_LINK_LIFETIME = timedelta(days=7)
DOWNLOADS_PER_LINK = 5
# A subscriber who asks for the same download again is emailed at most once in this time.
DOWNLOAD_RESEND_INTERVAL = timedelta(minutes=10)

ALT_REQUIRED = "Describe the image: alt text is required when an image is set."
CTA_INCOMPLETE = "Give the call to action both a button label and a link, or neither."
DOWNLOAD_UNNAMED = "Say what the download is: it is named in the form and the emails."
WINDOW_BACKWARDS = "The end must come after the start."


class PromoQuerySet(models.QuerySet):
    def live(self):
        """Return the promos visitors may see: switched on, and now within their dates."""
        now = timezone.now()
        return self.filter(is_active=True, starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    def next_window_change(self):
        """Return the next time a switched-on promo's window opens or closes, or None."""
        now = timezone.now()
        times = self.filter(is_active=True).aggregate(
            opens=Min("starts_at", filter=Q(starts_at__gt=now)),
            closes=Min("ends_at", filter=Q(ends_at__gt=now)),
        )
        return min((time for time in times.values() if time), default=None)


class Promo(models.Model):
    class Placement(models.TextChoices):
        SITE_WIDE = "site", "Site-wide"
        CATEGORIES = "categories", "In chosen categories"
        ARTICLES = "articles", "On chosen articles"

    heading = models.CharField(
        max_length=120, help_text="The box's heading, e.g. “How to Network Effectively?”"
    )
    body = models.TextField(
        blank=True, help_text="Markdown. A few sentences shown under the heading."
    )
    body_html = models.TextField(blank=True, editable=False)
    image = ArticleImageField(
        upload_to="promos/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="Optional: a book cover or a picture. JPEG, PNG, WebP or GIF.",
    )
    image_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the picture for people who cannot see it. Required with an image.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    cta_label = models.CharField(
        "button label",
        max_length=60,
        blank=True,
        help_text="The call to action, e.g. “Find out more”. Leave empty for no button.",
    )
    cta_url = models.CharField(
        "button link",
        max_length=500,
        blank=True,
        validators=[validate_cta_link],
        help_text="A page on this site (/marketing/pricing/) or a full address "
        "(https://…). Links to other sites are marked as leaving the site.",
    )
    download = DownloadFileField(
        upload_to="downloads/%Y/%m/",
        blank=True,
        help_text="Optional: a PDF, EPUB or ZIP file (up to 50 MB) that readers get for "
        "subscribing to the e-zine. The box then shows a sign-up form. The file is never "
        "public: each reader gets a personal link after confirming their address.",
    )
    download_title = models.CharField(
        "what readers get",
        max_length=120,
        blank=True,
        help_text="Names the download in the form and the emails, e.g. “the Business "
        "Networking e-book (PDF)”. Required with a download.",
    )
    placement = models.CharField(
        "where it shows",
        max_length=10,
        choices=Placement,
        default=Placement.SITE_WIDE,
        help_text="Beside every article, beside the articles of the chosen categories, or "
        "beside the chosen articles only. When several promos could show, the most specific "
        "wins (chosen articles, then categories, then site-wide), then the lowest position.",
    )
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="promos",
        help_text="Used when it shows beside the articles of chosen categories.",
    )
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="promos",
        help_text="Used when it shows beside chosen articles only.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Between promos for the same place, the lowest number shows."
    )
    starts_at = models.DateTimeField(
        "shows from",
        default=timezone.now,
        help_text="It appears by itself at this time.",
    )
    ends_at = models.DateTimeField(
        "shows until",
        null=True,
        blank=True,
        help_text="It disappears by itself at this time. Leave empty to keep it running.",
    )
    is_active = models.BooleanField(
        "switched on", default=True, help_text="Switch off to hide it whatever the dates."
    )
    click_count = models.PositiveIntegerField(
        "button clicks",
        default=0,
        editable=False,
        help_text="How many times visitors followed the button (counted on the server: no "
        "cookies, no tracking, nothing about who clicked).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromoQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="promo_image_has_alt",
                violation_error_message=ALT_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(cta_label="", cta_url="") | (~Q(cta_label="") & ~Q(cta_url="")),
                name="promo_cta_complete",
                violation_error_message=CTA_INCOMPLETE,
            ),
            models.CheckConstraint(
                condition=Q(download="") | ~Q(download_title=""),
                name="promo_download_has_title",
                violation_error_message=DOWNLOAD_UNNAMED,
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="promo_window_in_order",
                violation_error_message=WINDOW_BACKWARDS,
            ),
        ]
        indexes = [models.Index(fields=["is_active", "starts_at"], name="promo_visibility")]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.body_html = markdown.render(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("promos:promo_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = ValidationError(ALT_REQUIRED, code="alt_required")
        if bool(self.cta_label.strip()) != bool(self.cta_url.strip()):
            field = "cta_url" if self.cta_label.strip() else "cta_label"
            errors[field] = ValidationError(CTA_INCOMPLETE, code="cta_incomplete")
        if self.download and not self.download_title.strip():
            errors["download_title"] = ValidationError(DOWNLOAD_UNNAMED, code="download_unnamed")
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(WINDOW_BACKWARDS, code="window_backwards")
        if errors:
            raise ValidationError(errors)

    def is_live(self):
        """Return True if visitors see the promo now (where it is placed)."""
        now = timezone.now()
        return (
            self.is_active
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )

    is_live.boolean = True
    is_live.short_description = "Showing now"

    def has_external_link(self):
        """Return True if the button leads to another site."""
        if self.cta_url.startswith("/"):
            return False
        return urlsplit(self.cta_url).netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()


class Signup(models.Model):
    """A reader who asked for a promo's download, and the subscribe request that came with it."""

    promo = models.ForeignKey(
        Promo,
        # Sign-ups record where a subscription came from: switch a promo off instead.
        on_delete=models.PROTECT,
        related_name="signups",
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="promo_signups"
    )
    consent = models.OneToOneField(
        Consent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signup",
        help_text="The subscribe request made for the download; empty when the reader was "
        "already subscribed.",
    )
    offer = models.CharField(
        max_length=120, help_text="What the reader was offered, as the promo named it then."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "sign-up"

    def __str__(self):
        return f"Sign-up {self.pk} for “{self.offer}”"

    def grant_download(self):
        """Return this sign-up's download link, made now if it has none; and whether it is new."""
        grant = self.grants.order_by("-created_at").first()
        if grant is not None:
            return grant, False
        return self.grants.create(), True


class DownloadGrantQuerySet(models.QuerySet):
    def usable(self):
        """Return the links that still work: not expired and not used up."""
        return self.filter(expires_at__gt=timezone.now(), download_count__lt=DOWNLOADS_PER_LINK)


def download_link_expiry():
    return timezone.now() + DOWNLOAD_LINK_LIFETIME


class DownloadGrant(models.Model):
    """A personal download link: it works for a few days and a few downloads."""

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="grants")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=download_link_expiry)
    download_count = models.PositiveSmallIntegerField(default=0)

    objects = DownloadGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Download link {self.pk}"

    def get_absolute_url(self):
        return reverse("promos:download", args=[tokens.make_download_token(self.pk)])

    def is_usable(self):
        """Return True if the link still works."""
        return self.expires_at > timezone.now() and self.download_count < DOWNLOADS_PER_LINK

    def downloads_left(self):
        """Return how many more downloads the link allows (0 when it is used up)."""
        return max(0, DOWNLOADS_PER_LINK - self.download_count)

    def use(self):
        """Count one download; return False, counting nothing, if the link no longer works.

        The check and the count are one UPDATE, so parallel requests cannot exceed the limit.
        """
        used = (
            DownloadGrant.objects.filter(pk=self.pk)
            .usable()
            .update(download_count=F("download_count") + 1)
        )
        if used:
            self.download_count += 1
        return bool(used)
