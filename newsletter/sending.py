"""Send an issue to its subscribers: queue the deliveries, then claim and send them in batches.

Sending an issue has two steps. `queue_issue()` snapshots the confirmed subscribers into
Delivery rows. `send_issue()` then claims the rows in batches and sends them over one
reused mail connection, recording each outcome as soon as it is known. A row is claimed
before it is sent and is never sent again once it may have gone out, so several workers
can share an issue and a crashed run can simply be started again (see `send_issue()`).
The messages themselves are built in `newsletter.emails`.
"""

import logging
import re
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from newsletter import emails, tokens
from newsletter.models import Delivery, Issue, Subscriber, Suppression

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_ATTEMPTS = 3
# The wait before the second and the third attempt at a delivery that failed for a while.
RETRY_DELAYS = (timedelta(minutes=2), timedelta(minutes=15))
# A claim older than this belongs to a worker that died: its rows are taken back.
CLAIM_LEASE = timedelta(minutes=15)

INTERRUPTED = (
    "Interrupted while being sent, so it may have gone out: not retried, so that nobody "
    "gets the issue twice."
)


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
    """Send the issue's due deliveries in batches over one connection; return its progress.

    Each batch is claimed in a short transaction (skipping rows other workers have locked,
    where the database can) and sent in primary-key order, each outcome saved as soon as
    it is known. So if a worker dies, the first row of its claim still marked "sending" is
    the only one that may have gone out: it is marked failed, never retried, and the rest
    are queued again. A failure is retried up to MAX_ATTEMPTS times, later.
    `progress`, if given, is called with the issue's counts after each batch.
    """
    release_stale_claims(issue)
    rendered = emails.render_issue(issue)
    worker = get_random_string(16)
    with mail.mailers[settings.NEWSLETTER_MAILER] as connection:
        while batch := claim_batch(issue, worker, batch_size):
            send_batch(batch, rendered, connection, worker)
            if progress:
                progress(issue.progress())
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
    now = timezone.now()
    with transaction.atomic():
        pks = list(
            Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED)
            .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=pks).update(
            status=Delivery.Status.SENDING,
            claim=worker,
            claimed_at=now,
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
    """Send a claimed batch in order; whatever stops it, give back the rows not yet done."""
    in_flight = None
    try:
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber is None or not subscriber.is_confirmed():
                # Unsubscribed or erased since the issue was queued.
                finish(delivery, Delivery.Status.SKIPPED)
                continue
            message = emails.issue_email(
                rendered,
                subscriber.email,
                subscriber.first_name,
                emails.unsubscribe_url(subscriber.pk),
            )
            in_flight = delivery
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError, ValueError) as error:
                in_flight = None
                record_failure(delivery, error, subscriber.email)
                if is_connection_error(error):
                    reconnect(connection)
            else:
                in_flight = None
                finish(delivery, Delivery.Status.SENT)
    finally:
        release_claim(worker, in_flight)


def finish(delivery, status):
    """Record a delivery's final status (sent or skipped), clearing any earlier error."""
    sent_at = timezone.now() if status == Delivery.Status.SENT else None
    Delivery.objects.filter(pk=delivery.pk).update(status=status, sent_at=sent_at, error="")


def record_failure(delivery, error, address):
    """Save why a delivery failed; queue it again for later unless it cannot succeed."""
    described = describe_error(error, address)
    if is_permanent(error) or delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, error=described
        )
    else:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.QUEUED, error=described, retry_at=timezone.now() + delay
        )
    logger.warning(
        "Delivery %s (subscriber %s) failed on attempt %s: %s",
        delivery.pk,
        delivery.subscriber_id,
        delivery.attempts,
        described,
    )


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
    """Give back a worker's unfinished rows: the one in flight is failed, the rest queued."""
    claimed = Delivery.objects.filter(claim=worker, status=Delivery.Status.SENDING)
    if in_flight is not None:
        claimed.filter(pk=in_flight.pk).update(status=Delivery.Status.FAILED, error=INTERRUPTED)
    claimed.update(
        status=Delivery.Status.QUEUED, claim="", claimed_at=None, attempts=F("attempts") - 1
    )


def release_stale_claims(issue):
    """Take back the rows of workers that stopped without finishing (see `send_issue()`)."""
    stale = Delivery.objects.filter(
        issue=issue,
        status=Delivery.Status.SENDING,
        claimed_at__lt=timezone.now() - CLAIM_LEASE,
    )
    with transaction.atomic():
        for claim in set(stale.values_list("claim", flat=True)):
            rows = stale.filter(claim=claim)
            maybe_sent = rows.order_by("pk").values_list("pk", flat=True).first()
            Delivery.objects.filter(pk=maybe_sent).update(
                status=Delivery.Status.FAILED, error=INTERRUPTED
            )
            rows.exclude(pk=maybe_sent).update(
                status=Delivery.Status.QUEUED,
                claim="",
                claimed_at=None,
                attempts=F("attempts") - 1,
            )
            logger.warning("Took back the stale claim %s on issue %s", claim, issue.pk)


def next_retry_at(issue):
    """Return when the issue's next delivery waiting for a retry is due, or None."""
    return issue.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(due=Min("retry_at"))[
        "due"
    ]
