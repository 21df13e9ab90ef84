"""Send an issue to its subscribers: queue the deliveries, then claim and send them in batches.

Sending an issue has two steps. `queue_issue()` snapshots the confirmed subscribers into
Delivery rows. `send_issue()` then claims the rows in batches and sends them over one
reused mail connection, recording each outcome as soon as it is known. While a sender
holds rows it keeps a heartbeat on them; rows whose heartbeat stopped belong to a sender
that died, and the next sender takes them over. So several senders can share an issue and
a crashed run can simply be started again (see `send_issue()`). The messages themselves
are built in `newsletter.emails`.
"""

import logging
import re
import smtplib
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import DatabaseError, InterfaceError, connections, transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import get_random_string

from newsletter import emails, tokens
from newsletter.models import Delivery, Issue, Subscriber, Suppression

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_ATTEMPTS = 3
# The wait before the second and the third attempt at a delivery that failed for a while.
RETRY_DELAYS = (timedelta(minutes=2), timedelta(minutes=15))
# A live sender refreshes its heartbeat this many times within NEWSLETTER_SENDER_TIMEOUT, so
# that a few late beats on a busy machine never make it look dead.
HEARTBEATS_PER_TIMEOUT = 6


def is_suppressed(email, digests):
    """Return True if the address was erased: one of its digests is among `digests`."""
    return any(digest in digests for digest in tokens.address_digests(email))


def queue_issue(issue):
    """Snapshot the issue's readers into Delivery rows and mark it as sending.

    The readers are the confirmed subscribers, less any erased address. Return how many
    rows were queued; an issue that is not a draft any more queues nothing.
    """
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if not locked.is_draft():
            return 0
        suppressed = set(Suppression.objects.values_list("digest", flat=True))
        readers = Subscriber.objects.confirmed().order_by("pk").values_list("pk", "email")
        rows, queued = [], 0
        for subscriber_pk, email in readers.iterator(chunk_size=2000):
            if suppressed and is_suppressed(email, suppressed):
                continue
            rows.append(Delivery(issue=locked, subscriber_id=subscriber_pk))
            if len(rows) == 1000:
                queued += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
                rows = []
        queued += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
        issue.mark_sending()
    logger.info("Issue %s queued for %s subscribers", issue.pk, queued)
    return queued


def send_issue(issue, *, progress=None, batch_size=BATCH_SIZE):
    """Send the issue's deliveries that are due now, in batches; return the issue's progress.

    Each batch is claimed in a short transaction (skipping rows other senders have
    locked, where the database can) and sent in primary-key order over one connection,
    each outcome saved as soon as it is known. While it sends, a heartbeat keeps the
    claim fresh (`heartbeat()`). Before each batch the rows of senders whose heartbeat
    stopped are taken over (`release_stale_claims()`): their first row still "sending"
    may have gone out, and is sent again. Rows that live senders hold are left to them
    (`next_takeover_at()` says when to look again). A failure is retried up to
    MAX_ATTEMPTS times, later. `progress`, if given, is called with the issue's counts
    after each batch.
    """
    worker = get_random_string(16)
    with heartbeat(worker):
        release_stale_claims(issue)
        batch = claim_batch(issue, worker, batch_size)
        try:
            if batch:
                rendered = emails.render_issue(issue, count_links=True)
                with mail.mailers[settings.NEWSLETTER_MAILER] as connection:
                    while batch:
                        send_batch(batch, rendered, connection, worker)
                        if progress:
                            progress(issue.progress())
                        release_stale_claims(issue)
                        batch = claim_batch(issue, worker, batch_size)
        finally:
            # If the mail server cannot be reached, say, the rows claimed go back at once.
            release_claim(worker, in_flight=None)
    if not issue.deliveries.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists():
        issue.refresh_from_db(fields=["status"])
        if issue.status == Issue.Status.SENDING:
            issue.mark_sent()
            logger.info("Issue %s sent", issue.pk)
    return issue.progress()


