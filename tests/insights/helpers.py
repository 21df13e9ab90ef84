"""Rows of the Insights tables and e-zine events, made with the ORM, for the page's tests."""

import datetime

from django.utils import timezone

from insights.models import SiteDay
from newsletter.models import Delivery, Issue, IssueLink
from tests.factories import make_consent, make_issue, make_subscriber


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def at_noon(day):
    """Return noon on `day` in the site's time zone."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def site_day(days, views, visitors):
    return SiteDay.objects.create(day=days_ago(days), views=views, visitors=visitors)


def subscription(article=None, box="ezine-box", confirmed_at=None, **kwargs):
    """A reader who subscribed beside `article` through `box` and confirmed at `confirmed_at`
    (None: not confirmed)."""
    reader = make_subscriber(**kwargs)
    return make_consent(reader, article=article, box=box, confirmed_at=confirmed_at)


def sent_issue(subject, days_ago_sent=1, sent=0, clicked=0, unsubscribed=0, links=()):
    """An issue that went out `days_ago_sent` days ago to `sent` readers, of whom the first
    `clicked` followed a link and the last `unsubscribed` left; `links` are (url, clicks)."""
    sent_at = at_noon(days_ago(days_ago_sent))
    issue = make_issue(subject=subject, status=Issue.Status.SENT, queued_at=sent_at)
    Issue.objects.filter(pk=issue.pk).update(sent_at=sent_at)
    issue.refresh_from_db()
    for number in range(sent):
        Delivery.objects.create(
            issue=issue,
            subscriber=make_subscriber(),
            status=Delivery.Status.SENT,
            clicked=number < clicked,
            unsubscribed=number >= sent - unsubscribed,
        )
    for url, clicks in links:
        IssueLink.objects.create(issue=issue, url=url, clicks=clicks)
    return issue
