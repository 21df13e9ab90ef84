"""The e-zine's figures for the Insights page: how each issue was read, and where
subscriptions came from.

These functions only read. A period is two dates, `since` and `until`, both included, as
days in the site's time zone (the day tables of the `insights` app count the same way).
Each function runs a fixed number of queries, however much there is to count.

What is counted, and nothing more: per issue, which copies were sent, whether each copy's
reader followed at least one of its links (`Delivery.clicked`) or left through its
unsubscribe link (`Delivery.unsubscribed`), and how often each link was followed
(`IssueLink.clicks`, per link and not per reader). Per subscription, the page, the form and
the article it came from (`Consent.source`, `box`, `article`), counted once confirmed.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from newsletter.models import Consent, Delivery, Issue, IssueLink


@dataclass(frozen=True)
class LinkClicks:
    """A link in an issue and how many times readers followed it."""

    url: str
    clicks: int


@dataclass(frozen=True)
class IssueEngagement:
    """How one sent issue was read.

    `sent`: copies sent; `clicked`: copies whose reader followed at least one link;
    `unsubscribed`: readers who left through the unsubscribe link in their copy; `links`:
    every counted link of the issue, most followed first.
    """

    issue: Issue
    sent: int
    clicked: int
    unsubscribed: int
    links: tuple[LinkClicks, ...]

    @property
    def clicks(self):
        """Return how many times the issue's links were followed in all."""
        return sum(link.clicks for link in self.links)

    @property
    def click_rate(self):
        """Return the share of copies sent whose reader clicked, from 0 to 1."""
        return self.clicked / self.sent if self.sent else 0.0


def issue_engagement(since, until):
    """Return an IssueEngagement for each issue sent in the period, newest first: two queries.

    Clicks and unsubscribes are counted whenever they happened, up to now: an issue's
    figures keep growing for a while after it was sent.
    """
    sent_copies = Q(deliveries__status=Delivery.Status.SENT)
    issues = list(
        Issue.objects.sent()
        .filter(sent_at__date__range=(since, until))
        .annotate(
            sent_copies=Count("deliveries", filter=sent_copies),
            clicked_copies=Count("deliveries", filter=sent_copies & Q(deliveries__clicked=True)),
            unsubscribed_copies=Count("deliveries", filter=Q(deliveries__unsubscribed=True)),
        )
        .order_by("-sent_at", "-pk")
        .only("subject", "sent_at")
    )
    links = defaultdict(list)
    for issue_pk, url, clicks in IssueLink.objects.filter(issue__in=issues).values_list(
        "issue", "url", "clicks"
    ):
        links[issue_pk].append(LinkClicks(url, clicks))
    return [
        IssueEngagement(
            issue=issue,
            sent=issue.sent_copies,
            clicked=issue.clicked_copies,
            unsubscribed=issue.unsubscribed_copies,
            links=tuple(links[issue.pk]),
        )
        for issue in issues
    ]


def confirmed_subscriptions(since, until):
    """Return the subscribe requests made here and confirmed in the period: each one a
    subscription.

    A request made through one of our forms names the privacy notice shown beside it; a
    record that names none (a subscriber imported from an old e-zine service) is left out.
    """
    return Consent.objects.filter(confirmed_at__date__range=(since, until), notice__isnull=False)


def subscriptions_by_article(since, until):
    """Return {article pk: subscriptions confirmed in the period}, most first: one query.

    A subscription counts for an article when its form (any box) was on the article's page.
    Articles with none are left out.
    """
    rows = (
        confirmed_subscriptions(since, until)
        .filter(article__isnull=False)
        .values("article")
        .annotate(count=Count("pk"))
        .order_by("-count", "article")
    )
    return {row["article"]: row["count"] for row in rows}


def subscriptions_by_box(since, until):
    """Return {Consent.Box value: subscriptions confirmed in the period}: one query.

    Every box is there, in `Consent.Box` order, with 0 if it brought none; subscriptions
    that name no box (made before boxes were recorded, or imported) are left out. Its label
    for people is `Consent.Box(value).label`.
    """
    rows = (
        confirmed_subscriptions(since, until)
        .exclude(box="")
        .values("box")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["box"]: row["count"] for row in rows}
    return {box: counts.get(box, 0) for box in Consent.Box.values}


def subscriptions_by_page(since, until):
    """Return {page path: subscriptions confirmed in the period}, most first: one query.

    The path is that of the page the form was on, as the visitor saw it; requests that name
    no page are left out.
    """
    rows = (
        confirmed_subscriptions(since, until)
        .exclude(source="")
        .values("source")
        .annotate(count=Count("pk"))
        .order_by("-count", "source")
    )
    return {row["source"]: row["count"] for row in rows}


def subscriptions_by_day(since, until, article=None):
    """Return {date: subscriptions confirmed that day} for every day of the period, oldest
    first, 0 for a day with none: one query. Given an article (or its pk), only those that
    came from its page: the figures for its sparkline."""
    subscriptions = confirmed_subscriptions(since, until)
    if article is not None:
        subscriptions = subscriptions.filter(article=article)
    rows = (
        subscriptions.annotate(day=TruncDate("confirmed_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["day"]: row["count"] for row in rows}
    days = (since + timedelta(days=n) for n in range((until - since).days + 1))
    return {day: counts.get(day, 0) for day in days}
