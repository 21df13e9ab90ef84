"""The e-zine editor in the admin, as an editor uses it: the greeting, the preview as sent
(a sandboxed frame with its own policy, the text version beside it) and test copies."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter.models import Delivery, Issue
from tests.factories import make_article, make_editor, make_issue, make_user
from tests.newsletter.mailers import FailingBackend, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    """An editor with a name and an address, as My account would leave them."""
    editor = make_editor()
    editor.first_name = "Edie"
    editor.email = "edie@example.com"
    editor.save()
    return editor


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def preview_url(issue):
    return reverse("admin:newsletter_issue_preview", args=[issue.pk])


def email_url(issue):
    return reverse("admin:newsletter_issue_preview_email", args=[issue.pk])


def send_test_url(issue):
    return reverse("admin:newsletter_issue_send_test", args=[issue.pk])


def policy(response):
    """Return the response's Content-Security-Policy as {directive: [values]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def form_data(**fields):
    """The issue form's fields as the browser sends them, with the defaults it shows."""
    data = {
        "subject": "June news",
        "greeting": "Hello {first name},",
        "greeting_fallback": "Hello,",
        "body": "A short note.",
    }
    return {**data, **fields}


# The greeting and placeholders in the issue form


def test_the_issue_form_shows_the_greeting_and_its_fallback_to_edit(editor_client):
    response = editor_client.get(reverse("admin:newsletter_issue_add"))

    form = response.context["adminform"].form
    assert form["greeting"].value() == "Hello {first name},"
    assert form["greeting_fallback"].value() == "Hello,"
    assert "Greeting without a name" in response.content.decode()
    assert (
        form.fields["greeting"].help_text
        == "Write {first name} where the reader's first name goes."
    )


def test_the_body_help_lists_the_placeholder_that_works_and_where(editor_client):
    response = editor_client.get(reverse("admin:newsletter_issue_add"))

    help_text = response.context["adminform"].form.fields["body"].help_text
    assert "the only placeholder is {first name}, and it works only in the greeting" in help_text


def test_an_editor_writes_the_greeting_and_readers_get_it(editor_client):
    editor_client.post(
        reverse("admin:newsletter_issue_add"),
        form_data(greeting="Good morning {first name}!", greeting_fallback="Good morning!"),
    )

    issue = Issue.objects.get()
    assert (issue.greeting, issue.greeting_fallback) == (
        "Good morning {first name}!",
        "Good morning!",
    )
    text = editor_client.get(preview_url(issue)).context["text"]
    assert text.startswith("Good morning Edie!\n")


@pytest.mark.parametrize(
    "typed", ["{first name}", "{{ first_name }}", "{{first_name}}", "*|FNAME|*"]
)
def test_a_placeholder_typed_in_the_body_is_refused_with_a_form_error(editor_client, typed):
    response = editor_client.post(
        reverse("admin:newsletter_issue_add"), form_data(body=f"Thanks for reading, {typed}!")
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["body"]
    assert f"“{typed}” would be sent as typed" in error
    assert "The reader's name can only go in the greeting, as {first name}." in error
    assert not Issue.objects.exists()


def test_a_placeholder_typed_in_the_subject_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:newsletter_issue_add"), form_data(subject="{first name}, your June news")
    )

    assert response.context["adminform"].form.errors["subject"]
    assert not Issue.objects.exists()


def test_a_greeting_with_a_placeholder_other_than_the_first_name_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:newsletter_issue_add"), form_data(greeting="Hello {first name} {last name},")
    )

    [error] = response.context["adminform"].form.errors["greeting"]
    assert "“{last name}” would be sent as typed" in error
    assert not Issue.objects.exists()


def test_the_greeting_without_a_name_cannot_hold_the_name(editor_client):
    response = editor_client.post(
        reverse("admin:newsletter_issue_add"), form_data(greeting_fallback="Hello {first name},")
    )

    assert response.context["adminform"].form.errors["greeting_fallback"]