def claim_batch(issue, worker, size):
    """Claim up to `size` due deliveries for this worker; return them with their subscribers."""
    with transaction.atomic():
        pks = list(
            Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED)
            .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now()))
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=pks).update(
            status=Delivery.Status.SENDING,
            claim=worker,
            heartbeat_at=Now(),
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(pk__in=pks)
        .select_related("subscriber")
        .only(
            "attempts",
            "subscriber__email",
            "subscriber__first_name",
            "subscriber__status",
        )
        .order_by("pk")
    )


def send_batch(batch, rendered, connection, worker):
    """Send a claimed batch in order; whatever stops it, give back the rows not yet done.

    A row is "in flight" from the moment its message is handed to the connection until
    its outcome is saved. If the claim was taken over meanwhile (this sender was silent
    for too long), the outcome is not saved and the batch stops.
    """
    in_flight = None
    try:
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber is None or not subscriber.is_confirmed():
                # Unsubscribed or erased since the issue was queued.
                recorded = finish(delivery, worker, Delivery.Status.SKIPPED)
            else:
                message = emails.issue_email(
                    rendered,
                    subscriber.email,
                    subscriber.first_name,
                    emails.unsubscribe_url(subscriber.pk, delivery.pk),
                    delivery_pk=delivery.pk,
                )
                in_flight = delivery
                try:
                    connection.send_messages([message])
                except (smtplib.SMTPException, OSError, ValueError) as error:
                    recorded = record_failure(delivery, worker, error, subscriber.email)
                    in_flight = None
                    if is_connection_error(error):
                        reconnect(connection)
                else:
                    recorded = finish(delivery, worker, Delivery.Status.SENT)
                    in_flight = None
            if not recorded:
                logger.warning(
                    "Sender %s lost its claim on issue %s to another sender: it stops this batch",
                    worker,
                    delivery.issue_id,
                )
                return
    finally:
        release_claim(worker, in_flight)


def finish(delivery, worker, status):
    """Record a delivery's final status (sent or skipped), clearing any earlier error.

    Return False, saving nothing, if the worker no longer holds the row.
    """
    sent_at = timezone.now() if status == Delivery.Status.SENT else None
    return bool(
        Delivery.objects.filter(pk=delivery.pk, claim=worker).update(
            status=status, sent_at=sent_at, error=""
        )
    )


def record_failure(delivery, worker, error, address):
    """Save why a delivery failed; queue it again for later unless it cannot succeed.

    Only the mail server's answer to this message (or an address it cannot take) fails a
    delivery, at once if permanent, else after MAX_ATTEMPTS. Return False, saving
    nothing, if the worker no longer holds the row.
    """
    described = describe_error(error, address)
    held = Delivery.objects.filter(pk=delivery.pk, claim=worker)
    if is_permanent(error) or delivery.attempts >= MAX_ATTEMPTS:
        recorded = held.update(status=Delivery.Status.FAILED, error=described)
    else:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        recorded = held.update(
            status=Delivery.Status.QUEUED, error=described, retry_at=timezone.now() + delay
        )
    logger.warning(
        "Delivery %s (subscriber %s) failed on attempt %s: %s",
        delivery.pk,
        delivery.subscriber_id,
        delivery.attempts,
        described,
    )
    return bool(recorded)


