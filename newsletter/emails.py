"""Build and send the e-zine's emails: confirmations, issues and editors' test copies.

Sending an issue has two steps. `queue_issue()` snapshots the confirmed subscribers into
Delivery rows. `send_issue()` then claims the rows in batches and sends them over one
reused mail connection, recording each outcome as soon as it is known. A row is claimed
before it is sent and is never sent again once it may have gone out, so several workers
can share an issue and a crashed run can simply be started again (see `send_issue()`).
"""

import logging
import re
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.html import escape

from newsletter import tokens
from newsletter.mime import MessageTemplate, PreparedMessage
from newsletter.models import Consent, Delivery, Issue, Subscriber, Suppression
from smallbiz.cache import clear_pages

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

# Stand-ins for the per-reader parts of an issue. The issue is rendered once with these in
# it; each message then only swaps them for the reader's greeting and unsubscribe link.
GREETING = "%%GREETING%%"
UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"


def absolute_url(path):
    """Return the public address of a path on this site, for links in emails."""
    return settings.SITE_URL + path


def greeting(first_name):
    return f"Hello {first_name}," if first_name else "Hello,"


# Confirmation emails


def request_subscription(email, first_name, notice, source):
    """Start the double opt-in for an address, unless that would tell or mail too much.

    A confirmed address is not mailed again, and a pending one at most once in ten minutes.
    Return nothing whatever happened: the visitor sees the same answer in every case.
    """
    subscriber = subscriber_for(email, first_name)
    if subscriber.is_confirmed():
        return
    request_confirmation(subscriber, notice, source)


def subscriber_for(email, first_name):
    """Return the subscriber with this address, added as pending if it is new.

    A subscriber who has not confirmed takes the first name given; a confirmed one keeps theirs.
    """
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, first_name=first_name)
        except IntegrityError:
            # Someone subscribed the same address a moment ago.
            subscriber = Subscriber.objects.with_email(email).get()
    if not subscriber.is_confirmed() and first_name and first_name != subscriber.first_name:
        subscriber.first_name = first_name
        subscriber.save(update_fields=["first_name"])
    return subscriber


def request_confirmation(subscriber, notice, source):
    """Record the subscribe request and queue its confirmation email, at most once in ten minutes.

    Return True if an email was queued.
    """
    from newsletter.tasks import send_confirmation_email

    consent = record_consent(subscriber, notice, source)
    if consent is None:
        return False
    send_confirmation_email.enqueue(consent.pk)
    return True


def record_consent(subscriber, notice, source):
    """Record a subscribe request whose confirmation email goes out now, and return it.

    Return None, recording nothing, if the address was sent one in the last ten minutes.
    """
    if not subscriber.reserve_confirmation():
        return None
    consent = Consent.objects.create(subscriber=subscriber, notice=notice, source=source)
    logger.info("Confirmation requested for subscriber %s", subscriber.pk)
    return consent


def send_confirmation(consent):
    """Send the email with the link that confirms this subscribe request."""
    subscriber = consent.subscriber
    token = tokens.make_confirm_token(consent)
    context = {
        "greeting": greeting(subscriber.first_name),
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
        "privacy_url": absolute_url(reverse("newsletter:privacy")),
        "expiry_days": tokens.CONFIRM_MAX_AGE.days,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
    }
    subject = render_to_string("newsletter/email/confirm_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("newsletter/email/confirm_body.txt", context),
        to=[subscriber.email],
    )
    message.attach_alternative(
        render_to_string("newsletter/email/confirm_body.html", context), "text/html"
    )
    message.send(using=settings.NEWSLETTER_MAILER)
    logger.info("Confirmation email sent to subscriber %s", subscriber.pk)


# Issues: rendering


@dataclass(frozen=True)
class RenderedIssue:
    """An issue's message template and bodies, with stand-ins for the per-reader parts."""

    template: MessageTemplate
    text: str
    html: str

    def for_reader(self, first_name, unsubscribe_url):
        """Return the (text, html) bodies for one reader."""
        text = self.text.replace(GREETING, greeting(first_name)).replace(
            UNSUBSCRIBE_URL, unsubscribe_url
        )
        html = self.html.replace(GREETING, escape(greeting(first_name))).replace(
            UNSUBSCRIBE_URL, escape(unsubscribe_url)
        )
        return text, html