def test_save_and_preview_saves_then_opens_the_preview(editor_client):
    issue = make_issue(subject="June news")

    response = editor_client.post(
        reverse("admin:newsletter_issue_change", args=[issue.pk]),
        form_data(subject="June news, revised", _preview="Save and preview"),
    )

    assert response.status_code == 302
    assert response["Location"] == preview_url(issue)
    issue.refresh_from_db()
    assert issue.subject == "June news, revised"


# The preview page


def test_the_preview_page_embeds_the_email_in_a_sandboxed_frame(editor_client):
    issue = make_issue()

    response = editor_client.get(preview_url(issue))

    assert response.status_code == 200
    [frame] = BeautifulSoup(response.content, "html.parser").select("iframe")
    assert frame["src"] == email_url(issue)
    assert frame.has_attr("sandbox")
    assert "allow-scripts" not in frame["sandbox"]
    assert "allow-same-origin" not in frame["sandbox"]
    assert frame["title"]


def test_the_preview_page_shows_the_text_version_beside_the_email(editor_client):
    article = make_article(title="Cash Flow Basics")
    issue = make_issue(articles=[article], body="Hello from the *editor*.")

    response = editor_client.get(preview_url(issue))

    [text] = BeautifulSoup(response.content, "html.parser").select(".issue-preview-text pre")
    assert text.get_text().startswith("Hello Edie,\n")
    assert "Hello from the editor." in text.get_text()
    assert "Cash Flow Basics" in text.get_text()
    assert "%%" not in text.get_text()


def test_the_preview_page_names_both_greetings(editor_client):
    issue = make_issue(greeting="Hi {first name},", greeting_fallback="Hi there,")

    response = editor_client.get(preview_url(issue))

    assert "“Hi Edie,” for readers who gave a first name" in response.content.decode()
    assert "“Hi there,” for readers who did not" in response.content.decode()


def test_the_preview_page_keeps_the_sites_strict_policy_and_cannot_be_framed(editor_client):
    response = editor_client.get(preview_url(make_issue()))

    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert policy(response)["style-src"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_issue_form_keeps_the_strict_policy_and_cannot_be_framed(editor_client):
    issue = make_issue()

    response = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk]))

    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_frames_document_is_the_html_email_as_sent(editor_client):
    issue = make_issue(subject="June news", body="Hello from the *editor*.")

    response = editor_client.get(email_url(issue))

    html = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert html.startswith("<!doctype html>")
    assert "<em>editor</em>" in html
    assert '<p style="margin:0 0 16px;">Hello Edie,</p>' in html
    assert "%%" not in html


def test_the_frames_document_has_a_policy_of_its_own_for_the_emails_inline_styles(
    editor_client, settings
):
    settings.SITE_URL = "https://www.example.com"

    response = editor_client.get(email_url(make_issue()))

    assert policy(response) == {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "https://www.example.com", "https:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
        "sandbox": ["allow-popups", "allow-popups-to-escape-sandbox"],
    }


def test_the_frames_document_may_be_framed_by_this_site_only(editor_client):
    response = editor_client.get(email_url(make_issue()))

    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_links_in_the_frame_open_in_a_new_tab(editor_client):
    response = editor_client.get(email_url(make_issue()))

    [base] = BeautifulSoup(response.content, "html.parser").select("head base")
    assert base.attrs == {"target": "_blank"}


def test_the_preview_is_for_staff_only(client):
    issue = make_issue()
    client.force_login(make_user("reader"))

    for url in [preview_url(issue), email_url(issue)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_the_preview_needs_the_view_permission():
    user = make_user("office", is_staff=True)
    client = Client()
    client.force_login(user)
    issue = make_issue()

    assert client.get(preview_url(issue)).status_code == 403
    assert client.get(email_url(issue)).status_code == 403


# Test copies


def test_the_address_starts_as_the_editors_own(editor_client):
    response = editor_client.get(preview_url(make_issue()))

    assert response.context["test_form"]["address"].value() == "edie@example.com"


def test_an_editor_sends_a_test_to_an_address_they_type(editor_client):
    issue = make_issue(subject="July")

    response = editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})

    assert response.status_code == 302
    assert response["Location"] == preview_url(issue)
    [message] = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert message.subject == "[Test] July"
    assert message.body.startswith("Hello Edie,")
    messages = [str(m) for m in editor_client.get(preview_url(issue)).context["messages"]]
    assert messages == ["A test copy was sent to colleague@example.org."]
    issue.refresh_from_db()
    assert issue.is_draft()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "address", ["", "not an address", "colleague@", "a@example.com\nBcc: b@example.com"]
)
def test_an_invalid_address_is_refused_and_nothing_is_sent(editor_client, address):
    issue = make_issue()

    response = editor_client.post(send_test_url(issue), {"address": address})

    assert response.status_code == 200
    assert response.context["test_form"].errors["address"]
    assert "Please correct the error below." in response.content.decode()
    assert mail.outbox == []


