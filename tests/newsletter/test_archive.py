"""The public pages: back issues and the privacy notice."""

import pytest
from django.urls import reverse

from newsletter import sending
from newsletter.models import Issue, PrivacyNotice
from tests.factories import make_article, make_issue, make_notice, make_subscriber

pytestmark = pytest.mark.django_db


def sent_issue(**kwargs):
    issue = make_issue(**kwargs)
    sending.queue_issue(issue)
    sending.send_issue(issue)
    issue.refresh_from_db()
    return issue


def test_the_archive_lists_only_the_issues_that_went_out(client):
    make_subscriber()
    sent = sent_issue(subject="March: pricing")
    make_issue(subject="Draft for April")
    make_issue(subject="Going out now", status=Issue.Status.SENDING)

    response = client.get(reverse("newsletter:archive"))

    assert response.status_code == 200
    assert "newsletter/issue_list.html" in [t.name for t in response.templates]
    assert list(response.context["issues"]) == [sent]
    body = response.content.decode()
    assert f'href="{sent.get_absolute_url()}"' in body
    assert "Draft for April" not in body
    assert "Going out now" not in body


def test_an_empty_archive_says_so(client):
    response = client.get(reverse("newsletter:archive"))

    assert "No issues have gone out yet" in response.content.decode()


def test_each_back_issue_has_its_own_page(client):
    article = make_article(title="Cash Flow Basics")
    draft = make_article(title="Secret Draft", status="draft")
    issue = sent_issue(subject="March", body="A *note*.", articles=[article, draft])

    response = client.get(issue.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>March</h1>" in body
    assert "<em>note</em>" in body
    assert "Cash Flow Basics" in body
    assert "Secret Draft" not in body


def test_unsent_issues_have_no_public_page(client):
    for status in [Issue.Status.DRAFT, Issue.Status.SENDING]:
        issue = make_issue(status=status)
        assert client.get(issue.get_absolute_url()).status_code == 404


def test_the_privacy_page_shows_the_current_notice(client):
    make_notice(summary="Version two summary.", body="## Your rights\n\nAsk us anything.")

    response = client.get(reverse("newsletter:privacy"))

    body = response.content.decode()
    assert "Version two summary." in body
    assert "<h2>Your rights</h2>" in body
    assert f"This notice: version {PrivacyNotice.objects.current().version}," in body


def test_sitemap_lists_the_newsletter_pages_and_sent_issues_only(client, settings):
    back_issue = sent_issue(subject="Sent and archived")
    draft = make_issue(subject="Still a draft")

    body = client.get("/sitemap.xml").content.decode()

    for name in ["newsletter:subscribe", "newsletter:archive", "newsletter:privacy"]:
        assert f"<loc>{settings.SITE_URL}{reverse(name)}</loc>" in body
    assert f"<loc>{settings.SITE_URL}{back_issue.get_absolute_url()}</loc>" in body
    assert draft.get_absolute_url() not in body
