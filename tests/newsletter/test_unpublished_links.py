"""An issue never sends readers to a page they cannot see: a featured article that is a draft
or scheduled, or a link in the note to a page of this site that is not public, stops sending
(the admin's send page, `manage.py send_issue`) and the issue form says so."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Issue
from tests.factories import make_article, make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def send_url(issue):
    return reverse("admin:newsletter_issue_send", args=[issue.pk])


@pytest.fixture
def issue_with_unpublished_articles():
    make_subscriber()
    published = make_article(title="Pricing For Profit")
    scheduled = make_article(
        title="Hiring Your First Employee", published_at=timezone.now() + timedelta(days=3)
    )
    draft = make_article(title="Cash Flow Basics", status="draft")
    return make_issue(articles=[published, scheduled, draft])


def test_the_send_page_names_the_articles_that_are_not_published(
    editor_client, issue_with_unpublished_articles
):
    page = editor_client.get(send_url(issue_with_unpublished_articles))

    content = page.content.decode()
    assert "This issue cannot be sent yet" in content
    assert "“Cash Flow Basics” (a draft)" in content
    assert "“Hiring Your First Employee” (scheduled for " in content
    assert "Pricing For Profit" not in content
    assert 'value="Send to subscribers"' not in content


def test_sending_an_issue_with_an_unpublished_article_is_refused(
    editor_client, issue_with_unpublished_articles
):
    response = editor_client.post(send_url(issue_with_unpublished_articles))

    assert response.status_code == 302
    issue_with_unpublished_articles.refresh_from_db()
    assert issue_with_unpublished_articles.is_draft()
    assert not Delivery.objects.exists()
    assert mail.outbox == []
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert "Cash Flow Basics" in message.message


def test_the_issue_form_warns_about_unpublished_articles(
    editor_client, issue_with_unpublished_articles
):
    url = reverse("admin:newsletter_issue_change", args=[issue_with_unpublished_articles.pk])

    response = editor_client.get(url)

    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "warning"
    assert "cannot be sent yet" in message.message
    assert "“Hiring Your First Employee” (scheduled for " in message.message
    assert "Hiring Your First Employee" in response.content.decode()


def test_the_preview_warns_about_unpublished_articles(
    editor_client, issue_with_unpublished_articles
):
    url = reverse("admin:newsletter_issue_preview", args=[issue_with_unpublished_articles.pk])

    response = editor_client.get(url)

    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "warning"
    assert "“Cash Flow Basics” (a draft)" in response.content.decode()


def test_a_link_in_the_note_to_a_page_that_is_not_public_stops_sending(editor_client):
    make_subscriber()
    draft = make_article(status="draft")
    issue = make_issue(
        body=f"Read [the draft]({draft.get_absolute_url()}), [no page](/no-such-page/x/) "
        "and [the blog](/blog/)."
    )

    page = editor_client.get(send_url(issue))

    content = page.content.decode()
    assert f"the link to {draft.get_absolute_url()} in the note" in content
    assert "the link to /no-such-page/x/ in the note" in content
    assert "/blog/" not in content


def test_an_issue_whose_pages_are_all_public_is_sent(editor_client):
    make_subscriber()
    article = make_article()
    issue = make_issue(articles=[article], body=f"See [this]({article.get_absolute_url()}).")

    page = editor_client.get(send_url(issue))
    editor_client.post(send_url(issue))

    assert 'value="Send to subscribers"' in page.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert len(mail.outbox) == 1


def test_the_send_issue_command_refuses_an_issue_with_an_unpublished_article(
    issue_with_unpublished_articles,
):
    with pytest.raises(CommandError, match="Cash Flow Basics"):
        call_command("send_issue", str(issue_with_unpublished_articles.pk), stdout=StringIO())

    assert not Delivery.objects.exists()
