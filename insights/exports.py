"""The Insights page's tables as CSV files, one per table, for the same period as the page."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from insights import reports

# Cells a spreadsheet would run as a formula: such text starts with a quote instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return `value` as a CSV cell that no spreadsheet reads as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def days_rows(period):
    return [[day.day.isoformat(), day.views, day.visitors] for day in reports.daily(period)]


def articles_rows(period):
    return [
        [row["title"], row["views"], row["visitors"], row["subscribes"], row["conversion"]]
        for row in reports.top_articles(period, limit=None)
    ]


def referrers_rows(period):
    return [[row["source"], row["views"]] for row in reports.top_referrers(period, limit=None)]


def devices_rows(period):
    return [[row["device"], row["views"], row["share"]] for row in reports.devices(period)]


def searches_rows(period):
    return [
        [row["terms"], row["searches"], "yes" if row["found"] else "no"]
        for row in reports.searches(period, limit=None)
    ]


def not_found_rows(period):
    return [
        [row["terms"], row["searches"]]
        for row in reports.searches(period, limit=None, not_found=True)
    ]


def subscriptions_rows(period):
    return [[row["box"], row["subscribes"]] for row in reports.subscriptions(period)]


def issues_rows(period):
    return [
        [
            row["engagement"].issue.subject,
            timezone.localdate(row["engagement"].issue.sent_at).isoformat(),
            row["engagement"].sent,
            row["engagement"].clicked,
            row["click_percent"],
            row["engagement"].clicks,
            row["engagement"].unsubscribed,
        ]
        for row in reports.issues(period)
    ]


def links_rows(period):
    return [
        [row["engagement"].issue.subject, link.url, link.clicks]
        for row in reports.issues(period)
        for link in row["engagement"].links
    ]


# Each table's name in ?table=, its header row and its rows.
TABLES = {
    "days": (["Day", "Views", "Visitors"], days_rows),
    "articles": (
        ["Article", "Views", "Visitors", "Subscribes", "Subscribes per 100 visitors"],
        articles_rows,
    ),
    "referrers": (["Came from", "Views"], referrers_rows),
    "devices": (["Device", "Views", "Share of views (%)"], devices_rows),
    "searches": (["Searched for", "Searches", "Latest search found something"], searches_rows),
    "not-found": (["Searched for, found nothing", "Searches"], not_found_rows),
    "subscriptions": (["Subscribed through", "Subscribes"], subscriptions_rows),
    "issues": (
        [
            "Issue",
            "Sent",
            "Copies sent",
            "Readers who clicked",
            "Readers who clicked per 100 copies",
            "Clicks",
            "Unsubscribes",
        ],
        issues_rows,
    ),
    "links": (["Issue", "Link", "Clicks"], links_rows),
}


def csv_response(table, period):
    """Return the named table for the period as a CSV download."""
    header, rows = TABLES[table]
    filename = f"insights-{table}-{period.since.isoformat()}-to-{period.until.isoformat()}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows(period):
        writer.writerow([safe_cell(cell) for cell in row])
    return response
