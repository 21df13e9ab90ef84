"""One name for visitors and readers: the code name "smallbiz" never reaches them."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Category
from newsletter.models import Issue
from tests.factories import make_issue, make_promo, make_subscriber, pdf_upload

pytestmark = pytest.mark.django_db

CODE_NAME = "smallbiz"
SITE_NAME = "More for Small Business"
# Attributes whose values people see or hear: tooltips, alt text, labels, placeholders and the
# descriptions that search engines and link previews show.
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value", "content"}


class VisibleText(HTMLParser):
    """Collect a page's text and its visible attributes, leaving out scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def demo_site(settings):
    settings.SITE_NAME = SITE_NAME
    call_command("load_demo", verbosity=0)


def public_addresses():
    """Every page of the demo site a visitor can open, but the e-zine's token pages."""
    addresses = [
        reverse("articles:index"),
        reverse("articles:blog"),
        reverse("articles:site_index"),
        reverse("articles:search") + "?q=customers",
        reverse("articles:search") + "?q=zebra",
        reverse("articles:page_detail", args=["about"]),
        reverse("newsletter:subscribe"),
        reverse("newsletter:subscribe_done"),
        reverse("newsletter:privacy"),
        reverse("newsletter:archive"),
        reverse("articles:rss_feed"),
        reverse("articles:atom_feed"),
        "/no-such-page/",
    ]
    addresses += [category.get_absolute_url() for category in Category.objects.all()]
    addresses += [article.get_absolute_url() for article in Article.objects.published()]
    return addresses


def test_no_public_page_shows_the_code_name(demo_site, client):
    for address in public_addresses():
        response = client.get(address)
        assert response.status_code in {200, 404}, address
        assert CODE_NAME not in visible_text(response.content.decode()).lower(), address


def test_the_home_page_title_and_header_say_the_site_name(demo_site, client):
    html = client.get(reverse("articles:index")).content.decode()

    assert f"| {SITE_NAME}</title>" in html
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert SITE_NAME in visible_text(header)


def test_the_site_name_is_the_default_and_the_from_name_of_emails():
    from smallbiz import settings as project_settings

    assert project_settings.SITE_NAME == SITE_NAME
    assert project_settings.DEFAULT_FROM_EMAIL == f"{SITE_NAME} <ezine@localhost>"


def reader_emails(client):
    """Make every email a reader can get and return them: the e-zine's confirmation, an
    issue's copy, and a download's confirmation and link."""
    client.post(reverse("newsletter:subscribe"), {"email": "new@example.com"})
    reader = make_subscriber(email="reader@example.com", first_name="Ann")
    issue = make_issue(subject="Pricing this month", articles=Article.objects.published()[:2])
    call_command("send_issue", str(issue.pk), stdout=StringIO())
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT
    promo = make_promo(download=pdf_upload(), download_title="the planning workbook (PDF)")
    for address in ["another@example.com", reader.email]:
        client.post(reverse("promos:promo_detail", args=[promo.pk]), {"email": address})
    return mail.outbox


def test_no_email_a_reader_gets_shows_the_code_name(demo_site, client):
    messages = reader_emails(client)

    assert len(messages) == 4
    for message in messages:
        html = next(content for content, kind in message.alternatives if kind == "text/html")
        text = " ".join([message.subject, message.body, visible_text(html)])
        assert CODE_NAME not in text.lower(), message.subject
        assert CODE_NAME not in message.from_email.lower(), message.subject
        assert CODE_NAME not in message.extra_headers.get("List-Id", "").lower()
