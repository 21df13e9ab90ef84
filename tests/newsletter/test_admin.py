"""The e-zine in the admin: notices, issues and sending, and the subscriber list."""

import csv
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import sending, tasks, tokens
from newsletter.models import Delivery, Issue, PrivacyNotice, Subscriber, Suppression
from tests.factories import (
    make_article,
    make_consent,
    make_issue,
    make_subscriber,
    make_user,
)

pytestmark = pytest.mark.django_db


def staff_client(*codenames):
    """Return a client logged in as staff with just the given newsletter permissions."""
    user = make_user("office", is_staff=True, email="office@example.com")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client):
    user = make_user("admin", is_staff=True, is_superuser=True, email="admin@example.com")
    client.force_login(user)
    return client


# Privacy notice


def test_editing_the_notice_adds_a_version_and_keeps_the_old_one(editor_client):
    first = PrivacyNotice.objects.current()
    consent = make_consent(make_subscriber())

    response = editor_client.post(
        reverse("admin:newsletter_privacynotice_change", args=[first.pk]),
        {"summary": "Your address is safe with us.", "body": "We only send the e-zine."},
    )

    assert response.status_code == 302
    current = PrivacyNotice.objects.current()
    assert current.version == first.version + 1
    assert current.summary == "Your address is safe with us."
    assert current.created_by.username == "editor"
    first.refresh_from_db()
    assert first.summary != current.summary
    consent.refresh_from_db()
    assert consent.notice == first
    assert current.summary in editor_client.get("/").content.decode()


def test_saving_the_notice_unchanged_adds_no_version(editor_client):
    first = PrivacyNotice.objects.current()
    versions = PrivacyNotice.objects.count()

    response = editor_client.post(
        reverse("admin:newsletter_privacynotice_change", args=[first.pk]),
        {"summary": first.summary, "body": first.body},
        follow=True,
    )

    assert PrivacyNotice.objects.count() == versions
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"Nothing changed: version {first.version} is still the current notice."]


def test_a_new_notice_starts_as_a_copy_of_the_current_one(editor_client):
    response = editor_client.get(reverse("admin:newsletter_privacynotice_add"))

    assert response.context["adminform"].form.initial["summary"] == (
        PrivacyNotice.objects.current().summary
    )


