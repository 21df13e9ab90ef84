"""The download for subscribers, through the views: ask, confirm, download, run out, renew."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import tokens as newsletter_tokens
from newsletter.models import Consent, PrivacyNotice, Subscriber
from promos.models import DOWNLOADS_PER_LINK, DownloadGrant, Signup
from tests.factories import (
    ADDRESS_STATES,
    PDF_BYTES,
    make_address,
    make_article,
    make_promo,
    make_subscriber,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8000"
TASK_PATH = "promos.tasks.request_download"


@pytest.fixture
def client():
    """A client that checks CSRF as browsers do: the form must work from a cached page."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def promo():
    return make_promo(
        heading="How to Network Effectively?",
        download=pdf_upload("networking.pdf"),
        download_title="the Business Networking e-book (PDF)",
    )


def ask(client, promo, email="jane@example.com", **data):
    return client.post(reverse("promos:promo_detail", args=[promo.pk]), {"email": email, **data})


def link_in(message, prefix):
    """Return the path of the first link in an email's text that starts with `prefix`."""
    for word in message.body.split():
        if word.startswith(SITE_URL + prefix):
            return word.removeprefix(SITE_URL)
    raise AssertionError(f"no {prefix} link in the email")


def download_emails():
    """Return the emails sent but the e-zine's welcome, which follows a first confirmation."""
    return [message for message in mail.outbox if not message.subject.startswith("Welcome")]


def confirm_link(message):
    return link_in(message, "/promos/confirm/")


def download_link(message):
    return link_in(message, "/promos/download/")


def confirmed_download_page(client, promo):
    """Ask for the download and confirm; return the download page's path."""
    ask(client, promo)
    page = client.get(confirm_link(mail.outbox[-1]))
    response = client.post(
        confirm_link(mail.outbox[-1]), {"csrfmiddlewaretoken": page.context["csrf_token"]}
    )
    assert response.status_code == 302
    return response["Location"]


def file_url(download_page):
    return download_page + "file/"


def test_the_article_page_offers_the_download_with_the_privacy_notice(client, promo):
    article = make_article()
    notice = PrivacyNotice.objects.current()

    body = client.get(article.get_absolute_url()).content.decode()

    box = body[body.index('<aside class="promo"') : body.index("</aside>", body.index('"promo"'))]
    assert f'action="{reverse("promos:promo_detail", args=[promo.pk])}"' in box
    assert "the Business Networking e-book (PDF)" in box
    assert "e-zine" in box
    assert notice.summary in box
    assert reverse("newsletter:privacy") in box
    assert f'name="source" value="{article.get_absolute_url()}"' in box
    assert f'name="notice" value="{notice.version}"' in box
    assert "csrfmiddlewaretoken" not in box


def test_check_your_inbox_repeats_the_address_and_links_back_to_the_article(client, promo):
    response = ask(client, promo, "jane@example.com", source="/networking/meeting-people/")

    page = client.get(response["Location"]).content.decode()

    assert "jane@example.com" in page
    assert '<a href="/networking/meeting-people/">Back to the page you were reading</a>' in page


def test_check_your_inbox_shows_the_address_to_nobody_else(client, promo, settings):
    settings.PAGE_CACHE_SECONDS = 600
    response = ask(client, promo, "jane@example.com", source="/networking/")
    client.get(response["Location"])

    page_again = client.get(response["Location"]).content.decode()
    other_visitor = Client().get(reverse("promos:offer_requested")).content.decode()

    assert "jane@example.com" not in page_again
    assert "jane@example.com" not in other_visitor


def test_check_your_inbox_links_back_only_to_pages_of_this_site(client, promo):
    response = ask(client, promo, source="https://example.org/")

    page = client.get(response["Location"]).content.decode()

    assert "Back to the page you were reading" not in page
    assert "example.org/" not in page


def test_asking_starts_the_double_opt_in_and_notes_the_offer_on_the_consent(client, promo):
    response = ask(client, promo, " Jane@Example.COM ", first_name="Jane", source="/networking/")

    assert response.status_code == 302
    assert response["Location"] == reverse("promos:offer_requested")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Jane@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == ""  # until the request that carries it is confirmed
    consent = Consent.objects.get()
    assert consent.notice == PrivacyNotice.objects.current()
    assert consent.source == "/networking/"
    assert consent.first_name == "Jane"
    assert consent.signup.promo == promo
    assert consent.signup.offer == "the Business Networking e-book (PDF)"


