"""Subscribing: the form, the double opt-in email, the same answer for everyone, the limits."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import emails
from newsletter.models import Consent, PrivacyNotice, Subscriber
from tests.factories import ADDRESS_STATES, make_address, make_article, make_notice, make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/newsletter/"
TASK_PATH = "newsletter.tasks.request_subscription"


@pytest.fixture
def client():
    """A client that checks CSRF as browsers do: the subscribe form must work without a token."""
    return Client(enforce_csrf_checks=True)


def subscribe(client, email="jane@example.com", **data):
    return client.post(SUBSCRIBE_URL, {"email": email, **data})


def stored_subscriber(*exclude):
    """Return every stored field of the one subscriber, but those named."""
    return {k: v for k, v in Subscriber.objects.values().get().items() if k not in exclude}


def confirm_link(message):
    """Return the path of the confirmation link in an email's text."""
    for word in message.body.split():
        if "/newsletter/confirm/" in word:
            return word.removeprefix("http://127.0.0.1:8000")
    raise AssertionError("no confirmation link in the email")


def test_subscribe_page_shows_the_form_with_the_privacy_notice_beside_the_button(client):
    notice = PrivacyNotice.objects.current()

    response = client.get(SUBSCRIBE_URL)

    assert response.status_code == 200
    assert "newsletter/subscribe.html" in [t.name for t in response.templates]
    body = response.content.decode()
    action = body[body.index('class="subscribe-action"') :]
    action = action[: action.index("</div>")]
    assert "Subscribe</button>" in action
    assert notice.summary in action
    assert reverse("newsletter:privacy") in action
    assert "csrfmiddlewaretoken" not in body


def test_subscribing_creates_a_pending_subscriber_and_sends_a_confirmation(client):
    response = subscribe(client, " Jane@Example.COM ", first_name="Jane", source="/marketing/")

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribe_done")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Jane@example.com"
    assert subscriber.first_name == ""  # until the request that carries it is confirmed
    assert subscriber.consents.get().first_name == "Jane"
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Jane@example.com"]
    assert "confirm" in message.subject.lower()
    assert message.body.startswith("Hello Jane,")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    link = confirm_link(message)
    assert link in html
    assert resolve(link).url_name == "confirm"


def test_subscribing_records_consent_to_the_notice_shown_and_the_page(client):
    shown = PrivacyNotice.objects.current()
    make_notice()  # a newer version, published after the visitor's page was rendered

    subscribe(client, notice=str(shown.version), source="/marketing/writing-a-newsletter/")

    consent = Consent.objects.get()
    assert consent.notice == shown
    assert consent.source == "/marketing/writing-a-newsletter/"
    assert consent.created_at <= timezone.now()
    assert consent.confirmed_at is None


def test_everyone_gets_the_same_answer_whatever_the_address_is(client):
    make_subscriber(email="confirmed@example.com")
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)

    answers, done = [], []
    for email in ["new@example.com", "pending@example.com", "confirmed@example.com"]:
        answers.append(subscribe(client, email))
        page = client.get(answers[-1]["Location"]).content.decode()
        # The page repeats the address typed, and says nothing else about it.
        assert email in page
        done.append(page.replace(email, "ADDRESS"))

    assert {(r.status_code, r["Location"]) for r in answers} == {
        (302, reverse("newsletter:subscribe_done"))
    }
    assert done[0] == done[1] == done[2]


def test_a_confirmed_subscriber_is_not_mailed_again_nor_changed(client):
    make_subscriber(email="jane@example.com", first_name="Jane")
    before = stored_subscriber()

    subscribe(client, "JANE@example.com", first_name="Mallory")

    assert mail.outbox == []
    assert stored_subscriber() == before
    assert not Consent.objects.exists()


def test_asking_again_within_ten_minutes_changes_nothing(client):
    subscribe(client, first_name="Jane")
    before = stored_subscriber()

    subscribe(client, "JANE@example.com", first_name="Mallory")

    assert stored_subscriber() == before
    assert Consent.objects.get().first_name == "Jane"
    assert len(mail.outbox) == 1


