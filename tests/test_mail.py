"""The development mail backend writes each email where a person can read and click it."""

import pytest
from django.contrib.auth.models import User

from newsletter import emails
from tests.factories import make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "smallbiz.mail.ReadableFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    return tmp_path


def test_an_issue_is_written_as_readable_text_beside_its_html(mail_folder, settings):
    settings.SITE_URL = "https://www.a-rather-long-domain-name-for-a-publisher.example"
    editor = User.objects.create(username="editor", email="editor@example.com")

    emails.send_test(make_issue(subject="The June e-zine"), editor)

    [text] = mail_folder.glob("*.txt")
    [html] = mail_folder.glob("*.html")
    assert html.stem == text.stem
    lines = text.read_text().splitlines()
    assert "Subject: [Test] The June e-zine" in lines
    assert "To: editor@example.com" in lines
    [header] = [line for line in lines if line.startswith("List-Unsubscribe: ")]
    link = header.removeprefix("List-Unsubscribe: <").removesuffix(">")
    assert link.startswith(f"{settings.SITE_URL}/newsletter/unsubscribe/")
    # The text part is written as it was, so its links are whole, to be opened from the file.
    assert f"Unsubscribe with one click: {link}" in lines
    assert html.read_text().startswith("<!doctype html>")
