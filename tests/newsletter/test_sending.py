"""Sending an issue: who gets it, what it looks like, and that nobody gets it twice.

The one exception: a message a sender may have handed to the mail server just before it died
is sent again (`Delivery.is_resend`), rather than risk a reader missing the issue.
"""

import smtplib
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone

from newsletter import emails, sending, tasks, tokens
from newsletter.models import Delivery, Issue, IssueLink, Subscriber, Suppression
from tests.factories import make_article, make_issue, make_subscriber
from tests.newsletter.mailers import (
    CountingBackend,
    CrashingBackend,
    FailingBackend,
    SlowBackend,
    TakenOverBackend,
    UnreachableBackend,
    refused,
)

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
# For tests with a sender's heartbeat, which beats from a thread with a database connection of
# its own: they commit. The rows migrations made are put back afterwards, as the browser and
# two-server tests that use serialized rollback expect.
commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def use_backend(settings, backend):
    settings.MAILERS = {"default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"}}


def recipients():
    return Counter(message.to[0] for message in mail.outbox)


def send(issue, **kwargs):
    sending.queue_issue(issue)
    return sending.send_issue(issue, **kwargs)


def counted(delivery, url):
    """Return the address that stands for `url` in the delivery's copy: the click counter."""
    link = IssueLink.objects.get(issue=delivery.issue, url=url)
    token = tokens.make_link_token(delivery.issue_id, link.pk, delivery.pk)
    return f"http://127.0.0.1:8000/newsletter/link/{token}/"


def test_only_confirmed_subscribers_receive_the_issue():
    confirmed = make_subscriber(email="confirmed@example.com")
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    issue = make_issue()
    before = timezone.now()

    counts = send(issue)

    assert recipients() == {"confirmed@example.com": 1}
    assert counts == {
        "sent": 1,
        "failed": 0,
        "skipped": 0,
        "waiting": 0,
        "total": 1,
        "resent": 0,
    }
    delivery = Delivery.objects.get()
    assert delivery.subscriber == confirmed
    assert delivery.status == Delivery.Status.SENT
    assert before <= delivery.sent_at <= timezone.now()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_queueing_snapshots_the_readers_once():
    make_subscriber()
    issue = make_issue()

    assert sending.queue_issue(issue) == 1
    make_subscriber()
    assert sending.queue_issue(issue) == 0
    assert Delivery.objects.count() == 1


def test_an_erased_address_is_never_sent_an_issue():
    make_subscriber(email="Erased@Example.com")
    make_subscriber(email="kept@example.com")
    Suppression.objects.create(digest=tokens.address_digest("erased@example.com"))

    send(make_issue())

    assert recipients() == {"kept@example.com": 1}


def test_the_suppression_hash_survives_a_secret_key_rotation(settings):
    make_subscriber(email="erased@example.com")
    Suppression.objects.create(digest=tokens.address_digest("erased@example.com"))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key"

    send(make_issue())

    assert mail.outbox == []


def test_a_reader_who_leaves_after_the_issue_is_queued_is_skipped():
    leaving = make_subscriber()
    make_subscriber()
    issue = make_issue()
    sending.queue_issue(issue)

    leaving.unsubscribe()
    counts = sending.send_issue(issue)

    assert len(mail.outbox) == 1
    assert counts["skipped"] == 1
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.Status.SKIPPED


def test_each_issue_email_has_both_parts_and_one_click_unsubscribe_headers():
    reader = make_subscriber(email="jane@example.com", first_name="Jane & <Co>")
    article = make_article(title="Pricing For Profit", summary="Charge what it is worth.")
    draft = make_article(title="Unfinished Draft", status="draft")
    issue = make_issue(
        articles=[article, draft], body="See [our blog](/blog/) for **more**.", subject="June"
    )

    send(issue)

    [message] = mail.outbox
    delivery = Delivery.objects.get()
    unsubscribe = "http://127.0.0.1:8000/newsletter/unsubscribe/"
    token = tokens.make_unsubscribe_token(reader.pk, delivery.pk)
    assert message.subject == "June"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}{token}/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    text = message.body
    assert text.startswith("Hello Jane & <Co>,")
    assert "Hello Jane &amp; &lt;Co&gt;," in html
    for part in (text, html):
        assert f"{unsubscribe}{token}/" in part
        assert "1 Example Street" in part
        assert "Pricing For Profit" in part
        assert "Charge what it is worth." in part
        assert counted(delivery, f"http://127.0.0.1:8000{article.get_absolute_url()}") in part
        assert "Unfinished Draft" not in part
    blog = counted(delivery, "http://127.0.0.1:8000/blog/")
    assert (
        f'<a style="color:#0f5a6b;" href="{blog}" rel="noopener noreferrer">our blog</a>'
    ) in html
    assert "<strong>more</strong>" in html


