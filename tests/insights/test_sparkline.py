"""An article's change page shows its views and subscribes of the last 30 days."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insights import charts
from insights.models import PageDay
from tests.factories import make_article, make_user
from tests.insights.helpers import days_ago, subscription

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_change_page_shows_the_articles_views_and_subscribes_in_words(editor_client):
    article = make_article()
    PageDay.objects.create(day=days_ago(3), path="/a/", article=article, views=12, visitors=9)
    PageDay.objects.create(day=days_ago(31), path="/a/", article=article, views=500, visitors=9)
    subscription(article, confirmed_at=timezone.now())

    page = editor_client.get(change_url(article)).content.decode()

    assert (
        "Last 30 days: <strong>12</strong> views, <strong>1</strong> subscribe through a form "
        "beside this article." in page
    )
    assert '<svg width="240" height="40" viewBox="0 0 240 40" role="img"' in page


def test_the_sparkline_marks_the_days_readers_subscribed(editor_client):
    article = make_article()
    subscription(article, confirmed_at=timezone.now())

    response = editor_client.get(change_url(article))

    assert response.content.decode().count('class="insights-spark-dot"') == 1


def test_the_sparkline_costs_two_queries_however_many_days_were_counted(editor_client):
    article = make_article()
    for days in range(30):
        PageDay.objects.create(day=days_ago(days), path="/a/", article=article, views=3, visitors=2)
        subscription(article, confirmed_at=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        editor_client.get(change_url(article))

    counted = [
        query["sql"]
        for query in queries.captured_queries
        if '"insights_pageday"' in query["sql"] or 'FROM "newsletter_consent"' in query["sql"]
    ]
    assert len(counted) == 2


def test_staff_without_the_insights_permission_see_no_sparkline(client):
    user = make_user("writer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_article"]))
    client.force_login(user)

    page = client.get(change_url(make_article())).content.decode()

    assert "insights-spark" not in page.replace("insights/admin/insights.css", "")


def test_a_sparkline_of_no_views_lies_flat_along_the_bottom():
    spark = charts.sparkline([0, 0, 0], [0, 0, 0])

    assert spark.line == "4,36 120,36 236,36"
    assert spark.dots == []


def test_the_busiest_day_reaches_the_top():
    spark = charts.sparkline([0, 10, 5], [0, 1, 0])

    assert spark.line == "4,36 120,4 236,20"
    assert spark.dots == [{"x": 120, "y": 4}]