def test_the_eleventh_test_copy_in_an_hour_is_refused(editor_client):
    issue = make_issue()
    for _ in range(10):
        editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})

    response = editor_client.post(
        send_test_url(issue), {"address": "colleague@example.org"}, follow=True
    )

    assert len(mail.outbox) == 10
    *sent, refused = [str(m) for m in response.context["messages"]]
    assert refused == (
        "No test copy was sent: you have sent 10 in the last hour, the most allowed. "
        "Try again later."
    )


def test_the_hourly_limit_counts_each_editor_on_their_own(editor_client):
    issue = make_issue()
    for _ in range(11):
        editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})
    other = Client()
    other.force_login(make_editor("another"))

    other.post(send_test_url(issue), {"address": "colleague@example.org"})

    assert len(mail.outbox) == 11


def test_test_copies_are_logged_without_the_address(editor_client, editor, caplog):
    issue = make_issue()

    with caplog.at_level(logging.INFO, logger="newsletter"):
        editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})

    [record] = [r for r in caplog.records if r.name.startswith("newsletter")]
    assert record.getMessage() == f"Test copy of issue {issue.pk} sent by user {editor.pk}"
    assert "colleague" not in caplog.text


def test_a_refused_test_copy_says_so_and_logs_no_address(editor_client, editor, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": "tests.newsletter.mailers.FailingBackend"}}
    FailingBackend.errors = {"colleague@example.org": refused("colleague@example.org", 550)}
    issue = make_issue()

    with caplog.at_level(logging.INFO, logger="newsletter"):
        response = editor_client.post(
            send_test_url(issue), {"address": "colleague@example.org"}, follow=True
        )

    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("The test copy could not be sent")
    [record] = [r for r in caplog.records if r.name.startswith("newsletter")]
    assert record.getMessage() == (
        f"Test copy of issue {issue.pk} by user {editor.pk} not sent: SMTPRecipientsRefused"
    )
    assert "colleague" not in caplog.text


def test_the_rate_limit_is_logged_without_the_address(editor_client, editor, caplog):
    issue = make_issue()
    for _ in range(10):
        editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})

    with caplog.at_level(logging.INFO, logger="newsletter"):
        editor_client.post(send_test_url(issue), {"address": "colleague@example.org"})

    assert f"Test copy of issue {issue.pk} refused to user {editor.pk}" in caplog.text
    assert "colleague" not in caplog.text


def test_opening_the_test_address_sends_nothing_and_leads_to_the_form(editor_client):
    issue = make_issue()

    response = editor_client.get(send_test_url(issue))

    assert response.status_code == 302
    assert response["Location"] == preview_url(issue) + "#send-test"
    assert mail.outbox == []


def test_a_test_copy_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(send_test_url(make_issue()), {"address": "colleague@example.org"})

    assert response.status_code == 403
    assert mail.outbox == []


def test_a_test_copy_needs_the_change_permission():
    user = make_user("office", is_staff=True, email="office@example.com")
    user.user_permissions.set(Permission.objects.filter(codename="view_issue"))
    client = Client()
    client.force_login(user)
    issue = make_issue()

    page = client.get(preview_url(issue))
    response = client.post(send_test_url(issue), {"address": "office@example.com"})

    assert page.status_code == 200
    assert page.context["test_form"] is None
    assert response.status_code == 403
    assert mail.outbox == []