def test_asking_again_later_resends_the_confirmation_and_renames_nobody(client):
    subscribe(client, first_name="Jane")
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    before = stored_subscriber("confirmation_sent_at")

    subscribe(client, "jane@example.com", first_name="Mallory")

    assert stored_subscriber("confirmation_sent_at") == before
    assert len(mail.outbox) == 2
    # Jane confirms through her own email: the greeting stays hers.
    Client().post(confirm_link(mail.outbox[0]))
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed()
    assert subscriber.first_name == "Jane"
    assert emails.greeting(subscriber.first_name) == "Hello Jane,"


def test_confirming_the_request_that_carried_a_name_sets_it(client):
    subscribe(client, first_name="Jane")
    Subscriber.objects.update(confirmation_sent_at=None)
    subscribe(client, first_name="Janet")

    # The email names who confirming makes the subscriber, so its reader can tell.
    assert mail.outbox[1].body.startswith("Hello Janet,")
    Client().post(confirm_link(mail.outbox[1]))

    assert Subscriber.objects.get().first_name == "Janet"


def test_a_request_without_a_name_keeps_the_name_the_subscriber_has(client):
    subscriber = make_subscriber(email="jane@example.com", first_name="Jane")
    subscriber.unsubscribe()

    subscribe(client, "jane@example.com")

    assert mail.outbox[0].body.startswith("Hello Jane,")
    Client().post(confirm_link(mail.outbox[0]))
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed()
    assert subscriber.first_name == "Jane"


def test_an_unsubscribed_reader_is_renamed_only_by_confirming(client):
    subscriber = make_subscriber(email="jane@example.com", first_name="Jane")
    subscriber.unsubscribe()

    subscribe(client, "jane@example.com", first_name="Mallory")

    subscriber.refresh_from_db()
    assert subscriber.first_name == "Jane"


def test_a_pending_address_is_sent_its_confirmation_at_most_once_in_ten_minutes(client):
    subscribe(client)
    subscribe(client)
    assert len(mail.outbox) == 1

    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    subscribe(client)

    assert len(mail.outbox) == 2
    assert Subscriber.objects.count() == 1
    assert Consent.objects.count() == 2


def test_addresses_are_unique_whatever_their_case(client):
    subscribe(client, "jane@example.com")
    Subscriber.objects.update(confirmation_sent_at=None)

    subscribe(client, "JANE@EXAMPLE.COM")

    assert Subscriber.objects.count() == 1


def test_an_unsubscribed_reader_must_confirm_again_to_come_back(client):
    subscriber = make_subscriber(email="jane@example.com")
    subscriber.unsubscribe()

    subscribe(client, "jane@example.com")

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert len(mail.outbox) == 1
    Client().post(confirm_link(mail.outbox[0]))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "email",
    [
        "victim@example.com\r\nBcc: attacker@evil.example",
        "user\x00@example.com",
        "a" * 10_000,
        "\u0430dmin@example.com",
        "admin@\u0435xample.com",
        "user\uff20example.com",
        '"john..doe"@example.com',
        "user@[127.0.0.1]",
        "a@localhost",
    ],
    ids=[
        "CR/LF",
        "NUL",
        "10,000 characters",
        "Cyrillic local part",
        "Cyrillic domain",
        "＠",
        "quoted local part",
        "address literal",
        "localhost",
    ],
)
def test_hostile_input_gets_a_form_error_and_never_a_500(client, email):
    response = subscribe(client, email, first_name="x\r\n" * 3000)

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'class="invalid-feedback"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_robots_that_fill_the_honeypot_get_the_usual_answer_and_nothing_else(client):
    response = subscribe(client, website="http://spam.example")

    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_client_making_too_many_attempts_gets_a_friendly_429(client):
    for n in range(5):
        assert subscribe(client, f"reader{n}@example.com").status_code == 302

    response = subscribe(client, "one-more@example.com")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "newsletter/rate_limited.html" in [t.name for t in response.templates]
    assert "Please wait a moment" in response.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.com").exists()


def test_the_rate_limit_is_per_client(client):
    for n in range(6):
        subscribe(client, f"reader{n}@example.com", REMOTE_ADDR="192.0.2.1")

    response = client.post(SUBSCRIBE_URL, {"email": "other@example.com"}, REMOTE_ADDR="192.0.2.2")

    assert response.status_code == 302