def describe_error(error, address):
    """Return the error as text for the admin, without the recipient's address in it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
        described = f"{code} {_decode(text)}"
    elif isinstance(error, smtplib.SMTPResponseException):
        described = f"{error.smtp_code} {_decode(error.smtp_error)}"
    else:
        described = f"{type(error).__name__}: {error}"
    return re.sub(re.escape(address), "<recipient>", described, flags=re.IGNORECASE)[:500]


def _decode(text):
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def is_permanent(error):
    """Return True for a failure that trying again cannot fix (a 5xx answer, a bad address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, _ = next(iter(error.recipients.values()))
        return code >= 500
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def is_connection_error(error):
    """Return True if the error broke the connection, so it must be opened again."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def reconnect(connection):
    """Open the mail connection again after it broke; raise if the server cannot be reached."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass
    connection.open()


def release_claim(worker, in_flight):
    """Give back a worker's unfinished rows; the one in flight is marked to be sent again."""
    claimed = Delivery.objects.filter(claim=worker, status=Delivery.Status.SENDING)
    if in_flight is not None:
        claimed.filter(pk=in_flight.pk).update(is_resend=True)
    claimed.update(
        status=Delivery.Status.QUEUED, claim="", heartbeat_at=None, attempts=F("attempts") - 1
    )


def sender_timeout():
    """Return how long a sender may stay silent before its rows are taken over."""
    return timedelta(seconds=settings.NEWSLETTER_SENDER_TIMEOUT)


def heartbeat_interval():
    """Return how many seconds a live sender waits between two heartbeats."""
    return settings.NEWSLETTER_SENDER_TIMEOUT / HEARTBEATS_PER_TIMEOUT


@contextmanager
def heartbeat(worker):
    """Keep the worker's claimed rows fresh, from a thread of its own, while the block runs.

    A thread, so that a slow mail server or a long wait for the database never makes a
    live sender look dead: only a sender whose process is gone (or frozen) stops beating.
    """
    stopped = threading.Event()
    beating = threading.Thread(
        target=beat, args=(worker, stopped), name=f"heartbeat-{worker}", daemon=True
    )
    beating.start()
    try:
        yield
    finally:
        stopped.set()
        beating.join()


def beat(worker, stopped):
    """Refresh the heartbeat of the worker's rows every few seconds until `stopped` is set."""
    try:
        while not stopped.wait(heartbeat_interval()):
            try:
                Delivery.objects.filter(claim=worker, status=Delivery.Status.SENDING).update(
                    heartbeat_at=Now()
                )
            except (DatabaseError, InterfaceError):
                # The next beat tries again, on a new connection; only a whole timeout
                # without one lets another sender take the rows over.
                logger.exception("Sender %s could not refresh its heartbeat", worker)
                connections.close_all()
    finally:
        connections.close_all()


def release_stale_claims(issue):
    """Take over the rows of senders whose heartbeat stopped; return how many will be resent.

    A sender sends its rows in primary-key order and saves each outcome before the next
    message, so of a dead sender's rows still "sending" only the first may have reached
    the mail server. All go back to the queue; that one is marked `is_resend`: a reader
    who may get two copies is better than one who silently misses the issue. The time is
    the database's, so the clocks of several app servers do not matter.
    """
    with transaction.atomic():
        stale = list(
            Delivery.objects.filter(
                issue=issue,
                status=Delivery.Status.SENDING,
                heartbeat_at__lt=Now() - sender_timeout(),
            )
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "claim")
        )
        first_rows = {}
        for pk, claim in stale:
            first_rows.setdefault(claim, pk)
        Delivery.objects.filter(pk__in=first_rows.values()).update(is_resend=True)
        Delivery.objects.filter(pk__in=[pk for pk, _ in stale]).update(
            status=Delivery.Status.QUEUED,
            claim="",
            heartbeat_at=None,
            attempts=F("attempts") - 1,
        )
    for claim, pk in first_rows.items():
        logger.warning(
            "Sender %s of issue %s stopped: took over its deliveries; delivery %s may have "
            "gone out and will be sent again",
            claim,
            issue.pk,
            pk,
        )
    return len(first_rows)


def next_takeover_at(issue):
    """Return when the rows other senders hold would be taken over if none beat again.

    None if no sender holds any. Until then they are left to their senders, which are
    presumably alive and sending them.
    """
    oldest = issue.deliveries.filter(status=Delivery.Status.SENDING).aggregate(
        oldest=Min("heartbeat_at")
    )["oldest"]
    return oldest + sender_timeout() if oldest else None


def wait_until(moment):
    """Sleep until just after `moment`, or for one heartbeat if that is sooner.

    A caller waiting for another sender's rows looks again at least once a heartbeat, so
    that it sees at once when that sender has finished them.
    """
    seconds = (moment - timezone.now()).total_seconds()
    time.sleep(min(max(seconds, 0) + 0.1, heartbeat_interval()))


def next_retry_at(issue):
    """Return when the issue's next delivery waiting for a retry is due, or None."""
    return issue.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(due=Min("retry_at"))[
        "due"
    ]
