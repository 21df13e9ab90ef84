"""The issue's preview in the admin, and test copies to an address the editor types.

The preview page shows the email as it is sent: its HTML in a sandboxed frame, whose
document (`preview/email/`) has a policy of its own that lets the email's inline styles
apply there and nowhere else, and its text version beside it.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.csp import CSP, build_policy

from newsletter import checks, emails, greetings
from newsletter.admin.forms import TestCopyForm

logger = logging.getLogger(__name__)

# Each editor may send this many test copies an hour (counted in the cache), so that the
# form cannot be used to mail any address again and again.
TEST_COPIES_PER_HOUR = 10
# The name that shows the greeting in the preview when the editor's account has none.
SAMPLE_FIRST_NAME = "Pat"
# Links in the previewed email open in a new tab: inside the frame, the site's pages refuse
# to be shown (X-Frame-Options: DENY).
LINKS_IN_NEW_TABS = '<base target="_blank">'
# The frame's sandbox, also sent in its document's policy so that it holds when the
# document is opened on its own: no scripts, no same origin, no forms; links may open tabs.
FRAME_SANDBOX = ["allow-popups", "allow-popups-to-escape-sandbox"]


def site_origin():
    """Return the scheme, host and port of SITE_URL: where the email's pictures come from."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def email_preview_policy():
    """Return the preview frame's Content-Security-Policy: the email's inline styles and
    pictures, nothing else, and shown only in this site's pages."""
    return {
        "default-src": [CSP.NONE],
        "style-src": [CSP.UNSAFE_INLINE],
        # The site's own pictures; a picture from another site is shown as readers see it.
        "img-src": [CSP.SELF, site_origin(), "https:"],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
        "frame-ancestors": [CSP.SELF],
        "sandbox": FRAME_SANDBOX,
    }


def use_test_copy_allowance(user):
    """Count one test copy by this editor; return False if they have sent their hour's worth."""
    key = f"newsletter:test-copies:{user.pk}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        sent = cache.incr(key)
    except ValueError:
        # The count expired between add() and incr(): this copy starts a new hour.
        cache.set(key, 1, timeout=60 * 60)
        sent = 1
    return sent <= TEST_COPIES_PER_HOUR


class IssuePreviewMixin:
    """IssueAdmin's preview page, its frame's document and the test-copy form."""

    def preview_view(self, request, object_id, test_form=None):
        """Show the issue's email as it is sent, HTML and text, with a form to send a test."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        if request.method == "GET" and issue.is_draft() and (problem := checks.problem(issue)):
            self.message_user(
                request, f"This issue cannot be sent yet. {problem}", messages.WARNING
            )
        text, _ = emails.render_issue(issue).for_reader(
            request.user.first_name, emails.preview_unsubscribe_url()
        )
        can_test = self.has_change_permission(request, issue)
        if can_test and test_form is None:
            test_form = TestCopyForm(initial={"address": request.user.email})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "issue": issue,
            "title": f"Preview: {issue}",
            "text": text,
            "greeting_with_name": greetings.fill(
                issue.greeting,
                issue.greeting_fallback,
                request.user.first_name or SAMPLE_FIRST_NAME,
            ),
            "greeting_without_name": greetings.fill(issue.greeting, issue.greeting_fallback, ""),
            "test_form": test_form if can_test else None,
            "tests_per_hour": TEST_COPIES_PER_HOUR,
        }
        return TemplateResponse(request, "admin/newsletter/issue/preview.html", context)

    def preview_email_view(self, request, object_id):
        """Answer the preview's frame: the HTML email as the editor would get it, under a
        policy of its own that lets its inline styles apply."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        _, html = emails.render_issue(issue).for_reader(
            request.user.first_name, emails.preview_unsubscribe_url()
        )
        response = HttpResponse(html.replace("<head>", f"<head>{LINKS_IN_NEW_TABS}", 1))
        # Set here, the header replaces the site's policy (the middleware leaves it alone).
        response.headers["Content-Security-Policy"] = build_policy(email_preview_policy())
        return response

    def send_test_view(self, request, object_id):
        """Send a copy of the issue marked as a test to the address the editor typed."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_change_permission(request, issue):
            raise PermissionDenied
        preview_url = reverse("admin:newsletter_issue_preview", args=[issue.pk])
        if request.method != "POST":
            return redirect(f"{preview_url}#send-test")
        form = TestCopyForm(request.POST)
        if not form.is_valid():
            return self.preview_view(request, object_id, test_form=form)
        self.send_test_copy(request, issue, form.cleaned_data["address"])
        return redirect(preview_url)

    def send_test_copy(self, request, issue, address):
        """Send the test copy unless the editor has used up the hour's allowance; say which."""
        if not use_test_copy_allowance(request.user):
            logger.info(
                "Test copy of issue %s refused to user %s: hourly limit", issue.pk, request.user.pk
            )
            self.message_user(
                request,
                f"No test copy was sent: you have sent {TEST_COPIES_PER_HOUR} in the last "
                "hour, the most allowed. Try again later.",
                "error",
            )
            return
        try:
            emails.send_test(issue, request.user, to=address)
        except OSError as error:
            # The error may quote the address, which the logs never hold: name its kind.
            logger.warning(
                "Test copy of issue %s by user %s not sent: %s",
                issue.pk,
                request.user.pk,
                type(error).__name__,
            )
            self.message_user(
                request,
                "The test copy could not be sent: the mail server did not take it. "
                "Try again in a few minutes.",
                "error",
            )
            return
        self.message_user(request, f"A test copy was sent to {address}.")
