"""The Insights page's numbers (insights/reports.py) from rows made with the ORM: exact
counts, the ends of the period, days with nothing counted."""

import datetime

import pytest
from django.utils import timezone

from insights import reports
from insights.models import Device, DeviceDay, PageDay, ReferrerDay, SearchDay
from insights.reports import Period
from newsletter.models import Consent, Issue
from tests.factories import make_article, make_issue
from tests.insights.helpers import at_noon, days_ago, sent_issue, site_day, subscription

pytestmark = pytest.mark.django_db


def test_a_period_of_the_last_seven_days_ends_today():
    period = Period.last(7)

    assert (period.since, period.until, period.days) == (days_ago(6), days_ago(0), 7)


def test_every_day_of_the_period_is_listed_with_zeros_where_nothing_was_counted():
    site_day(2, views=30, visitors=12)

    days = reports.daily(Period.last(3))

    assert [(day.day, day.views, day.visitors) for day in days] == [
        (days_ago(2), 30, 12),
        (days_ago(1), 0, 0),
        (days_ago(0), 0, 0),
    ]


def test_days_just_outside_the_period_are_not_counted():
    site_day(7, views=1000, visitors=1000)
    site_day(6, views=5, visitors=2)
    site_day(0, views=7, visitors=3)

    assert reports.totals(reports.daily(Period.last(7))) == {"views": 12, "visitors": 5}


def test_top_articles_add_up_their_days_and_count_confirmed_subscribes_in_the_period():
    popular = make_article(title="Popular")
    quiet = make_article(title="Quiet")
    make_article(title="Never read")
    for days, views, visitors in [(0, 40, 30), (3, 60, 50), (9, 500, 400)]:
        PageDay.objects.create(
            day=days_ago(days), path=f"/p/{days}/", article=popular, views=views, visitors=visitors
        )
    PageDay.objects.create(day=days_ago(1), path="/q/", article=quiet, views=10, visitors=8)
    PageDay.objects.create(day=days_ago(1), path="/", views=900, visitors=700)
    subscription(popular, confirmed_at=timezone.now())
    subscription(popular, confirmed_at=timezone.now() - datetime.timedelta(days=2))
    subscription(popular, confirmed_at=None)
    subscription(popular, confirmed_at=at_noon(days_ago(9)))
    subscription(quiet, confirmed_at=timezone.now())

    rows = reports.top_articles(Period.last(7))

    assert rows == [
        {
            "pk": popular.pk,
            "title": "Popular",
            "views": 100,
            "visitors": 80,
            "subscribes": 2,
            "conversion": 2.5,
        },
        {
            "pk": quiet.pk,
            "title": "Quiet",
            "views": 10,
            "visitors": 8,
            "subscribes": 1,
            "conversion": 12.5,
        },
    ]


def test_an_article_with_subscribes_but_no_counted_visitors_has_no_conversion():
    article = make_article(title="Subscribed from")
    subscription(article, confirmed_at=timezone.now())

    [row] = reports.top_articles(Period.last(7))

    assert (row["subscribes"], row["conversion"]) == (1, None)


