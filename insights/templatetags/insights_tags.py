"""{% article_sparkline article %}: an article's views and subscribes of the last 30 days,
for its change page in the admin."""

from django import template
from django.urls import reverse

from insights import charts, reports

register = template.Library()

SPARK_DAYS = 30


@register.inclusion_tag("admin/insights/article_sparkline.html", takes_context=True)
def article_sparkline(context, article):
    """Draw the article's views per day as a small line, with a dot on each day a reader
    subscribed beside it, and the totals in words. Shown to users who may see Insights."""
    if not context["request"].user.has_perm("insights.view_insights"):
        return {"shown": False}
    days = reports.article_days(article, reports.Period.last(SPARK_DAYS))
    views = [day["views"] for day in days]
    subscribes = [day["subscribes"] for day in days]
    return {
        "shown": True,
        "days": SPARK_DAYS,
        "spark": charts.sparkline(views, subscribes),
        "views": sum(views),
        "subscribes": sum(subscribes),
        "insights_url": reverse("admin:insights"),
    }