class IssueEmail(EmailMultiAlternatives):
    """One reader's copy of an issue, serialised from the issue's template (see mime.py)."""

    def __init__(self, template, to, text, html, list_unsubscribe):
        super().__init__(
            subject=template.subject,
            body=text,
            from_email=template.from_email,
            to=[to],
            headers={"List-Unsubscribe": list_unsubscribe, **template.headers},
        )
        self.attach_alternative(html, "text/html")
        self.template = template

    def message(self, *, policy=None):
        return PreparedMessage(
            self.template.fill(
                to=self.to[0],
                list_unsubscribe=self.extra_headers["List-Unsubscribe"],
                text=self.body,
                html=self.alternatives[0].content,
            )
        )


# Inline styles for the tags that Markdown produces, since many mail clients drop <style>.
EMAIL_TAG_STYLES = {
    "p": "margin:0 0 16px;",
    "h2": "margin:24px 0 8px;font-size:20px;line-height:1.3;color:#0b2f3f;",
    "h3": "margin:20px 0 8px;font-size:17px;line-height:1.3;color:#0b2f3f;",
    "a": "color:#0f5a6b;",
    "ul": "margin:0 0 16px;padding-left:24px;",
    "ol": "margin:0 0 16px;padding-left:24px;",
    "blockquote": "margin:0 0 16px;padding:0 16px;border-left:4px solid #9a3f07;color:#4a5a67;",
    "img": "max-width:100%;height:auto;",
}
START_TAG = re.compile(r"<(" + "|".join(EMAIL_TAG_STYLES) + r")(?=[\s>])")
LOCAL_URL = re.compile(r'(\s(?:href|src)=")(/(?!/))')


def email_html(html):
    """Return stored, sanitised HTML ready for an email: inline styles and absolute links."""
    html = LOCAL_URL.sub(lambda m: m.group(1) + settings.SITE_URL + m.group(2), html)
    return START_TAG.sub(lambda m: f'<{m.group(1)} style="{EMAIL_TAG_STYLES[m.group(1)]}"', html)


def render_issue(issue, subject_prefix=""):
    """Render the issue once for all its readers."""
    articles = [
        {
            "title": article.title,
            "summary": article.summary,
            "category": article.category.name,
            "url": absolute_url(article.get_absolute_url()),
        }
        for article in issue.featured_articles()
    ]
    context = {
        "issue": issue,
        "body_html": email_html(issue.body_html),
        "articles": articles,
        "greeting": GREETING,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "web_url": absolute_url(issue.get_absolute_url()),
        "archive_url": absolute_url(reverse("newsletter:archive")),
        "home_url": absolute_url(reverse("articles:index")),
        "privacy_url": absolute_url(reverse("newsletter:privacy")),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
    }
    template = MessageTemplate(
        subject=subject_prefix + issue.subject,
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "List-Id": list_id()},
    )
    return RenderedIssue(
        template=template,
        text=render_to_string("newsletter/email/issue_body.txt", context),
        html=render_to_string("newsletter/email/issue_body.html", context),
    )


def unsubscribe_url(subscriber_pk):
    token = tokens.make_unsubscribe_token(subscriber_pk)
    return absolute_url(reverse("newsletter:unsubscribe", args=[token]))


def list_id():
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{settings.SITE_NAME} e-zine <ezine.{host}>"


def issue_email(rendered, to, first_name, unsubscribe_link):
    """Return the issue's message for one reader, with RFC 8058 one-click unsubscribe headers."""
    text, html = rendered.for_reader(first_name, unsubscribe_link)
    return IssueEmail(rendered.template, to, text, html, f"<{unsubscribe_link}>")


def preview_unsubscribe_url():
    """An unsubscribe link for previews and test copies: it leads to the page, for nobody."""
    return unsubscribe_url(0)


def send_test(issue, user):
    """Send one copy of the issue, marked as a test, to the editor's own address."""
    message = issue_email(
        render_issue(issue, subject_prefix="[Test] "),
        to=user.email,
        first_name=user.first_name,
        unsubscribe_link=preview_unsubscribe_url(),
    )
    message.send(using=settings.NEWSLETTER_MAILER)
    logger.info("Test copy of issue %s sent to user %s", issue.pk, user.pk)


# Issues: sending


def is_suppressed(email, digests):
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


def start_sending(issue):
    """Queue the issue and hand the sending to a background worker; return how many queued."""
    from newsletter.tasks import send_issue_deliveries

    queued = queue_issue(issue)
    send_issue_deliveries.enqueue(issue.pk)
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
    rendered = render_issue(issue)
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
            # The archive now lists this issue: public pages must not be served stale.
            clear_pages()
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
            message = issue_email(
                rendered, subscriber.email, subscriber.first_name, unsubscribe_url(subscriber.pk)
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
    now = timezone.now()
    sent_at = now if status == Delivery.Status.SENT else None
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