def test_subscribes_confirmed_before_midnight_at_the_start_of_the_period_are_left_out():
    article = make_article()
    period = Period.last(7)
    midnight = datetime.datetime.combine(
        period.since, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    subscription(article, confirmed_at=midnight - datetime.timedelta(seconds=1))
    subscription(article, confirmed_at=midnight)

    [row] = reports.top_articles(period)

    assert row["subscribes"] == 1


def test_top_articles_are_limited_to_the_most_read():
    for views in range(1, 6):
        PageDay.objects.create(
            day=days_ago(0), path=f"/{views}/", article=make_article(), views=views, visitors=1
        )

    rows = reports.top_articles(Period.last(7), limit=2)

    assert [row["views"] for row in rows] == [5, 4]


def test_top_referrers_add_up_their_days_most_views_first():
    for days, source, views in [
        (0, "Google", 5),
        (1, "Google", 7),
        (2, "Bing", 9),
        (8, "Bing", 50),
    ]:
        ReferrerDay.objects.create(day=days_ago(days), source=source, views=views)

    assert reports.top_referrers(Period.last(7)) == [
        {"source": "Google", "views": 12},
        {"source": "Bing", "views": 9},
    ]


def test_devices_list_every_kind_with_its_share_of_views():
    DeviceDay.objects.create(day=days_ago(0), device=Device.PHONE, views=30)
    DeviceDay.objects.create(day=days_ago(1), device=Device.PHONE, views=30)
    DeviceDay.objects.create(day=days_ago(1), device=Device.DESKTOP, views=20)

    assert reports.devices(Period.last(7)) == [
        {"device": "Phone", "views": 60, "share": 75.0},
        {"device": "Tablet", "views": 0, "share": 0.0},
        {"device": "Desktop", "views": 20, "share": 25.0},
    ]


def test_devices_have_no_share_when_nothing_was_counted():
    assert {row["share"] for row in reports.devices(Period.last(7))} == {None}


def test_searches_add_up_and_say_whether_the_latest_search_found_something():
    SearchDay.objects.create(day=days_ago(3), terms="vat", searches=4, found=False)
    SearchDay.objects.create(day=days_ago(1), terms="vat", searches=2, found=True)
    SearchDay.objects.create(day=days_ago(2), terms="payroll", searches=3, found=False)
    SearchDay.objects.create(day=days_ago(20), terms="payroll", searches=90, found=True)

    assert reports.searches(Period.last(7)) == [
        {"terms": "vat", "searches": 6, "found": True},
        {"terms": "payroll", "searches": 3, "found": False},
    ]


def test_searches_not_found_are_those_whose_latest_search_found_nothing():
    SearchDay.objects.create(day=days_ago(3), terms="vat", searches=4, found=False)
    SearchDay.objects.create(day=days_ago(1), terms="vat", searches=2, found=True)
    SearchDay.objects.create(day=days_ago(2), terms="payroll", searches=3, found=False)

    assert reports.searches(Period.last(7), not_found=True) == [
        {"terms": "payroll", "searches": 3, "found": False},
    ]


def test_subscriptions_are_counted_by_the_form_they_came_through():
    now = timezone.now()
    subscription(box=Consent.Box.EZINE_BOX, confirmed_at=now)
    subscription(box=Consent.Box.EZINE_BOX, confirmed_at=now)
    subscription(box=Consent.Box.PROMO, confirmed_at=now)
    subscription(box=Consent.Box.PROMO, confirmed_at=None)
    subscription(box=Consent.Box.PROMO, confirmed_at=at_noon(days_ago(7)))
    subscription(box="", confirmed_at=now)

    assert reports.subscriptions(Period.last(7)) == [
        {"box": "E-zine box on a page", "subscribes": 2},
        {"box": "The e-zine's own page", "subscribes": 0},
        {"box": "A promo's download offer", "subscribes": 1},
    ]


def test_issues_sent_in_the_period_have_their_readers_clicks_and_unsubscribes():
    issue = sent_issue(
        "March",
        days_ago_sent=2,
        sent=10,
        clicked=4,
        unsubscribed=1,
        links=[("https://example.com/a", 3), ("https://example.com/b", 6)],
    )
    sent_issue("Too old", days_ago_sent=8, sent=3, clicked=3)

    [row] = reports.issues(Period.last(7))

    engagement = row["engagement"]
    assert engagement.issue == issue
    assert (engagement.sent, engagement.clicked, engagement.unsubscribed) == (10, 4, 1)
    assert (engagement.clicks, row["click_percent"]) == (9, 40.0)
    assert [(link.url, link.clicks) for link in engagement.links] == [
        ("https://example.com/b", 6),
        ("https://example.com/a", 3),
    ]


def test_an_issue_without_links_has_no_clicks():
    sent_issue("Plain", sent=2)

    [row] = reports.issues(Period.last(7))

    assert (row["engagement"].clicks, row["engagement"].clicked) == (0, 0)
    assert row["engagement"].links == ()


def test_draft_and_sending_issues_are_not_listed():
    make_issue(subject="Draft")
    make_issue(subject="Sending", status=Issue.Status.SENDING, queued_at=timezone.now())

    assert reports.issues(Period.last(7)) == []


def test_an_articles_days_list_its_views_and_subscribes_for_each_day():
    article = make_article()
    PageDay.objects.create(day=days_ago(1), path="/a/", article=article, views=5, visitors=4)
    PageDay.objects.create(day=days_ago(1), path="/old-a/", article=article, views=2, visitors=2)
    subscription(article, confirmed_at=at_noon(days_ago(0)))

    days = reports.article_days(article, Period.last(3))

    assert [(row["views"], row["subscribes"]) for row in days] == [(0, 0), (7, 0), (0, 1)]