def test_notices_cannot_be_deleted(admin_client):
    notice = PrivacyNotice.objects.current()

    response = admin_client.post(
        reverse("admin:newsletter_privacynotice_delete", args=[notice.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert PrivacyNotice.objects.filter(pk=notice.pk).exists()


# Issues


def test_a_new_issue_starts_with_the_articles_published_since_the_last_issue(editor_client):
    old = make_article(published_at=timezone.now() - timedelta(days=20))
    make_issue(status=Issue.Status.SENT, queued_at=timezone.now() - timedelta(days=10))
    new = make_article(published_at=timezone.now() - timedelta(days=2))
    newest = make_article(published_at=timezone.now() - timedelta(hours=2))
    make_article(status="draft")

    response = editor_client.get(reverse("admin:newsletter_issue_add"))

    initial = response.context["adminform"].form.initial
    assert initial["articles"] == [newest.pk, new.pk]
    assert old.pk not in initial["articles"]
    assert initial["subject"].startswith("More for Small Business e-zine, ")


def test_an_editor_composes_an_issue(editor_client):
    article = make_article()

    response = editor_client.post(
        reverse("admin:newsletter_issue_add"),
        {
            "subject": "June news",
            "greeting": "Hello {first name},",
            "greeting_fallback": "Hello,",
            "body": "A **short** note.",
            "articles": [article.pk],
        },
    )

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.body_html == "<p>A <strong>short</strong> note.</p>"
    assert list(issue.articles.all()) == [article]
    assert issue.is_draft()


def test_a_subject_with_a_line_break_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:newsletter_issue_add"), {"subject": "June\r\nBcc: x@example.com"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["subject"]
    assert not Issue.objects.exists()


def test_the_send_question_counts_one_confirmed_subscriber_in_the_singular(editor_client):
    make_subscriber(email="one@example.com")
    issue = make_issue(subject="August")

    page = editor_client.get(reverse("admin:newsletter_issue_send", args=[issue.pk]))

    assert "to 1 confirmed subscriber now?" in page.content.decode()


def test_an_editor_sends_the_issue_after_confirming(editor_client):
    make_subscriber(email="one@example.com")
    make_subscriber(email="two@example.com")
    make_subscriber(status=Subscriber.Status.PENDING)
    issue = make_issue(subject="August")
    url = reverse("admin:newsletter_issue_send", args=[issue.pk])

    page = editor_client.get(url)
    assert "to 2 confirmed subscribers now?" in page.content.decode()
    assert mail.outbox == []

    response = editor_client.post(url)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.com", "two@example.com"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    change = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    assert "2 sent / 0 failed / 2 total" in change.content.decode()
    listing = editor_client.get(reverse("admin:newsletter_issue_changelist"))
    assert "2 sent / 0 failed / 2 total" in listing.content.decode()


def test_the_progress_shows_messages_sent_again_after_a_crash(editor_client):
    make_subscriber()
    make_subscriber()
    issue = make_issue()
    sending.queue_issue(issue)
    Delivery.objects.update(status=Delivery.Status.SENT)
    Delivery.objects.filter(pk=Delivery.objects.first().pk).update(is_resend=True)

    listing = editor_client.get(reverse("admin:newsletter_issue_changelist"))

    assert "2 sent / 0 failed / 2 total (1 sent again after a crash)" in listing.content.decode()


@pytest.fixture
def task_queue(settings):
    """Keep enqueued tasks instead of running them: Django's dummy task backend."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    return default_task_backend.results


def test_sending_hands_the_issue_to_every_sending_worker(editor_client, settings, task_queue):
    settings.NEWSLETTER_SENDING_WORKERS = 3
    make_subscriber()
    issue = make_issue()

    editor_client.post(reverse("admin:newsletter_issue_send", args=[issue.pk]))

    assert [result.task.name for result in task_queue] == ["send_issue_deliveries"] * 3
    assert {tuple(result.args) for result in task_queue} == {(issue.pk,)}
    assert Delivery.objects.count() == 1
    assert mail.outbox == []


def test_resuming_an_unfinished_send_hands_it_to_the_workers_again(
    editor_client, settings, task_queue
):
    settings.NEWSLETTER_SENDING_WORKERS = 2
    make_subscriber()
    issue = make_issue()
    sending.queue_issue(issue)

    response = editor_client.post(reverse("admin:newsletter_issue_send", args=[issue.pk]))

    assert response.status_code == 302
    assert len(task_queue) == 2
    assert Delivery.objects.count() == 1


def test_sending_needs_the_send_permission():
    client = staff_client("view_issue", "change_issue")
    make_subscriber()
    issue = make_issue()

    response = client.post(reverse("admin:newsletter_issue_send", args=[issue.pk]))

    assert response.status_code == 403
    assert mail.outbox == []


def test_a_sent_issue_can_no_longer_be_edited_or_deleted(editor_client):
    make_subscriber()
    issue = make_issue(subject="Sent already")
    sending.queue_issue(issue)
    sending.send_issue(issue)

    editor_client.post(
        reverse("admin:newsletter_issue_change", args=[issue.pk]), {"subject": "Changed"}
    )
    delete = editor_client.post(
        reverse("admin:newsletter_issue_delete", args=[issue.pk]), {"post": "yes"}
    )

    issue.refresh_from_db()
    assert issue.subject == "Sent already"
    assert delete.status_code == 403


# Subscribers


def test_editors_have_no_access_to_subscribers(editor_client):
    subscriber = make_subscriber()

    for url in [
        reverse("admin:newsletter_subscriber_changelist"),
        reverse("admin:newsletter_subscriber_export"),
        reverse("admin:newsletter_subscriber_data", args=[subscriber.pk]),
        reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk]),
    ]:
        assert editor_client.get(url).status_code == 403, url


def test_subscribers_can_be_searched_and_filtered_with_counts_by_status(admin_client):
    make_subscriber(email="jane@example.com")
    make_subscriber(email="john@example.com")
    make_subscriber(email="janet@example.com", status=Subscriber.Status.PENDING)
    url = reverse("admin:newsletter_subscriber_changelist")

    searched = admin_client.get(url, {"q": "JANE"})
    filtered = admin_client.get(url, {"status__exact": "pending"})

    assert [s.email for s in searched.context["cl"].result_list] == [
        "janet@example.com",
        "jane@example.com",
    ]
    assert [s.email for s in filtered.context["cl"].result_list] == ["janet@example.com"]
    assert searched.context["status_counts"] == [
        ("Pending", 1),
        ("Confirmed", 2),
        ("Unsubscribed", 0),
    ]
    assert "Confirmed: <strong>2</strong>" in searched.content.decode()


def test_subscribers_are_not_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403


def test_the_csv_export_lists_confirmed_subscribers_safely():
    make_subscriber(email="jane@example.com", first_name="Jane")
    make_subscriber(email="=cmd@example.com", first_name="=HYPERLINK(1)")
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    client = staff_client("view_subscriber", "export_subscribers")

    response = client.get(reverse("admin:newsletter_subscriber_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="subscribers-')
    rows = list(csv.reader(StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["email", "first_name", "confirmed_at"]
    assert [row[:2] for row in rows[1:]] == [
        ["jane@example.com", "Jane"],
        ["'=cmd@example.com", "'=HYPERLINK(1)"],
    ]


def test_the_csv_export_needs_its_own_permission():
    client = staff_client("view_subscriber", "change_subscriber", "delete_subscriber")

    listing = client.get(reverse("admin:newsletter_subscriber_changelist"))

    assert listing.status_code == 200
    assert reverse("admin:newsletter_subscriber_export") not in listing.content.decode()
    assert client.get(reverse("admin:newsletter_subscriber_export")).status_code == 403


def test_exporting_a_subscribers_data_includes_the_notice_they_agreed_to(admin_client):
    subscriber = make_subscriber(email="jane@example.com", first_name="Jane")
    notice = PrivacyNotice.objects.current()
    make_consent(subscriber, source="/marketing/", first_name="Jane", confirmed_at=timezone.now())

    response = admin_client.get(reverse("admin:newsletter_subscriber_data", args=[subscriber.pk]))

    data = json.loads(response.content)
    assert data["email"] == "jane@example.com"
    [consent] = data["consents"]
    assert consent["page"] == "/marketing/"
    assert consent["first_name_given"] == "Jane"
    assert consent["confirmed_at"]
    assert consent["privacy_notice"]["version"] == notice.version
    assert consent["privacy_notice"]["shown_beside_the_button"] == notice.summary
    assert consent["privacy_notice"]["full_text"] == notice.body


def test_erasing_keeps_only_a_keyed_hash_and_anonymises_deliveries(admin_client):
    subscriber = make_subscriber(email="Jane@example.com")
    make_consent(subscriber)
    issue = make_issue()
    sending.queue_issue(issue)
    sending.send_issue(issue)
    Delivery.objects.update(error="550 <Jane@example.com> was full once")
    url = reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk])

    assert "Erase" in admin_client.get(url).content.decode()
    response = admin_client.post(url)

    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    delivery = Delivery.objects.get()
    assert delivery.subscriber is None
    assert delivery.error == ""
    assert delivery.status == Delivery.Status.SENT
    [suppression] = Suppression.objects.all()
    assert suppression.digest == tokens.address_digest("jane@example.com")
    assert "jane" not in suppression.digest.lower()


def test_an_erased_address_is_mailed_again_only_after_its_owner_confirms(admin_client, settings):
    subscriber = make_subscriber(email="jane@example.com")
    admin_client.post(reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk]))

    Client().post("/newsletter/", {"email": "jane@example.com"})
    [confirmation] = mail.outbox
    tasks.start_sending(make_issue())
    assert len(mail.outbox) == 1

    link = next(w for w in confirmation.body.split() if "/confirm/" in w)
    Client().post(link.removeprefix("http://127.0.0.1:8000"))
    tasks.start_sending(make_issue(subject="Next"))

    assert not Suppression.objects.exists()
    # A new subscriber as far as we know: welcomed, then sent the issue.
    assert [m.subject for m in mail.outbox[1:]] == [
        f"Welcome to the {settings.SITE_NAME} e-zine",
        "Next",
    ]


def test_erasing_needs_the_delete_permission():
    subscriber = make_subscriber()
    client = staff_client("view_subscriber", "change_subscriber")

    assert client.post(
        reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk])
    ).status_code == (403)
    assert Subscriber.objects.exists()


def test_the_admin_can_unsubscribe_selected_subscribers(admin_client):
    subscriber = make_subscriber()

    admin_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "unsubscribe_selected", "_selected_action": [subscriber.pk]},
    )

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
