"""The Insights page in the admin: who may open it, the period picker, what it shows, its CSV
files, its link on the admin home and side menu, and its pinned number of queries."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from insights import exports
from insights.models import PageDay, ReferrerDay, SearchDay
from tests.factories import make_article, make_user
from tests.insights.helpers import days_ago, sent_issue, site_day, subscription

pytestmark = pytest.mark.django_db

INSIGHTS = reverse("admin:insights")


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_an_editor_sees_the_insights_page(editor_client):
    response = editor_client.get(INSIGHTS)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/insights/insights.html"


def test_a_staff_user_without_the_permission_is_refused(client):
    client.force_login(make_user("clerk", is_staff=True))

    assert client.get(INSIGHTS).status_code == 403


def test_a_staff_user_given_the_permission_sees_the_page(client):
    user = make_user("owner", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)

    assert client.get(INSIGHTS).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(INSIGHTS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_page_shows_the_last_30_days_unless_told_otherwise(editor_client):
    site_day(29, views=11, visitors=5)
    site_day(30, views=1000, visitors=1000)

    response = editor_client.get(INSIGHTS)

    assert response.context["period"].days == 30
    assert response.context["totals"] == {"views": 11, "visitors": 5}
    assert len(response.context["chart"].bars) == 30


def test_a_preset_period_is_chosen_with_days(editor_client):
    site_day(6, views=3, visitors=1)
    site_day(8, views=50, visitors=20)

    response = editor_client.get(INSIGHTS, {"days": 7})

    assert response.context["totals"] == {"views": 3, "visitors": 1}
    assert '<a href="?days=7" aria-current="page">Last 7 days</a>' in response.content.decode()


def test_custom_dates_choose_the_period(editor_client):
    site_day(10, views=4, visitors=2)
    site_day(9, views=6, visitors=3)
    site_day(8, views=100, visitors=50)

    response = editor_client.get(
        INSIGHTS, {"since": days_ago(10).isoformat(), "until": days_ago(9).isoformat()}
    )

    assert response.context["period"].days == 2
    assert response.context["totals"] == {"views": 10, "visitors": 5}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-45", "until": "2026-11-30"}, "Enter a valid date."),
        ({"since": "2026-11-30", "until": "2026-11-01"}, "The first day comes after the last."),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "Counts are kept for about 25 months"),
        ({"since": "0001-01-01", "until": "0001-01-02"}, "Counts are kept for about 25 months"),
        ({"since": "2026-11-01"}, "Give the last day too."),
        ({"until": "2026-11-01"}, "Give the first day too."),
        ({"days": "12"}, "Choose the last 7, 30 or 90 days, or two dates."),
        ({"since": "<script>", "until": "x" * 500}, "Enter a valid date."),
    ],
)
def test_bad_dates_give_a_clear_error_and_the_last_30_days(editor_client, query, message):
    response = editor_client.get(INSIGHTS, query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Please correct the error below." in response.content.decode()
    assert response.context["period"].days == 30


def test_a_period_reaching_past_today_ends_today(editor_client):
    response = editor_client.get(
        INSIGHTS, {"since": days_ago(2).isoformat(), "until": "9999-12-31"}
    )

    assert (response.context["period"].since, response.context["period"].until) == (
        days_ago(2),
        days_ago(0),
    )


def test_a_period_that_has_not_begun_is_refused(editor_client):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = editor_client.get(INSIGHTS, {"since": tomorrow, "until": tomorrow})

    assert "That period has not begun yet." in response.content.decode()


def test_the_page_lists_articles_referrers_searches_and_issues(editor_client):
    article = make_article(title="Pricing Your First Job")
    PageDay.objects.create(day=days_ago(0), path="/p/", article=article, views=40, visitors=20)
    subscription(article, confirmed_at=timezone.now())
    ReferrerDay.objects.create(day=days_ago(0), source="DuckDuckGo", views=9)
    SearchDay.objects.create(day=days_ago(0), terms="vat return", searches=4, found=False)
    sent_issue("The March e-zine", sent=5, clicked=2, unsubscribed=1)

    page = editor_client.get(INSIGHTS).content.decode()

    for text in ["Pricing Your First Job", "DuckDuckGo", "vat return", "The March e-zine"]:
        assert text in page
    assert '<td class="insights-number">5.0</td>' in page  # 1 subscribe per 20 visitors


def test_the_chart_has_its_numbers_as_a_table_too(editor_client):
    site_day(0, views=1234, visitors=567)

    response = editor_client.get(INSIGHTS, {"days": 7})

    assert 'role="img"' in response.content.decode()
    assert "<caption>Views and visitors per day</caption>" in response.content.decode()
    assert '<td class="insights-number">1,234</td>' in response.content.decode()


def test_each_table_downloads_as_csv_for_the_same_period(editor_client):
    site_day(1, views=8, visitors=3)

    response = editor_client.get(INSIGHTS, {"days": 7, "format": "csv", "table": "days"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"insights-days-{days_ago(6).isoformat()}-to-{days_ago(0).isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = csv_rows(response)
    assert rows[0] == ["Day", "Views", "Visitors"]
    assert len(rows) == 8
    assert rows[6] == [days_ago(1).isoformat(), "8", "3"]


def test_the_page_links_to_every_tables_csv(editor_client):
    page = editor_client.get(INSIGHTS, {"days": 7}).content.decode()

    for table in ["days", "articles", "referrers", "devices", "searches", "not-found", "issues"]:
        assert f'href="?days=7&amp;format=csv&amp;table={table}"' in page


def test_every_table_downloads(editor_client):
    for table, (header, _) in exports.TABLES.items():
        response = editor_client.get(INSIGHTS, {"format": "csv", "table": table})

        assert csv_rows(response)[0] == header, table


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(editor_client):
    for terms in ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "plain"]:
        SearchDay.objects.create(day=days_ago(0), terms=terms, searches=1, found=True)

    response = editor_client.get(INSIGHTS, {"format": "csv", "table": "searches"})

    assert sorted(row[0] for row in csv_rows(response)[1:]) == [
        "'+1",
        "'-1",
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
        "plain",
    ]


def test_csv_of_the_articles_has_all_of_them(editor_client):
    for number in range(25):
        PageDay.objects.create(
            day=days_ago(0), path=f"/{number}/", article=make_article(), views=1, visitors=1
        )

    response = editor_client.get(INSIGHTS, {"format": "csv", "table": "articles"})

    assert len(csv_rows(response)) == 26


def test_csv_of_custom_dates_keeps_them(editor_client):
    since, until = days_ago(10).isoformat(), days_ago(9).isoformat()
    page = editor_client.get(INSIGHTS, {"since": since, "until": until}).content.decode()

    assert f'href="?since={since}&amp;until={until}&amp;format=csv&amp;table=days"' in page


def test_an_unknown_csv_table_is_not_found(editor_client):
    response = editor_client.get(INSIGHTS, {"format": "csv", "table": "passwords"})

    assert response.status_code == 404


def test_the_admin_home_links_to_insights_with_the_last_weeks_numbers(editor_client):
    site_day(0, views=70, visitors=30)
    site_day(8, views=50, visitors=20)

    page = editor_client.get(reverse("admin:index")).content.decode()

    assert f'<a href="{INSIGHTS}">Insights: what is read' in page
    assert "<strong>70</strong> views and <strong>30</strong> visitors in the last 7 days" in page
    assert "(50 views in the 7 days before)" in page


def test_the_side_menu_lists_insights_for_editors(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    assert f'<a href="{INSIGHTS}">Insights</a>' in response.content.decode()


def test_staff_without_the_permission_see_no_insights_link(client):
    user = make_user("writer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    page = client.get(reverse("admin:index")).content.decode()

    assert INSIGHTS not in page


def build_rows(each):
    """Make `each` articles, referrers, searches and issues with counts in the last 30 days."""
    for number in range(each):
        article = make_article()
        for days in range(3):
            site_day(days + number * 3, views=10, visitors=5)
            PageDay.objects.create(
                day=days_ago(days), path=f"/{number}/", article=article, views=3, visitors=2
            )
        subscription(article, confirmed_at=timezone.now())
        ReferrerDay.objects.create(day=days_ago(0), source=f"site{number}.example", views=2)
        SearchDay.objects.create(day=days_ago(0), terms=f"terms {number}", searches=1)
        sent_issue(f"Issue {number}", sent=2, clicked=1, links=[(f"https://x.example/{number}", 1)])


# The session and user, the user's permissions (through the Editors group), then the page's
# own: days, articles, referrers, devices, searches, searches not found, subscriptions by
# form, issues, their links.
INSIGHTS_QUERIES = 2 + 2 + 9


@pytest.mark.parametrize("each", [1, 6])
def test_the_page_runs_the_same_queries_however_many_rows(
    editor_client, django_assert_num_queries, each
):
    build_rows(each)

    with django_assert_num_queries(INSIGHTS_QUERIES):
        editor_client.get(INSIGHTS)


def test_the_page_has_no_inline_script_or_style_for_the_admins_policy(editor_client):
    site_day(0, views=5, visitors=2)

    page = editor_client.get(INSIGHTS).content.decode()

    assert " style=" not in page
    assert "<style" not in page
    assert "<script>" not in page
