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
from newsletter.engagement import (
    confirmed_subscriptions,
    issue_engagement,
    subscriptions_by_box,
    subscriptions_by_day,
)
from newsletter.models import Consent

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
    pages = PageDay.objects.filter(article=OuterRef("pk"), day__range=(period.since, period.until))
    subscribes = confirmed_subscriptions(period.since, period.until).filter(article=OuterRef("pk"))
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
    """Return an IssueEngagement for each issue sent in the period, newest first, with its
    share of copies whose reader clicked as `click_percent` (None for no copies)."""
    rows = issue_engagement(period.since, period.until)
    return [{"engagement": row, "click_percent": per_100(row.clicked, row.sent)} for row in rows]


def subscriptions(period):
    """Return each form readers subscribe through, by its label, with the subscriptions
    confirmed through it in the period."""
    counts = subscriptions_by_box(period.since, period.until)
    return [{"box": box.label, "subscribes": counts[box.value]} for box in Consent.Box]


def article_days(article, period):
    """Return the article's views per day (zeros included) and its confirmed subscriptions
    per day, for the sparkline on its change page: two queries."""
    views = dict(
        PageDay.objects.filter(article=article, day__range=(period.since, period.until))
        .values("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    subscribed = subscriptions_by_day(period.since, period.until, article=article)
    return [
        {"day": day, "views": views.get(day, 0), "subscribes": subscribed[day]}
        for day in period.each_day()
    ]