def test_the_confirmation_email_names_the_download_and_the_e_zine(client, promo):
    ask(client, promo, first_name="Jane")

    [message] = mail.outbox
    assert message.to == ["jane@example.com"]
    assert "the Business Networking e-book (PDF)" in message.subject
    assert message.body.startswith("Hello Jane,")
    assert "e-zine" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    link = confirm_link(message)
    assert link in html
    assert resolve(link).url_name == "confirm"


def test_opening_the_confirmation_link_shows_a_button_and_changes_nothing(client, promo):
    ask(client, promo)

    response = client.get(confirm_link(mail.outbox[0]))

    assert response.status_code == 200
    assert "promos/confirm.html" in [t.name for t in response.templates]
    assert "Confirm and get the download</button>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert not DownloadGrant.objects.exists()


def test_pressing_confirm_subscribes_and_shows_the_personal_download_link(client, promo):
    download_page = confirmed_download_page(client, promo)

    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed()
    assert Consent.objects.get().confirmed_at == subscriber.confirmed_at
    assert resolve(download_page).url_name == "download"
    page = client.get(download_page)
    assert page.status_code == 200
    assert "promos/download.html" in [t.name for t in page.templates]
    assert f'href="{file_url(download_page)}"' in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_the_follow_up_email_brings_the_same_link(client, promo):
    download_page = confirmed_download_page(client, promo)

    message = mail.outbox[-1]
    assert len(download_emails()) == 2
    assert "the Business Networking e-book (PDF)" in message.subject
    assert download_link(message) == download_page
    assert "/newsletter/unsubscribe/" in message.body
    assert download_page in message.alternatives[0][0]


def test_the_link_streams_the_file_as_an_attachment_never_cached(client, promo):
    download_page = confirmed_download_page(client, promo)

    response = client.get(file_url(download_page))

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="networking.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert DownloadGrant.objects.get().download_count == 1


def test_the_link_works_for_a_limited_number_of_downloads(client, promo):
    download_page = confirmed_download_page(client, promo)
    for _ in range(DOWNLOADS_PER_LINK):
        assert client.get(file_url(download_page)).status_code == 200

    one_more = client.get(file_url(download_page))
    page = client.get(download_page)

    assert one_more.status_code == 302
    assert one_more["Location"] == download_page
    assert page.status_code == 410
    assert "promos/download_expired.html" in [t.name for t in page.templates]
    assert "used up" in page.content.decode()
    assert DownloadGrant.objects.get().download_count == DOWNLOADS_PER_LINK


def test_the_link_expires_after_seven_days(client, promo):
    download_page = confirmed_download_page(client, promo)
    eight_days_later = timezone.now() + timedelta(days=7, minutes=1)

    with mock.patch("django.utils.timezone.now", return_value=eight_days_later):
        response = client.get(file_url(download_page))
        page = client.get(download_page)

    assert response.status_code == 302
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert DownloadGrant.objects.get().download_count == 0


