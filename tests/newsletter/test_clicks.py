"""Links in sent issues: counted through our signed redirect, per issue and link; unsubscribes
counted per issue; and the figures the Insights page reads (newsletter.engagement)."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import engagement, sending, tokens
from newsletter.models import Delivery, IssueLink, Subscriber
from tests.factories import make_article, make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
GUIDE = "https://example.org/pricing-guide/?from=ezine&month=june"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
COUNTED_LINK = re.compile(re.escape(SITE) + r"/newsletter/link/[^/\s\"<>]+/")


@pytest.fixture
def reader():
    """A browser without cookies, as a reader who opens a link from their mail program."""
    return Client(headers={"user-agent": BROWSER})


@pytest.fixture
def issue():
    article = make_article(title="Pricing For Profit")
    return make_issue(
        articles=[article],
        body=f"Read [the pricing guide]({GUIDE}) before you set this year's prices.",
    )


def send(issue):
    sending.queue_issue(issue)
    sending.send_issue(issue)


def copies():
    """Return each reader's copy of the issue: {address: (text, html)}."""
    return {message.to[0]: (message.body, message.alternatives[0][0]) for message in mail.outbox}


def counted_links(part):
    return COUNTED_LINK.findall(part)


def path(url):
    return url.removeprefix(SITE)


def test_every_link_in_a_copy_goes_through_the_counter_in_both_parts(issue):
    make_subscriber()

    send(issue)

    [(text, html)] = copies().values()
    article_url = SITE + issue.articles.get().get_absolute_url()
    for part in (text, html):
        assert GUIDE not in part
        assert article_url not in part
        assert len(set(counted_links(part))) == 2
    assert set(counted_links(text)) == set(counted_links(html))
    assert set(IssueLink.objects.values_list("url", flat=True)) == {GUIDE, article_url}


def test_following_a_link_sends_the_reader_to_its_address(issue, reader):
    make_subscriber()
    send(issue)
    [(text, _)] = copies().values()

    response = reader.get(path(counted_links(text)[0]))

    assert response.status_code == 302
    assert response["Location"] == GUIDE
    assert "no-cache" in response["Cache-Control"]


def test_clicks_are_counted_per_link_and_readers_who_clicked_per_copy(issue, reader):
    first, second, third = (make_subscriber() for _ in range(3))
    send(issue)
    sent = copies()
    guide_in_first = counted_links(sent[first.email][0])[0]
    article_in_second = counted_links(sent[second.email][0])[1]

    reader.get(path(guide_in_first))
    reader.get(path(guide_in_first))
    reader.get(path(article_in_second))

    clicks = dict(IssueLink.objects.values_list("url", "clicks"))
    assert clicks == {GUIDE: 2, SITE + issue.articles.get().get_absolute_url(): 1}
    clicked = set(Delivery.objects.filter(clicked=True).values_list("subscriber", flat=True))
    assert clicked == {first.pk, second.pk}


def test_the_counter_leaves_out_head_requests_prefetches_and_robots(issue):
    make_subscriber()
    send(issue)
    [(text, _)] = copies().values()
    link = path(counted_links(text)[0])
    visits = {
        "HEAD": lambda: Client(headers={"user-agent": BROWSER}).head(link),
        "prefetch": lambda: Client(headers={"user-agent": BROWSER, "sec-purpose": "prefetch"}).get(
            link
        ),
        "robot": lambda: Client(
            headers={"user-agent": "Mozilla/5.0 (compatible; bingbot/2.0)"}
        ).get(link),
        "link scanner": lambda: Client(headers={"user-agent": "python-requests/2.32"}).get(link),
        "no user agent": lambda: Client().get(link),
    }
    for name, visit in visits.items():
        response = visit()
        assert response.status_code == 302, name
        assert response["Location"] == GUIDE, name

    assert IssueLink.objects.get(url=GUIDE).clicks == 0
    assert not Delivery.objects.filter(clicked=True).exists()


def test_a_tampered_or_made_up_link_shows_a_friendly_page(issue, reader):
    make_subscriber()
    send(issue)
    [(text, _)] = copies().values()
    token = path(counted_links(text)[0]).split("/")[-2]
    other_issue = make_issue(subject="Another issue")
    other_link = IssueLink.objects.create(issue=other_issue, url="https://example.com/elsewhere/")
    bad_tokens = {
        "tampered": token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),
        "made up": "not-a-token",
        "another issue's link": tokens.make_link_token(issue.pk, other_link.pk, 1),
        "signed for something else": signing.Signer(salt="newsletter.link").sign_object("x"),
    }

    for name, bad in bad_tokens.items():
        response = reader.get(reverse("newsletter:follow_link", args=[bad]))
        assert response.status_code == 404, name
        assert "newsletter/link_unknown.html" in [t.name for t in response.templates], name
        assert "This link does not work" in response.content.decode(), name
    assert IssueLink.objects.get(url=GUIDE).clicks == 0


