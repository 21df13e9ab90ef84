"""Build the e-zine's emails: confirmations, issues and editors' test copies.

An issue is rendered once for all its readers (`render_issue()`); each reader's message
then only fills in their greeting, unsubscribe link and, when the issue is sent to its
readers, their own links through our click counter (`issue_email()`, `newsletter.links`).
Sending an issue to its subscribers, in batches and with retries, is `newsletter.sending`'s
work.
"""

import email.policy
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from newsletter import greetings, links, plaintext, tokens
from newsletter.models import Issue

logger = logging.getLogger(__name__)

# Stand-ins for the per-reader parts of an issue. The issue is rendered once with these in
# it; each message then only swaps them for the reader's greeting, unsubscribe link and
# counted links (`%%LINK-<n>%%`, see newsletter.links).
GREETING = "%%GREETING%%"
UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"
STAND_IN = re.compile(f"{re.escape(GREETING)}|{re.escape(UNSUBSCRIBE_URL)}|%%LINK-(\\d+)%%")


def absolute_url(path):
    """Return the public address of a path on this site, for links in emails."""
    return settings.SITE_URL + path


def greeting(first_name):
    """Return the line that opens an email: the reader's first name if we have it."""
    return f"Hello {first_name}," if first_name else "Hello,"


def site_context():
    """Return what every email's footer shows: the site, its postal address, the privacy link."""
    return {
        "privacy_url": absolute_url(reverse("newsletter:privacy")),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
    }


def send_email(to, template_prefix, context, message_class=EmailMultiAlternatives, headers=None):
    """Send one multipart email (text and HTML) made from the templates with this prefix."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    message = message_class(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template_prefix}_body.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"{template_prefix}_body.html", context), "text/html"
    )
    message.send(using=settings.NEWSLETTER_MAILER)


def send_confirmation(consent):
    """Send the email with the link that confirms this subscribe request."""
    subscriber = consent.subscriber
    token = tokens.make_confirm_token(consent)
    context = {
        **site_context(),
        # The name given with this request, which confirming it gives the subscriber.
        "greeting": greeting(consent.first_name_on_confirmation()),
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
        "expiry_days": tokens.CONFIRM_MAX_AGE.days,
    }
    send_email(subscriber.email, "newsletter/email/confirm", context)
    logger.info("Confirmation email sent to subscriber %s", subscriber.pk)


def send_reconfirmation(consent):
    """Ask an imported subscriber to confirm that they still want the e-zine.

    The link is the ordinary confirmation link of their imported consent record: pressing
    its button makes them a confirmed subscriber; without it they are never mailed again.
    """
    subscriber = consent.subscriber
    token = tokens.make_confirm_token(consent)
    context = {
        **site_context(),
        "greeting": greeting(subscriber.first_name),
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
        "expiry_days": tokens.CONFIRM_MAX_AGE.days,
        "signed_up_at": consent.signed_up_at,
    }
    send_email(subscriber.email, "newsletter/email/reconfirm", context)
    logger.info("Reconfirmation email sent to subscriber %s", subscriber.pk)


def send_welcome(subscriber):
    """Send the welcome email: what the e-zine brings and when, something to read, how to leave.

    Something to read is the latest issue, or before the first one the three newest articles.
    """
    latest_issue = Issue.objects.sent().order_by("-sent_at", "-pk").only("subject").first()
    articles = []
    if latest_issue is None:
        articles = [
            {"title": article.title, "url": absolute_url(article.get_absolute_url())}
            for article in Article.objects.published()
            .newest_first()
            .select_related("category")
            .only("title", "slug", "category__slug")[:3]
        ]
    unsubscribe_link = unsubscribe_url(subscriber.pk)
    context = {
        **site_context(),
        "greeting": greeting(subscriber.first_name),
        "issue_subject": latest_issue.subject if latest_issue else "",
        "issue_url": absolute_url(latest_issue.get_absolute_url()) if latest_issue else "",
        "articles": articles,
        "archive_url": absolute_url(reverse("newsletter:archive")),
        "unsubscribe_url": unsubscribe_link,
    }
    send_email(
        subscriber.email,
        "newsletter/email/welcome",
        context,
        message_class=IssueEmail,
        headers=list_headers(unsubscribe_link),
    )
    logger.info("Welcome email sent to subscriber %s", subscriber.pk)


# Issues


@dataclass(frozen=True)
class RenderedIssue:
    """An issue's subject and bodies, with stand-ins for the per-reader parts, and the
    issue's greeting with its fallback for readers without a first name."""

    subject: str
    text: str
    html: str
    greeting: str = "Hello {first name},"
    greeting_fallback: str = "Hello,"
    # The IssueLinks that `%%LINK-<n>%%` stand for, when the issue is rendered for sending.
    issue_pk: int | None = None
    link_pks: tuple = ()

    def for_reader(self, first_name, unsubscribe_url, delivery_pk=None):
        """Return the (text, html) bodies for one reader: `delivery_pk` names their copy."""
        line = greetings.fill(self.greeting, self.greeting_fallback, first_name)
        values = {GREETING: line, UNSUBSCRIBE_URL: unsubscribe_url}
        link_urls = [self.link_url(link_pk, delivery_pk) for link_pk in self.link_pks]

        def value(match):
            if match.group(1) is None:
                return values[match.group(0)]
            index = int(match.group(1))
            return link_urls[index] if index < len(link_urls) else match.group(0)

        # One pass, so that nothing in a reader's name is taken for a stand-in.
        return (
            STAND_IN.sub(value, self.text),
            STAND_IN.sub(lambda match: escape(value(match)), self.html),
        )

    def link_url(self, link_pk, delivery_pk):
        """Return the address of a link in one reader's copy: our signed, counting redirect."""
        token = tokens.make_link_token(self.issue_pk, link_pk, delivery_pk or 0)
        return absolute_url(reverse("newsletter:follow_link", args=[token]))