def test_list_unsubscribe_headers_are_written_whole_not_as_encoded_words(settings):
    settings.SITE_URL = "https://www.a-rather-long-domain-name-for-a-publisher.example"
    make_subscriber()

    send(make_issue())

    raw = mail.outbox[0].message().as_bytes().decode()
    [line] = [line for line in raw.splitlines() if line.startswith("List-Unsubscribe:")]
    assert line.startswith(f"List-Unsubscribe: <{settings.SITE_URL}/newsletter/unsubscribe/")
    assert line.endswith("/>")
    assert "=?utf-8?" not in line
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw.splitlines()


def test_every_reader_gets_their_own_unsubscribe_link():
    readers = [make_subscriber() for _ in range(3)]

    send(make_issue())

    links = {message.to[0]: message.extra_headers["List-Unsubscribe"] for message in mail.outbox}
    for reader in readers:
        delivery = reader.deliveries.get()
        assert tokens.make_unsubscribe_token(reader.pk, delivery.pk) in links[reader.email]


def test_a_readers_unsubscribe_link_is_the_one_the_site_gives_them(settings):
    settings.SITE_URL = "https://TOKEN.example/TOKEN"
    reader = make_subscriber()

    send(make_issue())

    [message] = mail.outbox
    link = emails.unsubscribe_url(reader.pk, reader.deliveries.get().pk)
    assert link.startswith("https://TOKEN.example/TOKEN/newsletter/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert link in message.body


def test_the_issue_goes_out_in_batches_over_one_connection(settings):
    use_backend(settings, CountingBackend)
    CountingBackend.opened = 0
    for _ in range(7):
        make_subscriber()
    batches = []

    send(make_issue(), batch_size=3, progress=batches.append)

    assert len(mail.outbox) == 7
    assert CountingBackend.opened == 1
    assert [counts["sent"] for counts in batches] == [3, 6, 7]


def test_a_temporary_failure_is_recorded_and_retried_later(settings):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {"busy@example.com": [refused("busy@example.com", 451)]}
    make_subscriber(email="busy@example.com")
    make_subscriber(email="fine@example.com")
    issue = make_issue()

    first = send(issue)

    delivery = Delivery.objects.get(subscriber__email="busy@example.com")
    assert first["waiting"] == 1
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert delivery.error == "451 <<recipient>> mailbox busy"
    assert "busy@example.com" not in delivery.error

    Delivery.objects.update(retry_at=timezone.now())
    second = sending.send_issue(issue)

    assert second["sent"] == 2
    assert recipients() == {"fine@example.com": 1, "busy@example.com": 1}


def test_a_retry_waits_for_its_time(settings):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {"busy@example.com": [refused("busy@example.com", 451)]}
    make_subscriber(email="busy@example.com")
    issue = make_issue()

    send(issue)
    sending.send_issue(issue)

    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert delivery.retry_at > timezone.now() + timedelta(minutes=1)
    assert sending.next_retry_at(issue) == delivery.retry_at


def test_retries_are_bounded(settings, no_retry_delay):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {"busy@example.com": refused("busy@example.com", 451)}
    make_subscriber(email="busy@example.com")
    issue = make_issue()

    send(issue)
    for _ in range(5):
        sending.send_issue(issue)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == sending.MAX_ATTEMPTS
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_permanent_failure_is_not_retried(settings, no_retry_delay):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {"gone@example.com": refused("gone@example.com", 550)}
    make_subscriber(email="gone@example.com")
    issue = make_issue()

    counts = send(issue)

    assert counts["failed"] == 1
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1
    assert delivery.error.startswith("550 ")


def test_a_dropped_connection_is_reopened_and_the_rest_still_go_out(settings, no_retry_delay):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {
        "second@example.com": [smtplib.SMTPServerDisconnected("Connection unexpectedly closed")]
    }
    for name in ["first", "second", "third"]:
        make_subscriber(email=f"{name}@example.com")
    issue = make_issue()

    send(issue)

    assert recipients() == {f"{n}@example.com": 1 for n in ["first", "second", "third"]}
    assert Delivery.objects.get(subscriber__email="second@example.com").attempts == 2


def test_a_sender_stopped_mid_batch_gives_back_its_rows_and_the_one_in_flight_goes_again(
    settings,
):
    use_backend(settings, CrashingBackend)
    CrashingBackend.limit = 3
    readers = [make_subscriber() for _ in range(8)]
    issue = make_issue()
    sending.queue_issue(issue)

    with pytest.raises(KeyboardInterrupt):
        sending.send_issue(issue, batch_size=5)

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == {"sent": 3, "queued": 5}
    in_flight = Delivery.objects.get(is_resend=True)
    assert in_flight.subscriber == readers[3]
    assert in_flight.attempts == 0

    use_backend(settings, CrashingBackend.__base__)
    counts = sending.send_issue(issue, batch_size=5)

    assert counts == {
        "sent": 8,
        "failed": 0,
        "skipped": 0,
        "waiting": 0,
        "total": 8,
        "resent": 1,
    }
    assert recipients() == {reader.email: 1 for reader in readers}


def claimed_by_a_sender(heartbeat_at, readers_sent=0):
    """Queue an issue and let a sender claim all its rows, its heartbeat last seen then.

    The sender saved its first `readers_sent` rows as sent, so the next one may have been
    in flight (handed to the mail server, not yet saved); the others cannot have gone out.
    """
    readers = [make_subscriber() for _ in range(4)]
    issue = make_issue()
    sending.queue_issue(issue)
    Delivery.objects.update(status="sending", claim="other", heartbeat_at=heartbeat_at, attempts=1)
    Delivery.objects.filter(subscriber__in=readers[:readers_sent]).update(status="sent")
    return issue, readers


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_a_claim_whose_heartbeat_stopped_is_taken_over_at_once():
    silent_since = timezone.now() - sending.sender_timeout() - timedelta(seconds=1)
    issue, readers = claimed_by_a_sender(silent_since, readers_sent=1)

    counts = sending.send_issue(issue)

    assert recipients() == {reader.email: 1 for reader in readers[1:]}
    assert counts["sent"] == 4
    assert counts["resent"] == 1
    assert Delivery.objects.get(is_resend=True).subscriber == readers[1]
    assert not Delivery.objects.filter(status=Delivery.Status.FAILED).exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_taking_over_a_stopped_sender_is_logged_with_the_message_sent_again(caplog):
    silent_since = timezone.now() - sending.sender_timeout() - timedelta(seconds=1)
    issue, readers = claimed_by_a_sender(silent_since, readers_sent=2)
    in_flight = Delivery.objects.get(subscriber=readers[2])

    with caplog.at_level("WARNING"):
        sending.send_issue(issue)

    assert f"delivery {in_flight.pk} may have gone out and will be sent again" in caplog.text


def test_a_claim_with_a_recent_heartbeat_is_left_to_its_sender():
    beat_recently = timezone.now() - sending.sender_timeout() + timedelta(seconds=5)
    issue, _ = claimed_by_a_sender(beat_recently)

    sending.send_issue(issue)

    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", "claim")) == {("sending", "other")}
    assert not Delivery.objects.filter(is_resend=True).exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    assert sending.next_takeover_at(issue) == beat_recently + sending.sender_timeout()


@commits
def test_a_live_sender_keeps_its_claim_fresh_so_it_is_never_taken_over(settings):
    settings.NEWSLETTER_SENDER_TIMEOUT = 1.2
    claimed_at = timezone.now()
    issue, _ = claimed_by_a_sender(claimed_at)

    with sending.heartbeat("other"):
        # Past the moment the claim would have gone stale without a heartbeat.
        wait_for(lambda: timezone.now() > claimed_at + sending.sender_timeout())
        sending.send_issue(issue)

    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", "claim")) == {("sending", "other")}
    assert not Delivery.objects.filter(is_resend=True).exists()


@commits
def test_two_live_senders_share_an_issue_and_nobody_gets_two_copies(settings):
    settings.NEWSLETTER_SENDER_TIMEOUT = 1
    use_backend(settings, SlowBackend)
    readers = [make_subscriber() for _ in range(50)]
    issue = make_issue()
    sending.queue_issue(issue)

    def sender(batch_size):
        try:
            sending.send_issue(Issue.objects.get(pk=issue.pk), batch_size=batch_size)
        finally:
            connections.close_all()

    # One sends batches of 5 (half a second each), and looks for stale claims before each;
    # the other holds a batch of 30 for three seconds: only its heartbeat keeps it its own.
    senders = [threading.Thread(target=sender, args=[size]) for size in (5, 30)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join(timeout=30)

    assert recipients() == {reader.email: 1 for reader in readers}
    assert not Delivery.objects.filter(is_resend=True).exists()
    assert len(set(Delivery.objects.values_list("claim", flat=True))) == 2, "one sent all"


def test_a_sender_that_lost_its_claim_stops_without_saving_or_sending_more(settings):
    use_backend(settings, TakenOverBackend)
    readers = [make_subscriber() for _ in range(4)]
    issue = make_issue()
    sending.queue_issue(issue)

    def another_sender_takes_over():
        # While the first message is with the mail server, this sender is silent for too
        # long and another takes its rows over: the first may have gone out, so goes again.
        Delivery.objects.update(heartbeat_at=timezone.now() - timedelta(hours=1))
        assert sending.release_stale_claims(issue) == 1

    TakenOverBackend.take_over = another_sender_takes_over

    counts = sending.send_issue(issue)

    assert recipients() == {readers[0].email: 2, **{r.email: 1 for r in readers[1:]}}
    assert counts["sent"] == 4
    assert counts["resent"] == 1


def test_no_delivery_fails_when_the_mail_server_cannot_be_reached(settings):
    use_backend(settings, UnreachableBackend)
    make_subscriber()
    make_subscriber()
    issue = make_issue()
    sending.queue_issue(issue)

    with pytest.raises(ConnectionRefusedError):
        sending.send_issue(issue)

    assert set(Delivery.objects.values_list("status", "attempts", "is_resend")) == {
        ("queued", 0, False)
    }


@commits
def test_the_background_task_waits_for_a_stopped_sender_and_finishes_the_issue(settings):
    settings.NEWSLETTER_SENDER_TIMEOUT = 0.6
    issue, readers = claimed_by_a_sender(timezone.now(), readers_sent=3)

    tasks.send_issue_deliveries.enqueue(issue.pk)

    assert recipients() == {readers[3].email: 1}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_sending_again_sends_nothing_twice():
    make_subscriber()
    make_subscriber()
    issue = make_issue()

    send(issue)
    sending.send_issue(issue)
    send(issue)

    assert len(mail.outbox) == 2


def test_the_background_task_sends_the_issue():
    make_subscriber()
    issue = make_issue()

    tasks.start_sending(issue)

    assert len(mail.outbox) == 1
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_log_lines_name_subscribers_by_number_not_by_address(settings, caplog, no_retry_delay):
    use_backend(settings, FailingBackend)
    FailingBackend.errors = {"busy@example.com": [refused("busy@example.com", 451)]}
    make_subscriber(email="busy@example.com")
    issue = make_issue()

    with caplog.at_level("INFO"):
        send(issue)
        sending.send_issue(issue)
        Client().post("/newsletter/", {"email": "new@example.com"})

    assert caplog.records
    assert "@example.com" not in caplog.text