def test_a_link_whose_copy_is_gone_still_works_and_counts_the_link(issue, reader):
    link = IssueLink.objects.create(issue=issue, url=GUIDE)
    token = tokens.make_link_token(issue.pk, link.pk, 987654)

    response = reader.get(reverse("newsletter:follow_link", args=[token]))

    assert response.status_code == 302
    assert response["Location"] == GUIDE
    link.refresh_from_db()
    assert link.clicks == 1


def test_the_redirect_goes_only_to_the_recorded_address_whatever_the_query_says(issue, reader):
    link = IssueLink.objects.create(issue=issue, url=GUIDE)
    url = reverse("newsletter:follow_link", args=[tokens.make_link_token(issue.pk, link.pk, 0)])

    response = reader.get(url, {"next": "https://evil.example/", "url": "https://evil.example/"})

    assert response["Location"] == GUIDE


def test_the_issue_on_the_web_keeps_the_original_links(issue, client):
    make_subscriber()
    send(issue)

    body = client.get(issue.get_absolute_url()).content.decode()

    assert 'href="https://example.org/pricing-guide/?from=ezine&amp;month=june"' in body
    assert "/newsletter/link/" not in body


def test_test_copies_from_the_admin_keep_the_original_links_and_count_nothing(issue, editor_client):
    url = reverse("admin:newsletter_issue_send_test", args=[issue.pk])

    editor_client.post(url, {"address": "colleague@example.org"})

    [message] = mail.outbox
    assert GUIDE in message.body
    assert "/newsletter/link/" not in message.body
    assert not IssueLink.objects.exists()


# Unsubscribes per issue.


def unsubscribe_link(message):
    return path(message.extra_headers["List-Unsubscribe"].strip("<>"))


def test_leaving_through_a_copys_link_marks_that_copy(issue):
    readers = [make_subscriber() for _ in range(3)]
    send(issue)
    message = next(m for m in mail.outbox if m.to == [readers[1].email])
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_link(message), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    left = Delivery.objects.filter(unsubscribed=True).values_list("subscriber", flat=True)
    assert list(left) == [readers[1].pk]
    readers[1].refresh_from_db()
    assert readers[1].status == Subscriber.Status.UNSUBSCRIBED


def test_the_unsubscribe_link_in_the_text_marks_the_copy_too(issue, client):
    make_subscriber()
    send(issue)
    [message] = mail.outbox
    [link] = [word for word in message.body.split() if "/newsletter/unsubscribe/" in word]

    client.post(path(link))

    assert Delivery.objects.get().unsubscribed


def test_someone_who_already_left_counts_for_no_issue(issue, client):
    subscriber = make_subscriber()
    send(issue)
    link = unsubscribe_link(mail.outbox[0])
    subscriber.unsubscribe()

    client.post(link)

    assert not Delivery.objects.get().unsubscribed


# The figures for the Insights page.


def today():
    return timezone.localdate()


def test_issue_engagement_reports_the_clicks_and_unsubscribes_readers_made(issue, reader):
    first, second, _ = (make_subscriber() for _ in range(3))
    send(issue)
    sent = copies()
    reader.get(path(counted_links(sent[first.email][0])[0]))
    reader.get(path(counted_links(sent[first.email][0])[0]))
    reader.get(path(counted_links(sent[second.email][0])[1]))
    Client().post(unsubscribe_link(mail.outbox[2]))

    [figures] = engagement.issue_engagement(today() - timedelta(days=6), today())

    article_url = SITE + issue.articles.get().get_absolute_url()
    assert figures.issue == issue
    assert (figures.sent, figures.clicked, figures.unsubscribed) == (3, 2, 1)
    assert figures.links == (
        engagement.LinkClicks(GUIDE, 2),
        engagement.LinkClicks(article_url, 1),
    )
    assert figures.clicks == 3


def test_issue_engagement_lists_only_issues_sent_in_the_period(issue):
    make_subscriber()
    send(issue)
    issue.refresh_from_db()
    draft = make_issue()

    last_week = engagement.issue_engagement(today() - timedelta(days=7), today())
    before = engagement.issue_engagement(today() - timedelta(days=30), today() - timedelta(days=8))

    assert [figures.issue for figures in last_week] == [issue]
    assert draft not in [figures.issue for figures in last_week]
    assert before == []


def test_issue_engagement_takes_two_queries_however_many_issues(django_assert_num_queries):
    make_subscriber()
    for _ in range(3):
        issue = make_issue(body=f"See {GUIDE} and https://example.com/more/.")
        send(issue)

    with django_assert_num_queries(2):
        figures = engagement.issue_engagement(today(), today())

    assert [len(f.links) for f in figures] == [2, 2, 2]


def test_links_to_this_site_are_counted_in_the_text_part_too_and_pictures_never():
    make_subscriber()
    issue = make_issue(
        body="See [the blog](/blog/).\n\n![A till receipt](https://example.org/receipt.png)"
    )

    send(issue)

    [(text, html)] = copies().values()
    assert "(/blog/)" not in text
    assert set(counted_links(text)) == set(counted_links(html))
    assert list(IssueLink.objects.values_list("url", flat=True)) == [f"{SITE}/blog/"]
    assert 'src="https://example.org/receipt.png"' in html
    assert "[A till receipt]" in text