class IssueEmail(EmailMultiAlternatives):
    """One reader's copy of an issue, with its List-Unsubscribe header on one line."""

    def message(self, *, policy=email.policy.default):
        # Python folds a header that is longer than a line into RFC 2047 encoded words, which
        # mail providers do not decode in List-Unsubscribe (RFC 2369 wants its <URL> whole).
        # So that header is stored raw, under a policy that writes raw headers as they are:
        # on one line, which RFC 5322 allows up to 998 characters.
        message = super().message(policy=policy.clone(refold_source="none"))
        list_unsubscribe = str(message["List-Unsubscribe"])
        del message["List-Unsubscribe"]
        message.set_raw("List-Unsubscribe", list_unsubscribe)
        return message


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


def render_issue(issue, subject_prefix="", count_links=False):
    """Render the issue once for all its readers.

    With `count_links` (an issue going to its readers, not a preview or a test copy), the
    note's links and the featured articles' become IssueLinks, and each reader's copy links
    to them through the click counter.
    """
    collector = links.LinkCollector() if count_links else None
    body_html = email_html(issue.body_html)
    # The text part is written from the same HTML, so both parts have the same links.
    body_text = plaintext.from_html(body_html, link=collector.stand_in if collector else None)
    if collector:
        body_html = collector.in_html(body_html)
    articles = []
    for article in issue.featured_articles():
        url = absolute_url(article.get_absolute_url())
        articles.append(
            {
                "title": article.title,
                "summary": article.summary,
                "category": article.category.name,
                "url": collector.stand_in(url) if collector else url,
            }
        )
    context = {
        **site_context(),
        "issue": issue,
        "body_html": body_html,
        "body_text": body_text,
        "articles": articles,
        "greeting": GREETING,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "web_url": absolute_url(issue.get_absolute_url()),
        "archive_url": absolute_url(reverse("newsletter:archive")),
        "home_url": absolute_url(reverse("articles:index")),
    }
    return RenderedIssue(
        subject=subject_prefix + issue.subject,
        text=render_to_string("newsletter/email/issue_body.txt", context),
        html=render_to_string("newsletter/email/issue_body.html", context),
        greeting=issue.greeting,
        greeting_fallback=issue.greeting_fallback,
        issue_pk=issue.pk,
        link_pks=collector.save(issue) if collector else (),
    )


def unsubscribe_url(subscriber_pk, delivery_pk=None):
    """Return a subscriber's unsubscribe link: it never expires.

    In a copy of an issue it names that copy (`delivery_pk`), so the issue counts the
    unsubscribe.
    """
    token = tokens.make_unsubscribe_token(subscriber_pk, delivery_pk)
    return absolute_url(reverse("newsletter:unsubscribe", args=[token]))


def list_id():
    """Return the List-Id header that lets mail clients recognise and filter the e-zine."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{settings.SITE_NAME} e-zine <ezine.{host}>"


def list_headers(unsubscribe_link):
    """Return the e-zine's list headers: its List-Id and RFC 8058 one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": list_id(),
    }


def issue_email(rendered, to, first_name, unsubscribe_link, delivery_pk=None):
    """Return the issue's message for one reader, with RFC 8058 one-click unsubscribe headers.

    `delivery_pk` names the reader's copy, which their counted links carry.
    """
    text, html = rendered.for_reader(first_name, unsubscribe_link, delivery_pk)
    message = IssueEmail(
        subject=rendered.subject, body=text, to=[to], headers=list_headers(unsubscribe_link)
    )
    message.attach_alternative(html, "text/html")
    return message


def preview_unsubscribe_url():
    """An unsubscribe link for previews and test copies: it leads to the page, for nobody."""
    return unsubscribe_url(0)


def send_test(issue, user, to=None):
    """Send one copy of the issue, marked as a test, greeting the editor by their first name,
    to the address they typed (by default their own)."""
    message = issue_email(
        render_issue(issue, subject_prefix="[Test] "),
        to=to or user.email,
        first_name=user.first_name,
        unsubscribe_link=preview_unsubscribe_url(),
    )
    message.send(using=settings.NEWSLETTER_MAILER)
    logger.info("Test copy of issue %s sent by user %s", issue.pk, user.pk)
