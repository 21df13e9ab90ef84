"""`manage.py send_issue`: sends in the foreground with progress, and never twice."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery, Issue
from tests.factories import make_issue, make_subscriber
from tests.newsletter.mailers import FailingBackend, refused

pytestmark = pytest.mark.django_db


def send_issue(*args):
    out = StringIO()
    call_command("send_issue", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_send_issue_sends_a_draft_and_shows_progress():
    for _ in range(5):
        make_subscriber()
    issue = make_issue(subject="May")

    output = send_issue(issue.pk, "--batch-size", 2)

    assert len(mail.outbox) == 5
    assert "Queued “May” for 5 confirmed subscriber(s)." in output
    assert "[" + "#" * 12 + "." * 18 + "] 2/5  sent 2, failed 0" in output
    assert "] 5/5  sent 5, failed 0" in output
    assert "Done. “May”: 5 sent, 0 failed, 0 skipped, of 5." in output
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_running_it_again_sends_nothing_twice():
    make_subscriber()
    issue = make_issue()
    send_issue(issue.pk)

    output = send_issue(issue.pk)

    assert len(mail.outbox) == 1
    assert "already been sent" in output


def test_it_finishes_an_issue_a_worker_left_half_sent():
    readers = [make_subscriber() for _ in range(4)]
    issue = make_issue()
    sending.queue_issue(issue)
    Delivery.objects.filter(subscriber__in=readers[:2]).update(status=Delivery.Status.SENT)

    output = send_issue(issue.pk)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        reader.email for reader in readers[2:]
    )
    assert "4 sent" in output


def test_dry_run_sends_nothing():
    make_subscriber()
    make_subscriber()
    issue = make_issue(subject="April")

    output = send_issue(issue.pk, "--dry-run")

    assert "Would queue “April” for 2 confirmed subscriber(s)" in output
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.is_draft()


def test_an_unknown_issue_is_an_error():
    with pytest.raises(CommandError, match="There is no issue 999"):
        send_issue(999)


def test_it_waits_for_retries_then_reports(settings, no_retry_delay):
    settings.MAILERS = {"default": {"BACKEND": "tests.newsletter.mailers.FailingBackend"}}
    FailingBackend.errors = {"busy@example.com": refused("busy@example.com", 451)}
    make_subscriber(email="busy@example.com")
    make_subscriber(email="fine@example.com")
    issue = make_issue()

    output = send_issue(issue.pk)

    assert [message.to for message in mail.outbox] == [["fine@example.com"]]
    assert "1 sent, 1 failed" in output
    assert Delivery.objects.get(subscriber__email="busy@example.com").attempts == 3


def test_without_waiting_it_leaves_retries_for_later_and_says_so(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.newsletter.mailers.FailingBackend"}}
    FailingBackend.errors = {"busy@example.com": [refused("busy@example.com", 451)]}
    make_subscriber(email="busy@example.com")
    issue = make_issue()

    output = send_issue(issue.pk, "--no-wait")

    assert mail.outbox == []
    assert "Not finished." in output
    assert "1 still waiting" in output
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING


# The sender's heartbeat thread has a database connection of its own: this test commits (and
# puts back the rows migrations made, as the tests with serialized rollback expect).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rerun_right_after_a_crash_takes_over_finishes_and_reports_what_it_sent_again(
    settings,
):
    settings.NEWSLETTER_SENDER_TIMEOUT = 0.6
    readers = [make_subscriber() for _ in range(4)]
    issue = make_issue(subject="June")
    sending.queue_issue(issue)
    # A sender that was killed a moment ago: it held three rows and had sent the first.
    Delivery.objects.filter(subscriber__in=readers[1:]).update(
        status="sending", claim="killed", heartbeat_at=timezone.now(), attempts=1
    )
    Delivery.objects.filter(subscriber=readers[1]).update(status="sent")

    output = send_issue(issue.pk)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        reader.email for reader in [readers[0], *readers[2:]]
    )
    assert "Another sender holds 2 deliveries: waiting for it" in output
    assert ("Done. “June”: 4 sent, 0 failed, 0 skipped, of 4. 1 sent again after a crash") in output
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_without_waiting_it_leaves_another_senders_deliveries_to_it():
    make_subscriber()
    issue = make_issue()
    sending.queue_issue(issue)
    Delivery.objects.update(status="sending", claim="alive", heartbeat_at=timezone.now())

    output = send_issue(issue.pk, "--no-wait")

    assert mail.outbox == []
    assert "Not finished." in output
    assert "1 still waiting" in output
