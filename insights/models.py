"""What the Insights page shows: counts per day, never a single visit or visitor.

Page views are counted in the cache as they happen and written here in batches
(docs/deployment.md, "Insights"); nothing in these tables can name a reader: no address, no
user agent, no cookie, only a path, a referring site's name, a device class or search terms.
"""

from django.db import models


class Device(models.TextChoices):
    PHONE = "phone", "Phone"
    TABLET = "tablet", "Tablet"
    DESKTOP = "desktop", "Desktop"


class SiteDay(models.Model):
    """The whole site on one day: page views, and visitors estimated without cookies."""

    day = models.DateField(unique=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "site day"
        permissions = [("view_insights", "Can see the Insights page")]

    def __str__(self):
        return f"{self.day}: {self.views} views"


class PageDay(models.Model):
    """One public page on one day. `article` is set when the path was an article's."""

    day = models.DateField()
    path = models.CharField(max_length=200)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="page_days",
    )
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "path"]
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="unique_page_day")]
        indexes = [models.Index(fields=["article", "day"], name="page_day_article")]

    def __str__(self):
        return f"{self.day} {self.path}: {self.views} views"


class ReferrerDay(models.Model):
    """Views that came from another site on one day: its host, or a name for a family of
    sites ("Google", "Facebook"…)."""

    day = models.DateField()
    source = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-views"]
        constraints = [
            models.UniqueConstraint(fields=["day", "source"], name="unique_referrer_day")
        ]

    def __str__(self):
        return f"{self.day} {self.source}: {self.views} views"


class DeviceDay(models.Model):
    """Views on one day by the kind of device, read from the user agent (which is not kept)."""

    day = models.DateField()
    device = models.CharField(max_length=10, choices=Device)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "device"]
        constraints = [models.UniqueConstraint(fields=["day", "device"], name="unique_device_day")]

    def __str__(self):
        return f"{self.day} {self.device}: {self.views} views"


class SearchDay(models.Model):
    """Site searches for the same normalised terms on one day, and whether the last of them
    found anything ("searched but not found" is a list editors act on)."""

    day = models.DateField()
    terms = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)
    found = models.BooleanField(default=False)

    class Meta:
        ordering = ["-day", "-searches"]
        constraints = [models.UniqueConstraint(fields=["day", "terms"], name="unique_search_day")]

    def __str__(self):
        return f"{self.day} {self.terms!r}: {self.searches}"
