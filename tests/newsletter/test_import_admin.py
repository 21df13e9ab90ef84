"""Importing subscribers in the admin: for administrators, the same rules and report."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from newsletter.admin.forms import IMPORT_MAX_BYTES
from newsletter.models import Subscriber
from tests.factories import make_subscriber, make_user

pytestmark = pytest.mark.django_db

CONSENT = "double opt-in on the old site's form"
LIST = b"""email,first name,status
ann@example.com,Ann,subscribed
not-an-address,Bob,subscribed
postmaster@example.org,,subscribed
left@example.com,,unsubscribed
"""
IMPORT_URL = reverse("admin:newsletter_subscriber_import")


@pytest.fixture(autouse=True)
def reports(settings, tmp_path):
    settings.NEWSLETTER_IMPORT_REPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def upload(content=LIST, name="old-list.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_import(client, content=LIST, reconfirm=False, **kwargs):
    data = {"file": upload(content, **kwargs), "consent_wording": CONSENT}
    if reconfirm:
        data["reconfirm"] = "on"
    return client.post(IMPORT_URL, data)


def test_an_administrator_imports_a_file_and_sees_its_report(admin_client):
    response = post_import(admin_client)

    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert Subscriber.objects.get(email="ann@example.com").imported_from == "old-list.csv"
    assert "<strong>1</strong> subscriber imported" in page.content.decode()
    for text in [
        "<li>1: not a valid address</li>",
        "<li>1: a role address (postmaster@, noreply@ ...)</li>",
        "<li>1: not subscribed on the old service</li>",
        "<td>left@example.com</td>",
    ]:
        assert text in page.content.decode()


def test_the_report_downloads_as_csv(admin_client):
    response = post_import(admin_client)
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]

    download = admin_client.get(reverse("admin:newsletter_subscriber_import_report", args=[token]))

    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    text = b"".join(download.streaming_content).decode()
    assert text.splitlines()[0] == "line,reason,email,detail"
    assert "5,not subscribed on the old service,left@example.com,Status: unsubscribed" in text


def test_uploading_the_same_file_again_imports_nobody(admin_client):
    post_import(admin_client)

    response = admin_client.get(post_import(admin_client)["Location"])

    assert "<strong>No subscriber imported</strong>" in response.content.decode()
    assert Subscriber.objects.count() == 1


def test_with_reconfirm_each_address_is_pending_and_asked_by_email(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_import(admin_client, reconfirm=True)

    assert Subscriber.objects.get(email="ann@example.com").status == Subscriber.Status.PENDING
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]


def test_a_file_without_an_address_column_gets_a_clear_error_on_the_form(admin_client):
    response = post_import(admin_client, content=b"name,city\nAnn,Leeds\n")

    assert response.status_code == 200
    assert "No column for the e-mail address was found" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(admin_client):
    content = b"email\n" + b"reader@example.com\n" * (IMPORT_MAX_BYTES // 19 + 1)

    response = post_import(admin_client, content=content)

    assert "larger than 1 MB" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_a_binary_file_is_refused_with_an_error(admin_client):
    response = post_import(admin_client, content=b"\x89PNG\r\n\x1a\n\x00\x00", name="list.png")

    assert "not a CSV file" in response.content.decode()


def test_an_editor_cannot_import(editor_client):
    assert editor_client.get(IMPORT_URL).status_code == 403
    assert post_import(editor_client).status_code == 403
    assert Subscriber.objects.count() == 0


def test_staff_with_the_import_permission_can_import():
    user = make_user("office", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["import_subscribers", "view_subscriber"],
            content_type__app_label="newsletter",
        )
    )
    client = Client()
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 200
    assert post_import(client).status_code == 302


def test_the_import_form_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))

    assert post_import(client).status_code == 403
    assert Subscriber.objects.count() == 0


def test_the_list_shows_and_filters_where_subscribers_were_imported_from(admin_client):
    post_import(admin_client)
    make_subscriber(email="here@example.com")

    response = admin_client.get(
        reverse("admin:newsletter_subscriber_changelist"), {"imported_from": "old-list.csv"}
    )

    assert [subscriber.email for subscriber in response.context["cl"].result_list] == [
        "ann@example.com"
    ]
    assert '<td class="field-imported_from">old-list.csv</td>' in response.content.decode()
    assert "Import from CSV…" in response.content.decode()


def test_the_subscriber_page_shows_the_imported_consent_record(admin_client):
    post_import(admin_client)
    subscriber = Subscriber.objects.get(email="ann@example.com")

    response = admin_client.get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]))

    assert escape(CONSENT) in response.content.decode()


def test_a_report_for_an_unknown_token_is_not_found(admin_client):
    url = reverse("admin:newsletter_subscriber_import_done", args=["no-such-report"])

    assert admin_client.get(url).status_code == 404
