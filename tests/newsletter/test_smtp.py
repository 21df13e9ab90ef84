"""The sender against a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, and works."""

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from newsletter import sending
from newsletter.models import Issue, Subscriber
from tests.factories import make_article, make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


class Inbox:
    """An aiosmtpd handler that keeps what it receives and counts connections."""

    def __init__(self):
        self.envelopes = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        return [
            (envelope, email.message_from_bytes(envelope.content, policy=email.policy.default))
            for envelope in self.envelopes
        ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def local_path(url):
    assert url.startswith(SITE + "/"), url
    return url.removeprefix(SITE)


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def test_an_issue_sent_over_smtp_arrives_whole_and_its_links_work(smtp_inbox):
    readers = [make_subscriber(first_name=f"Reader {n}") for n in range(3)]
    make_subscriber(status=Subscriber.Status.PENDING)
    article = make_article(title="Pricing For Profit")
    issue = make_issue(subject="The June e-zine — pricing", articles=[article])

    sending.queue_issue(issue)
    counts = sending.send_issue(issue)

    assert counts["sent"] == 3
    assert smtp_inbox.connections == 1
    received = smtp_inbox.messages()
    assert sorted(envelope.rcpt_tos[0] for envelope, _ in received) == sorted(
        reader.email for reader in readers
    )
    envelope, message = next((e, m) for e, m in received if e.rcpt_tos == [readers[0].email])
    assert message["Subject"] == "The June e-zine — pricing"
    assert message["To"] == readers[0].email
    assert message["From"] == "More for Small Business <ezine@localhost>"
    assert message.get_content_type() == "multipart/alternative"

    # The headers as they went over the wire: whole lines, not folded into encoded words.
    raw_headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode().splitlines()
    [unsubscribe] = [
        match[1]
        for line in raw_headers
        if (match := re.fullmatch(r"List-Unsubscribe: <(https?://[^>]+)>", line))
    ]
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw_headers

    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Hello Reader 0,")
    assert "Hello Reader 0," in html
    for part in (text, html):
        assert unsubscribe in part
        assert "1 Example Street" in part
        assert "Pricing For Profit" in part

    # The article's link goes through the click counter, and on to the article.
    browser = Client()
    reached = set()
    for url in links(html):
        response = browser.get(local_path(url), follow=True)
        assert response.status_code == 200, url
        reached.add(response.request["PATH_INFO"])
    assert article.get_absolute_url() in reached

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(local_path(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    readers[0].refresh_from_db()
    assert readers[0].status == Subscriber.Status.UNSUBSCRIBED
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_confirmation_sent_over_smtp_confirms_the_subscription(smtp_inbox):
    Client().post("/newsletter/", {"email": "jane@example.com", "first_name": "Jane"})

    [(envelope, message)] = smtp_inbox.messages()
    assert envelope.rcpt_tos == ["jane@example.com"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [link] = {word for word in text.split() if "/newsletter/confirm/" in word}
    assert f'href="{link}"' in html

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(local_path(link))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    browser.post(local_path(link), {"csrfmiddlewaretoken": page.context["csrf_token"]})

    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
