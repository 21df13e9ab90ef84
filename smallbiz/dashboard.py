"""The admin home's dashboard: the work waiting for editors, each item linking to where it is done.

`panels(request)` returns what the dashboard shows to this user: a panel appears only for
someone who may view what it lists. The queries are the same few however much content
there is (tests/test_dashboard.py pins their number).
"""

import datetime
from urllib.parse import urlencode

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from insights.models import SiteDay
from insights.reports import Period
from newsletter.models import Delivery, Issue, Subscriber

# How many articles each article panel lists; a link leads to the rest.
PANEL_SIZE = 5
# Subscribers gained in this many days, counted the way the subscriber list's "Past 7 days"
# filter counts them, so that the number and the list it links to agree.
NEW_SUBSCRIBER_DAYS = 7
# The Insights panel compares this many days with as many before them.
INSIGHTS_DAYS = 7


def panels(request):
    """Return the dashboard's panels for the signed-in user: {"articles": ..., "ezine": ...}.

    A panel is None when the user may not view what it lists.
    """
    user = request.user
    return {
        "articles": article_panels(user) if user.has_perm("articles.view_article") else None,
        "ezine": ezine_panel(user) if user.has_perm("newsletter.view_issue") else None,
        "insights": insights_panel() if user.has_perm("insights.view_insights") else None,
    }


def changelist_url(model, **filters):
    """Return the admin list of `model`, filtered by the given lookups."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def article_panels(user):
    """Return the drafts, the articles with unpublished changes, the scheduled articles and
    the recently published ones."""
    # The counts take ArticleQuerySet's rules (scheduled(), with_unpublished_changes()) as
    # filters of one aggregate query.
    scheduled = Q(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
    counts = Article.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Article.Status.DRAFT)),
        changes=Count("pk", filter=Q(draft__isnull=False)),
        scheduled=Count("pk", filter=scheduled),
    )
    # Who last changed each draft, from the admin's own record of changes.
    last_change = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("-action_time", "-pk")
    drafts = (
        Article.objects.filter(status=Article.Status.DRAFT)
        .annotate(last_changed_by=Subquery(last_change.values("user__username")[:1]))
        .only("title", "updated_at")
        .order_by("-updated_at", "-pk")[:PANEL_SIZE]
    )
    return {
        "drafts": drafts,
        "draft_count": counts["drafts"],
        "drafts_url": changelist_url(Article, publication="draft"),
        # Who saved the changes, and when, is their revision's.
        "changes": Article.objects.with_unpublished_changes()
        .select_related("draft__created_by")
        .only("title", "draft_publish_at", "draft__created_at", "draft__created_by__username")
        .order_by("-draft__created_at", "-pk")[:PANEL_SIZE],
        "changes_count": counts["changes"],
        "changes_url": changelist_url(Article, publication="changes"),
        "scheduled": Article.objects.scheduled()
        .only("title", "published_at")
        .order_by("published_at", "pk")[:PANEL_SIZE],
        "scheduled_count": counts["scheduled"],
        "scheduled_url": changelist_url(Article, publication="scheduled"),
        "published": Article.objects.published()
        .newest_first()
        .only("title", "published_at")[:PANEL_SIZE],
        "published_url": changelist_url(Article, publication="published"),
        "add_url": reverse("admin:articles_article_add")
        if user.has_perm("articles.add_article")
        else None,
    }


def ezine_panel(user):
    """Return the last issue sent with its numbers, the next draft, new subscribers, failures.

    The numbers are totals, never people: the lists behind them are linked only for users
    who may view subscribers or deliveries.
    """
    issues = Issue.objects.only("subject", "status", "created_at", "queued_at", "sent_at")
    last_issue = issues.exclude(status=Issue.Status.DRAFT).order_by("-queued_at", "-pk").first()
    next_issue = issues.filter(status=Issue.Status.DRAFT).order_by("-created_at", "-pk").first()
    # The same bounds as the admin's "Past 7 days" filter: from midnight a week ago until
    # midnight tonight, in the site's time zone.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    since = today - datetime.timedelta(days=NEW_SUBSCRIBER_DAYS)
    tomorrow = today + datetime.timedelta(days=1)
    new_subscribers = (
        Subscriber.objects.confirmed()
        .filter(confirmed_at__gte=since, confirmed_at__lt=tomorrow)
        .count()
    )
    failed_deliveries = Delivery.objects.filter(status=Delivery.Status.FAILED).count()
    return {
        "last_issue": last_issue,
        "last_issue_progress": last_issue.progress() if last_issue else None,
        "next_issue": next_issue,
        "issues_url": changelist_url(Issue),
        "add_issue_url": reverse("admin:newsletter_issue_add")
        if user.has_perm("newsletter.add_issue")
        else None,
        "new_subscribers": new_subscribers,
        "new_subscribers_days": NEW_SUBSCRIBER_DAYS,
        "new_subscribers_url": changelist_url(
            Subscriber,
            status__exact=Subscriber.Status.CONFIRMED,
            confirmed_at__gte=str(since),
            confirmed_at__lt=str(tomorrow),
        )
        if user.has_perm("newsletter.view_subscriber")
        else None,
        "failed_deliveries": failed_deliveries,
        "failed_deliveries_url": changelist_url(Delivery, status__exact=Delivery.Status.FAILED)
        if user.has_perm("newsletter.view_delivery")
        else None,
    }


def insights_panel():
    """Return the views and visitors of the last week, the week before's views, and where
    the Insights page is: one query."""
    week = Period.last(INSIGHTS_DAYS)
    before = Period.last(INSIGHTS_DAYS, today=week.since - datetime.timedelta(days=1))
    in_week = Q(day__range=(week.since, week.until))
    counts = SiteDay.objects.filter(day__range=(before.since, week.until)).aggregate(
        week_views=Sum("views", filter=in_week, default=0),
        week_visitors=Sum("visitors", filter=in_week, default=0),
        views_before=Sum("views", filter=~in_week, default=0),
    )
    return {
        "views": counts["week_views"],
        "visitors": counts["week_visitors"],
        "views_before": counts["views_before"],
        "days": INSIGHTS_DAYS,
        "url": reverse("admin:insights"),
    }
