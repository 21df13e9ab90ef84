"""The text part of an issue reads as a plain-text email, not as the Markdown the editor typed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from newsletter import sending
from newsletter.models import IssueLink
from tests.factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
RECORDS = "https://example.org/keeping-records/?from=ezine"
COUNTED_LINK = re.compile(re.escape(SITE) + r"/newsletter/link/[^/\s\"<>()]+/")
NOTE = f"""## Before the tax year ends

Start by [keeping records]({RECORDS}) of **every** sale, and *read* [our blog](/blog/) before
you raise your prices. Small firms that look at their numbers each month rarely get a
surprise from the tax office, and they sleep better too.

- File receipts the day you get them
- Put money aside for tax

1. Count the stock
2. Chase late invoices
"""


def sent_text(body):
    """Send an issue with this note to one reader; return the text part of their copy."""
    make_subscriber()
    issue = make_issue(body=body)
    sending.queue_issue(issue)
    sending.send_issue(issue)
    [message] = mail.outbox
    return message.body


def test_a_sent_copy_has_no_markdown_link_syntax():
    text = sent_text(NOTE)

    assert "](" not in text
    assert "[keeping records]" not in text
    assert "keeping records\n(" in text


def test_a_sent_copy_shows_each_counted_link_once_after_its_words():
    text = sent_text(NOTE)

    found = COUNTED_LINK.findall(text)
    assert len(found) == len(set(found)) == IssueLink.objects.count() == 2
    assert RECORDS not in text
    for link in found:
        assert f"\n({link})\n" in text


def test_emphasis_markers_are_left_out_and_headings_underlined():
    text = sent_text(NOTE)

    assert "**" not in text
    assert "*read*" not in text
    assert "## " not in text
    assert "Before the tax year ends\n" + "=" * len("Before the tax year ends") + "\n" in text


def test_list_items_keep_their_markers():
    text = sent_text(NOTE)

    assert "- File receipts the day you get them\n- Put money aside for tax\n" in text
    assert "1. Count the stock\n2. Chase late invoices\n" in text


def test_paragraphs_are_wrapped_and_addresses_never_broken():
    text = sent_text(NOTE)

    lines = text.splitlines()
    note = [line for line in lines if "surprise from the tax office" in line]
    assert note
    for line in lines:
        if "http" not in line:
            assert len(line) <= 72, line
    for link in COUNTED_LINK.findall(text):
        assert any(link in line for line in lines)


def test_a_link_whose_words_are_its_address_shows_the_address_once():
    text = sent_text(f"Our guide: <{RECORDS}>.")

    [link] = COUNTED_LINK.findall(text)
    assert text.count("/newsletter/link/") == 1
    assert f"\n{link}.\n" in text


def test_a_test_copy_shows_the_links_own_addresses_after_their_words(editor_client):
    issue = make_issue(body=NOTE)

    editor_client.post(
        reverse("admin:newsletter_issue_send_test", args=[issue.pk]),
        {"address": "colleague@example.org"},
    )

    [message] = mail.outbox
    words = " ".join(message.body.split())
    assert f"keeping records ({RECORDS})" in words
    assert f"our blog ({SITE}/blog/)" in words
    assert "/newsletter/link/" not in words
