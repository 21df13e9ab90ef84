"""A reader subscribes from an article, confirms from the email, and later leaves, in Chromium.

The emails are real: the site sends them through Django's test mail backend, which keeps them
in django.core.mail.outbox. The live server runs in a thread of the test's own process, so
the test reads the very messages the server sent, and opens them in the browser as a reader
opens them in a mail client, following their links back to the live server.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsletter.models import PrivacyNotice, Subscriber
from tests.factories import make_issue

# The farthest the privacy notice may be from the Subscribe button, in CSS pixels.
BESIDE = 32


@pytest.fixture
def emails_to_live_server(settings, live_server, mailoutbox):
    """The test mail outbox, with the links in emails pointing at the live server."""
    settings.SITE_URL = live_server.url
    return mailoutbox


def gap_between(first, second):
    """Return the distance in CSS pixels between two elements' boxes (0 if they touch)."""
    a, b = first.bounding_box(), second.bounding_box()
    across = max(0, b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]))
    down = max(0, b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]))
    return (across**2 + down**2) ** 0.5


def subscribe_box(page):
    return page.get_by_role("region", name="Get the free monthly e-zine")


def check_privacy_notice_is_beside_the_button(page):
    """The privacy notice is on screen right by the Subscribe button, not just somewhere."""
    box = subscribe_box(page)
    button = box.get_by_role("button", name="Subscribe")
    notice = box.get_by_text(PrivacyNotice.objects.current().summary)
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    expect(notice).to_be_in_viewport()
    assert gap_between(button, notice) <= BESIDE
    expect(notice.get_by_role("link", name="Read our privacy notice")).to_have_attribute(
        "href", "/newsletter/privacy/"
    )


def emails_to(outbox, address):
    return [message for message in outbox if message.to == [address]]


def open_email(context, message):
    """Show an email's HTML part in a new tab, as a mail client shows it."""
    html = next(alt.content for alt in message.alternatives if alt.mimetype == "text/html")
    reader = context.new_page()
    reader.set_content(html)
    return reader


def test_reader_subscribes_confirms_and_later_unsubscribes(
    page, phone, site, emails_to_live_server
):
    outbox = emails_to_live_server
    article_url = site.article.get_absolute_url()
    phone.goto(article_url)
    check_privacy_notice_is_beside_the_button(phone)
    page.goto(article_url)
    check_privacy_notice_is_beside_the_button(page)

    box = subscribe_box(page)
    box.get_by_label("Your e-mail address").fill("sam@example.com")
    box.get_by_label("First name (optional)").fill("Sam")
    box.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    # The page repeats the address typed, and leads back to the article.
    expect(page.get_by_text("sam@example.com")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the page you were reading")).to_have_attribute(
        "href", article_url
    )
    assert "sam" not in page.url

    # The live server sent it, in its own thread, to the outbox this test reads.
    [confirmation] = emails_to(outbox, "sam@example.com")
    assert "Sam" in confirmation.body
    email = open_email(page.context, confirmation)
    email.get_by_role("link", name="Confirm my subscription").click()
    expect(email.get_by_role("heading", level=1)).to_have_text("One more click")
    assert Subscriber.objects.get(email="sam@example.com").status == "pending"
    email.get_by_role("button", name="Confirm my subscription").click()
    expect(email.get_by_role("heading", level=1)).to_have_text("Thank you: you are subscribed")
    subscriber = Subscriber.objects.get(email="sam@example.com")
    assert subscriber.status == "confirmed"
    assert subscriber.consents.get().source == article_url

    # The welcome email: what comes and when, something to read now, how to leave.
    [welcome] = [m for m in emails_to(outbox, "sam@example.com") if m.subject.startswith("Welcome")]
    assert welcome.body.startswith("Hello Sam,")
    email = open_email(page.context, welcome)
    expect(email.get_by_text("Once a month")).to_be_visible()
    expect(email.get_by_role("link", name=site.article.title)).to_be_visible()
    expect(email.get_by_role("link", name="Unsubscribe with one click")).to_have_attribute(
        "href", welcome.extra_headers["List-Unsubscribe"].strip("<>")
    )
    email.get_by_role("link", name=site.article.title).click()
    expect(email.get_by_role("heading", level=1)).to_have_text(site.article.title)

    issue = make_issue(subject="Your first e-zine", articles=[site.article])
    call_command("send_issue", issue.pk, stdout=StringIO())
    [issue_email] = [
        message
        for message in emails_to(outbox, "sam@example.com")
        if message.subject == issue.subject
    ]
    email = open_email(page.context, issue_email)
    expect(email.get_by_role("link", name=site.article.title)).to_be_visible()
    unsubscribe_link = email.get_by_role("link", name="Unsubscribe with one click")
    assert issue_email.extra_headers["List-Unsubscribe"] == (
        f"<{unsubscribe_link.get_attribute('href')}>"
    )
    unsubscribe_link.click()
    expect(email.get_by_role("heading", level=1)).to_have_text("Leave the e-zine?")
    email.get_by_role("button", name="Unsubscribe").click()
    expect(email.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.get_status_display() == "Unsubscribed"


def test_subscribing_from_search_results_leads_back_to_the_same_results(page, site, artifacts):
    page.goto("/search/?q=price+%26+value")
    subscribe_box(page).get_by_label("Your e-mail address").fill("sam@example.com")
    subscribe_box(page).get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("sam@example.com")).to_be_visible()

    page.get_by_role("link", name="Back to the page you were reading").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value("price & value")
    page.screenshot(path=artifacts / "search-after-subscribing.png", full_page=True)