def test_an_expired_link_offers_a_fresh_one_by_email(client, promo):
    download_page = confirmed_download_page(client, promo)
    DownloadGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.get(download_page)

    response = client.post(
        reverse("promos:download_renew", args=[resolve(download_page).kwargs["token"]]),
        {"csrfmiddlewaretoken": page.context["csrf_token"]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("promos:offer_requested")
    assert len(download_emails()) == 3
    fresh = download_link(mail.outbox[-1])
    assert fresh != download_page
    assert client.get(file_url(fresh)).status_code == 200
    assert client.get(file_url(download_page)).status_code == 302


def test_a_fresh_link_is_sent_at_most_once_in_ten_minutes(client, promo):
    download_page = confirmed_download_page(client, promo)
    grant = DownloadGrant.objects.get()
    renew = reverse("promos:download_renew", args=[resolve(download_page).kwargs["token"]])
    DownloadGrant.objects.update(expires_at=timezone.now())
    browser = Client()

    browser.post(renew)
    browser.post(renew)

    assert len(download_emails()) == 3
    assert DownloadGrant.objects.exclude(pk=grant.pk).count() == 1


def test_a_reader_who_left_asks_to_confirm_again_instead_of_getting_a_fresh_link(promo):
    download_page = confirmed_download_page(Client(), promo)
    Subscriber.objects.get().unsubscribe()
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    DownloadGrant.objects.update(expires_at=timezone.now())
    renew = reverse("promos:download_renew", args=[resolve(download_page).kwargs["token"]])

    response = Client().post(renew)

    assert response["Location"] == reverse("promos:offer_requested")
    assert len(download_emails()) == 3
    assert confirm_link(mail.outbox[-1])
    assert DownloadGrant.objects.count() == 1
    assert Signup.objects.count() == 2
    assert not Subscriber.objects.get().is_confirmed()


def test_confirming_twice_gives_the_same_link_and_one_email(client, promo):
    first = confirmed_download_page(client, promo)
    browser = Client()

    second = browser.post(confirm_link(mail.outbox[0]))

    assert second["Location"] == first
    assert DownloadGrant.objects.count() == 1
    assert len(download_emails()) == 2


def test_a_confirmed_subscriber_gets_the_link_by_email_at_once(client, promo):
    make_subscriber(email="jane@example.com", first_name="Jane")

    response = ask(client, promo, "JANE@example.com", first_name="Mallory")

    assert response["Location"] == reverse("promos:offer_requested")
    [message] = mail.outbox
    assert message.body.startswith("Hello Jane,")
    assert client.get(file_url(download_link(message))).status_code == 200
    signup = Signup.objects.get()
    assert signup.consent is None
    assert not Consent.objects.exists()
    assert Subscriber.objects.get().first_name == "Jane"


def test_a_confirmed_subscriber_is_mailed_at_most_once_in_ten_minutes(client, promo):
    make_subscriber(email="jane@example.com")

    ask(client, promo)
    ask(client, promo)

    assert len(mail.outbox) == 1


def test_everyone_gets_the_same_answer_whatever_the_address_is(client, promo):
    make_subscriber(email="confirmed@example.com")
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)

    answers = [
        ask(client, promo, email)
        for email in ["new@example.com", "pending@example.com", "confirmed@example.com"]
    ]

    assert {(r.status_code, r["Location"]) for r in answers} == {
        (302, reverse("promos:offer_requested"))
    }


def test_an_expired_confirmation_link_offers_a_fresh_one(client, promo):
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        ask(client, promo)
    Subscriber.objects.update(confirmation_sent_at=None)
    old_link = confirm_link(mail.outbox[0])

    page = client.get(old_link)
    renewed = client.post(
        reverse("promos:confirm_renew", args=[resolve(old_link).kwargs["token"]]),
        {"csrfmiddlewaretoken": page.context["csrf_token"]},
    )

    assert page.status_code == 410
    assert "promos/confirm_expired.html" in [t.name for t in page.templates]
    assert renewed["Location"] == reverse("promos:offer_requested")
    assert len(mail.outbox) == 2
    assert client.get(confirm_link(mail.outbox[1])).status_code == 200
    assert Signup.objects.count() == 2


def test_a_request_made_before_unsubscribing_no_longer_confirms(client, promo):
    ask(client, promo)
    subscriber = Subscriber.objects.get()
    subscriber.unsubscribe()

    response = Client().post(confirm_link(mail.outbox[0]))

    assert response.status_code == 410
    assert not Subscriber.objects.get().is_confirmed()
    assert not DownloadGrant.objects.exists()


def test_the_confirm_button_needs_a_csrf_token(client, promo):
    ask(client, promo)

    forged = client.post(confirm_link(mail.outbox[0]))

    assert forged.status_code == 403
    assert not Subscriber.objects.get().is_confirmed()


def test_a_tampered_confirmation_link_is_not_found(client, promo):
    ask(client, promo)
    link = confirm_link(mail.outbox[0])
    token = resolve(link).kwargs["token"]

    assert client.get(reverse("promos:confirm", args=[token[:-2] + "xx"])).status_code == 404


def test_an_e_zine_confirmation_token_does_not_open_a_download(client, promo):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    consent = Consent.objects.create(subscriber=subscriber, notice=PrivacyNotice.objects.current())
    token = newsletter_tokens.make_confirm_token(consent)

    assert client.get(reverse("promos:confirm", args=[token])).status_code == 404


def test_a_promo_out_of_its_window_takes_no_requests(client, promo):
    promo.is_active = False
    promo.save()

    response = ask(client, promo)

    assert response.status_code == 404
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_links_keep_working_after_the_promo_ends(client, promo):
    download_page = confirmed_download_page(client, promo)
    promo.ends_at = timezone.now()
    promo.save()

    assert client.get(file_url(download_page)).status_code == 200


def test_the_e_zine_confirmation_of_a_download_request_also_works(client, promo):
    """The newsletter's own confirm page accepts the request too: it is a subscribe request."""
    ask(client, promo)
    token = resolve(confirm_link(mail.outbox[0])).kwargs["token"]

    response = Client().post(reverse("newsletter:confirm", args=[token]))

    assert response.status_code == 302
    assert Subscriber.objects.get().is_confirmed()


def test_erasing_a_subscriber_removes_their_sign_ups_and_links(client, promo):
    download_page = confirmed_download_page(client, promo)

    Subscriber.objects.get().erase()

    assert not Signup.objects.exists()
    assert not DownloadGrant.objects.exists()
    assert client.get(file_url(download_page)).status_code == 404


def press_confirm(message):
    """Press the confirm button of the download request an email's link names."""
    return Client().post(confirm_link(message))


def test_confirming_a_download_request_sets_the_name_it_carried(client, promo):
    ask(client, promo, first_name="Jane")

    press_confirm(mail.outbox[0])

    assert Subscriber.objects.get().first_name == "Jane"
    assert mail.outbox[-1].body.startswith("Hello Jane,")


def test_asking_again_for_a_download_renames_nobody(client, promo):
    ask(client, promo, first_name="Jane")
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    before = Subscriber.objects.values().get()

    ask(client, promo, "JANE@example.com", first_name="Mallory")

    after = Subscriber.objects.values().get()
    assert {**after, "confirmation_sent_at": None} == {**before, "confirmation_sent_at": None}
    assert len(mail.outbox) == 2
    press_confirm(mail.outbox[0])
    assert Subscriber.objects.get().first_name == "Jane"
    assert mail.outbox[-1].body.startswith("Hello Jane,")


def test_a_fresh_confirmation_link_carries_the_name_of_the_request_it_replaces(client, promo):
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        ask(client, promo, first_name="Jane")
    Subscriber.objects.update(confirmation_sent_at=None)
    token = resolve(confirm_link(mail.outbox[0])).kwargs["token"]

    Client().post(reverse("promos:confirm_renew", args=[token]))
    press_confirm(mail.outbox[1])

    assert Consent.objects.latest("pk").first_name == "Jane"
    assert Subscriber.objects.get().first_name == "Jane"


# Every answer does the same work: the view queues one task, which looks the address up.


@pytest.mark.parametrize("state", ADDRESS_STATES)
def test_the_view_queues_one_task_and_does_nothing_else_whatever_the_address(
    client, promo, task_queue, state
):
    email = make_address(state)
    before = list(Subscriber.objects.values())

    ask(client, promo, email, first_name="Jane", source="/networking/")

    [queued] = task_queue
    assert queued.task.name == "request_download"
    assert queued.kwargs == {
        "promo_id": promo.pk,
        "email": email,
        "first_name": "Jane",
        "notice_id": PrivacyNotice.objects.current().pk,
        "source": "/networking/",
    }
    assert list(Subscriber.objects.values()) == before
    assert not Signup.objects.exists()
    assert mail.outbox == []


def test_the_view_runs_the_same_queries_whatever_the_address(client, promo, settings):
    """With the production task queue (the database), known and unknown addresses alike."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queries = {}
    for state in ADDRESS_STATES:
        email = make_address(state)
        with CaptureQueriesContext(connection) as captured:
            ask(client, promo, email, first_name="Jane")
        # The statements, without the values they carry (the address, ids, times).
        queries[state] = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in captured]

    assert queries["pending"] == queries["new"]
    assert queries["confirmed"] == queries["new"]
    assert queries["unsubscribed"] == queries["new"]
    assert not [sql for sql in queries["new"] if "subscriber" in sql or "signup" in sql]
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == len(ADDRESS_STATES)


@pytest.mark.parametrize(
    ("state", "sent"),
    [
        ("new", ["/promos/confirm/"]),
        ("pending", []),
        ("confirmed", ["/promos/download/"]),
        ("unsubscribed", ["/promos/confirm/"]),
    ],
)
def test_the_task_mails_what_each_address_needs(client, promo, state, sent):
    email = make_address(state)

    ask(client, promo, email)

    assert [message.to for message in mail.outbox] == [[email]] * len(sent)
    for message, link in zip(mail.outbox, sent, strict=True):
        assert link_in(message, link)


def test_the_task_sends_nothing_once_the_promo_has_no_download(client, promo, task_queue):
    ask(client, promo)
    [queued] = task_queue
    promo.download = ""
    promo.save()

    queued.task.call(*queued.args, **queued.kwargs)

    assert not Subscriber.objects.exists()
    assert mail.outbox == []
