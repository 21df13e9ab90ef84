"""From events to the Insights page: visitors read, search, subscribe through different
forms and follow links in a sent issue, all through real requests; after `insights_flush`
the page (and its CSV files) shows exactly those numbers."""

import csv
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from insights import counting
from newsletter import sending
from tests.factories import make_article, make_issue

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
INSIGHTS = reverse("admin:insights")
FORM = re.compile(
    r'<form class="subscribe-form ?([^"]*)" action="([^"]+)" method="post">(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
COUNTED_LINK = re.compile(re.escape(SITE) + r"(/newsletter/link/[^/\s\"<>]+/)")
GUIDE = "https://example.org/a-pricing-guide/"


@pytest.fixture(autouse=True)
def counting_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.INSIGHTS_ENABLED = True
    counting.tally.take()
    yield
    counting.tally.take()


def visitor(number):
    """A browser without cookies, from its own address."""
    return Client(headers={"user-agent": BROWSER}, REMOTE_ADDR=f"192.0.2.{number}")


def subscribe_through(client, page, form_class, email):
    body = client.get(page).content.decode()
    [(action, fields)] = [
        (action, fields) for classes, action, fields in FORM.findall(body) if classes == form_class
    ]
    response = client.post(action, {**dict(HIDDEN.findall(fields)), "email": email})
    assert response.status_code == 302


def confirm(client, email):
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = next(word for word in message.body.split() if "/confirm/" in word).removeprefix(SITE)
    page = client.get(link)
    client.post(link, {"csrfmiddlewaretoken": page.context.get("csrf_token", "")})


def csv_table(editor_client, table):
    response = editor_client.get(INSIGHTS, {"days": 7, "format": "csv", "table": table})
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


def test_the_insights_page_shows_the_events_visitors_made(editor_client):
    pricing = make_article(title="Pricing for profit")
    make_article(title="Hiring your first employee")

    # Searches: two that find the article (the second from the page cache), one that finds
    # nothing.
    for number in (1, 2):
        visitor(number).get(reverse("articles:search"), {"q": "Pricing"})
    visitor(3).get(reverse("articles:search"), {"q": "unicorn farming"})

    # Subscriptions: two beside the article through its e-zine box (one never confirms), one
    # on the e-zine's own page.
    reader = visitor(4)
    subscribe_through(
        reader, pricing.get_absolute_url(), "subscribe-form-compact", "ann@example.com"
    )
    confirm(reader, "ann@example.com")
    subscribe_through(
        visitor(5), pricing.get_absolute_url(), "subscribe-form-compact", "never@example.com"
    )
    reader = visitor(6)
    subscribe_through(reader, reverse("newsletter:subscribe"), "", "bob@example.com")
    confirm(reader, "bob@example.com")

    # An issue to the two confirmed readers: Ann follows the guide link twice, Bob not at all.
    issue = make_issue(subject="June", body=f"Read [the guide]({GUIDE}).", articles=[])
    mail.outbox.clear()
    sending.queue_issue(issue)
    sending.send_issue(issue)
    ann_copy = next(m for m in mail.outbox if m.to == ["ann@example.com"])
    [guide_link] = set(COUNTED_LINK.findall(ann_copy.body))
    for _ in range(2):
        assert visitor(4).get(guide_link).status_code == 302

    call_command("insights_flush", stdout=io.StringIO())

    assert sorted(csv_table(editor_client, "searches")) == [
        ["pricing", "2", "yes"],
        ["unicorn farming", "1", "no"],
    ]
    assert csv_table(editor_client, "not-found") == [["unicorn farming", "1"]]
    assert dict(csv_table(editor_client, "subscriptions")) == {
        "E-zine box on a page": "1",
        "The e-zine's own page": "1",
        "A promo's download offer": "0",
    }
    articles = {row[0]: row for row in csv_table(editor_client, "articles")}
    assert articles["Pricing for profit"][3] == "1"  # subscribes beside it
    [june] = csv_table(editor_client, "issues")
    assert june[0] == "June" and june[2:4] == ["2", "1"]  # sent 2, 1 reader clicked
    assert june[5] == "2"  # clicks in all
    assert csv_table(editor_client, "links") == [["June", GUIDE, "2"]]

    # And the page itself shows the same numbers.
    page = editor_client.get(INSIGHTS, {"days": 7}).content.decode()
    assert "unicorn farming" in page
    assert GUIDE in page