def test_the_rate_limit_ignores_forwarded_headers_unless_told_to_trust_them(client, settings):
    def attempts(forwarded_for):
        return [
            client.post(
                SUBSCRIBE_URL,
                {"email": f"reader{n}@example.com"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=forwarded_for(n),
            ).status_code
            for n in range(6)
        ]

    assert attempts(lambda n: f"198.51.100.{n}")[-1] == 429

    settings.TRUSTED_PROXY_COUNT = 1
    assert attempts(lambda n: f"203.0.113.9, 198.51.100.{n + 10}")[-1] == 302


def test_getting_the_subscribe_page_is_never_rate_limited_and_changes_nothing(client):
    for _ in range(10):
        assert client.get(SUBSCRIBE_URL).status_code == 200
    assert not Subscriber.objects.exists()


def test_article_pages_carry_one_subscribe_box_with_the_notice(client):
    article = make_article()
    notice = PrivacyNotice.objects.current()

    body = client.get(article.get_absolute_url()).content.decode()

    assert body.count('class="subscribe-box"') == 1
    box = body[body.index('class="subscribe-box"') :]
    assert f'action="{SUBSCRIBE_URL}"' in box
    assert notice.summary in box
    assert f'name="source" value="{article.get_absolute_url()}"' in box
    assert f'name="notice" value="{notice.version}"' in box


def test_every_other_page_has_the_subscribe_box_in_its_footer(client):
    make_article()
    for url in ["/", "/blog/", "/site-index/", "/newsletter/archive/"]:
        body = client.get(url).content.decode()
        footer = body[body.index('class="site-footer"') :]
        assert 'class="subscribe-box"' in footer, url


def test_the_box_posts_to_a_view_that_works_from_a_cached_page(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in page

    response = Client(enforce_csrf_checks=True).post(
        SUBSCRIBE_URL, {"email": "jane@example.com", "source": article.get_absolute_url()}
    )

    assert response.status_code == 302
    assert Consent.objects.get().source == article.get_absolute_url()


# Every answer does the same work: the view queues one task, which looks the address up.


@pytest.mark.parametrize("state", ADDRESS_STATES)
def test_the_view_queues_one_task_and_does_nothing_else_whatever_the_address(
    client, task_queue, state
):
    email = make_address(state)
    before = list(Subscriber.objects.values())

    subscribe(client, email, first_name="Jane", source="/marketing/")

    [queued] = task_queue
    assert queued.task.name == "request_subscription"
    assert queued.kwargs == {
        "email": email,
        "first_name": "Jane",
        "notice_id": PrivacyNotice.objects.current().pk,
        "source": "/marketing/",
        "box": "",
    }
    assert list(Subscriber.objects.values()) == before
    assert not Consent.objects.exists()
    assert mail.outbox == []


def test_the_view_runs_the_same_queries_whatever_the_address(client, settings):
    """With the production task queue (the database), known and unknown addresses alike."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queries = {}
    for state in ADDRESS_STATES:
        email = make_address(state)
        with CaptureQueriesContext(connection) as captured:
            subscribe(client, email, first_name="Jane")
        # The statements, without the values they carry (the address, ids, times).
        queries[state] = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in captured]

    assert queries["pending"] == queries["new"]
    assert queries["confirmed"] == queries["new"]
    assert queries["unsubscribed"] == queries["new"]
    # The view never looks the address up: only the notice shown, and the task queued.
    assert not [sql for sql in queries["new"] if "subscriber" in sql or "consent" in sql]
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == len(ADDRESS_STATES)
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("state", "emails_sent"), [("new", 1), ("pending", 0), ("confirmed", 0), ("unsubscribed", 1)]
)
def test_the_task_mails_only_the_addresses_that_need_a_confirmation(client, state, emails_sent):
    email = make_address(state)

    subscribe(client, email)

    assert [message.to for message in mail.outbox] == [[email]] * emails_sent
    assert Consent.objects.count() == emails_sent


def test_check_your_inbox_repeats_the_address_typed(client):
    response = subscribe(client, "jane@example.com", source="/marketing/")

    page = client.get(response["Location"])

    assert page.status_code == 200
    assert "jane@example.com" in page.content.decode()


def test_check_your_inbox_links_back_to_the_page_the_form_was_on(client):
    response = subscribe(client, source="/marketing/pricing-for-profit/")

    page = client.get(response["Location"])

    assert '<a href="/marketing/pricing-for-profit/">Back to the page you were reading</a>' in (
        page.content.decode()
    )


def test_check_your_inbox_links_back_only_to_pages_of_this_site(client):
    for source in ["https://example.org/", "//example.org/", "/\\example.org/", "javascript:x"]:
        response = subscribe(client, source=source)

        page = client.get(response["Location"]).content.decode()

        assert "Back to the page you were reading" not in page, source
        assert "example.org" not in page.replace("jane@example.com", ""), source


def box_source(page):
    """Return the page address the subscribe box on a page carries in its hidden field."""
    return re.search(r'name="source" value="([^"]*)"', page.content.decode())[1]


def test_the_box_on_the_search_page_names_the_search_with_its_words_and_page(client):
    page = client.get("/search/", {"q": "cash flow & tax", "page": "2", "utm_source": "x"})

    assert box_source(page) == "/search/?q=cash+flow+%26+tax&amp;page=2"


def test_the_box_keeps_at_most_100_characters_of_the_search(client):
    page = client.get("/search/", {"q": "a" * 150})

    assert box_source(page) == "/search/?q=" + "a" * 100


def test_the_box_on_other_pages_names_only_the_path(client):
    article = make_article()

    page = client.get(article.get_absolute_url(), {"utm_source": "feed"})

    assert box_source(page) == article.get_absolute_url()


def test_check_your_inbox_links_back_to_the_search_the_visitor_made(client):
    response = subscribe(client, source="/search/?q=cash+flow&page=2")

    page = client.get(response["Location"])

    assert '<a href="/search/?q=cash+flow&amp;page=2">Back to the page you were reading</a>' in (
        page.content.decode()
    )


def test_subscribing_from_a_search_records_the_search_page_without_its_words(client):
    subscribe(client, source="/search/?q=cash+flow&page=2")

    assert Consent.objects.get().source == "/search/"


def test_a_query_on_another_page_is_dropped_from_the_record_and_the_back_link(client):
    response = subscribe(client, source="/marketing/?next=//example.org/")

    page = client.get(response["Location"]).content.decode()

    assert Consent.objects.get().source == "/marketing/"
    assert '<a href="/marketing/">Back to the page you were reading</a>' in page


def test_a_forged_search_address_keeps_only_the_words_and_a_page_number(client):
    response = subscribe(client, source="/search/?q=tax&page=2x&next=https://example.org/")

    page = client.get(response["Location"]).content.decode()

    assert '<a href="/search/?q=tax">Back to the page you were reading</a>' in page


def test_check_your_inbox_keeps_the_address_out_of_its_url(client):
    response = subscribe(client, "jane@example.com", source="/marketing/")

    assert response["Location"] == reverse("newsletter:subscribe_done")
    assert "jane" not in response["Location"]


def test_check_your_inbox_with_the_address_is_never_served_to_another_visitor(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    response = subscribe(client, "jane@example.com")
    page = client.get(response["Location"])

    other_visitor = Client().get(reverse("newsletter:subscribe_done"))

    assert "no-store" in page["Cache-Control"]
    assert "jane@example.com" in page.content.decode()
    assert "jane@example.com" not in other_visitor.content.decode()


def test_check_your_inbox_shows_the_address_once(client):
    response = subscribe(client, "jane@example.com")
    client.get(response["Location"])

    again = client.get(response["Location"])

    assert again.status_code == 200
    assert "jane@example.com" not in again.content.decode()


def test_check_your_inbox_ignores_a_forged_cookie(client):
    client.cookies["ezine_request"] = '{"email": "<b>mallory@example.com</b>"}'

    page = client.get(reverse("newsletter:subscribe_done"))

    assert page.status_code == 200
    assert "mallory" not in page.content.decode()


def test_subscribing_logs_no_address(client, caplog):
    caplog.set_level("DEBUG")

    response = subscribe(client, "jane@example.com", source="/marketing/")
    client.get(response["Location"])

    assert "jane@example.com" not in caplog.text
