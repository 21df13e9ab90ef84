"""The Insights page's numbers for a period: each function runs one or two aggregate queries.

A period is a run of whole days in the site's time zone, both ends included. Views and
visitors come from the daily count tables; "visitors" are counted per day, so a reader who
comes back on another day is counted again. Subscriptions are confirmed requests to join
(`Consent.confirmed_at` in the period), attributed to the article and the form they came
through.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from insights.models import Device, DeviceDay, PageDay, ReferrerDay, SearchDay, SiteDay
from newsletter.models import Consent, Delivery, Issue, IssueLink

# How many rows each table on the page shows; its CSV has them all.
TOP = 20


@dataclass(frozen=True)
class Period:
    """Whole days from `since` to `until`, both included."""

    since: datetime.date
    until: datetime.date

    @classmethod
    def last(cls, days, today=None):
        """Return the `days` days that end today."""
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def days(self):
        return (self.until - self.since).days + 1

    def each_day(self):
        return [self.since + datetime.timedelta(days=offset) for offset in range(self.days)]

    def bounds(self):
        """Return the first moment of the period and the first moment after it, as aware
        datetimes in the site's time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.since, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            self.until + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, end


@dataclass(frozen=True)
class Day:
    day: datetime.date
    views: int
    visitors: int


def per_100(part, whole):
    """Return `part` per 100 of `whole`, or None when there is no whole to divide by."""
    return round(100 * part / whole, 1) if whole else None


def daily(period):
    """Return a Day for every day of the period, oldest first; days with no count are zeros."""
    counts = {
        day: (views, visitors)
        for day, views, visitors in SiteDay.objects.filter(
            day__range=(period.since, period.until)
        ).values_list("day", "views", "visitors")
    }
    return [Day(day, *counts.get(day, (0, 0))) for day in period.each_day()]


def totals(days):
    """Return the views and visitors of a list of Days added up."""
    return {
        "views": sum(day.views for day in days),
        "visitors": sum(day.visitors for day in days),
    }


def _total(queryset, aggregate):
    """Return a subquery: `aggregate` over `queryset` (filtered on an OuterRef), or 0."""
    column = (
        queryset.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(total=aggregate)
        .values("total")
    )
    return Coalesce(Subquery(column, output_field=IntegerField()), 0)


def top_articles(period, limit=TOP):
    """Return the articles read or subscribed from in the period, most views first.

    Each row: pk, title, views, visitors, subscribes and conversion (confirmed subscriptions
    per 100 visitors of the article).
    """
    start, end = period.bounds()
    pages = PageDay.objects.filter(article=OuterRef("pk"), day__range=(period.since, period.until))
    subscribes = confirmed_consents(start, end).filter(article=OuterRef("pk"))
    rows = (
        Article.objects.annotate(
            views=_total(pages, Sum("views")),
            visitors=_total(pages, Sum("visitors")),
            subscribes=_total(subscribes, Count("pk")),
        )
        .filter(Q(views__gt=0) | Q(subscribes__gt=0))
        .order_by("-views", "-subscribes", "title", "pk")
        .values("pk", "title", "views", "visitors", "subscribes")
    )
    rows = list(rows[:limit] if limit else rows)
    for row in rows:
        row["conversion"] = per_100(row["subscribes"], row["visitors"])
    return rows


def top_referrers(period, limit=TOP):
    """Return the sites that sent readers in the period, with their views, most first."""
    rows = (
        ReferrerDay.objects.filter(day__range=(period.since, period.until))
        .values("source")
        .annotate(views=Sum("views"))
        .order_by("-views", "source")
    )
    return list(rows[:limit] if limit else rows)


def devices(period):
    """Return every device class with its views in the period and its share of them."""
    counts = dict(
        DeviceDay.objects.filter(day__range=(period.since, period.until))
        .values("device")
        .annotate(views=Sum("views"))
        .values_list("device", "views")
    )
    everything = sum(counts.values())
    return [
        {
            "device": device.label,
            "views": counts.get(device.value, 0),
            "share": per_100(counts.get(device.value, 0), everything),
        }
        for device in Device
    ]


def searches(period, limit=TOP, not_found=False):
    """Return the search terms of the period, most searched first, and whether the latest
    search for them in the period found anything. With `not_found`, only those that found
    nothing: articles to write, or redirects to add."""
    in_period = SearchDay.objects.filter(day__range=(period.since, period.until))
    latest = in_period.filter(terms=OuterRef("terms")).order_by("-day").values("found")[:1]
    rows = (
        in_period.values("terms")
        .annotate(searches=Sum("searches"), found=Subquery(latest))
        .order_by("-searches", "terms")
    )
    if not_found:
        rows = rows.filter(found=False)
    return list(rows[:limit] if limit else rows)


def issues(period):
    """Return the issues whose sending began in the period, newest first, with their links.

    Each row: pk, subject, queued_at, sent (copies delivered), readers_clicked (copies whose
    reader followed at least one link), clicks (on all links), unsubscribes, click_rate
    (readers who clicked per 100 copies sent) and links (url and clicks, most first).
    Clicks and unsubscribes are counted for as long as readers act, not only in the period.
    """
    rows = issue_engagement(*period.bounds())
    links = {}
    for link in IssueLink.objects.filter(issue__in=[row["pk"] for row in rows]).order_by(
        "issue", "-clicks", "url"
    ):
        links.setdefault(link.issue_id, []).append({"url": link.url, "clicks": link.clicks})
    for row in rows:
        row["links"] = links.get(row["pk"], [])
        row["click_rate"] = per_100(row["readers_clicked"], row["sent"])
    return rows


def issue_links(period):
    """Return every link of the issues sent in the period, for the CSV: issue, url, clicks."""
    start, end = period.bounds()
    return list(
        IssueLink.objects.filter(
            issue__in=sent_issues(start, end).values("pk"),
        )
        .order_by("-issue__queued_at", "issue", "-clicks", "url")
        .values("issue__subject", "url", "clicks")
    )


def article_days(article, period):
    """Return the article's views per day (zeros included) and its confirmed subscriptions
    per day, for the sparkline on its change page: two queries."""
    views = dict(
        PageDay.objects.filter(article=article, day__range=(period.since, period.until))
        .values("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    subscribed = [
        timezone.localdate(moment)
        for moment in confirmed_consents(*period.bounds())
        .filter(article=article)
        .values_list("confirmed_at", flat=True)
    ]
    return [
        {"day": day, "views": views.get(day, 0), "subscribes": subscribed.count(day)}
        for day in period.each_day()
    ]


# --- The e-zine's numbers -------------------------------------------------------------------
# Until newsletter/engagement.py (issue 16, part E) lands, these read the shared fields
# directly: Delivery.clicked and .unsubscribed, IssueLink.clicks, Consent.box, .article and
# .confirmed_at. `start` and `end` are aware datetimes, the end excluded. At merge, these
# become calls to newsletter.engagement.


def confirmed_consents(start, end):
    """Return the requests to subscribe confirmed from `start` until `end`."""
    return Consent.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end)


def sent_issues(start, end):
    """Return the issues whose sending began from `start` until `end`."""
    return Issue.objects.exclude(status=Issue.Status.DRAFT).filter(
        queued_at__gte=start, queued_at__lt=end
    )


def issue_engagement(start, end):
    """Return, per issue sent in the period (newest first): copies sent, readers who clicked
    at least one link, clicks on all its links, and readers who left through it."""
    clicks = IssueLink.objects.filter(issue=OuterRef("pk"))
    return list(
        sent_issues(start, end)
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            readers_clicked=Count("deliveries", filter=Q(deliveries__clicked=True)),
            unsubscribes=Count("deliveries", filter=Q(deliveries__unsubscribed=True)),
            clicks=_total(clicks, Sum("clicks")),
        )
        .order_by("-queued_at", "-pk")
        .values("pk", "subject", "queued_at", "sent", "readers_clicked", "clicks", "unsubscribes")
    )


def subscriptions_by_box(start, end):
    """Return each form readers subscribe through with the subscriptions it brought."""
    counts = dict(
        confirmed_consents(start, end)
        .values("box")
        .annotate(total=Count("pk"))
        .values_list("box", "total")
    )
    rows = [{"box": box.label, "subscribes": counts.pop(box.value, 0)} for box in Consent.Box]
    # Requests made before forms were told apart, or through no form (an import).
    if any(counts.values()):
        rows.append({"box": "Not recorded", "subscribes": sum(counts.values())})
    return rows
