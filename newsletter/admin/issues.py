"""Issues in the admin: write, preview, send a test copy, send, and follow the progress.

The preview page shows the email as it is sent: its HTML in a sandboxed frame, whose
document (`preview/email/`) has a policy of its own that lets the email's inline styles
apply there and nowhere else, and its text version beside it.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP, build_policy
from django.utils.formats import date_format
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles.models import Article
from newsletter import emails, greetings, tasks
from newsletter.admin.forms import TestCopyForm
from newsletter.models import Delivery, Issue, Subscriber

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


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "created_at", "sent_at", "progress"]
    list_filter = ["status"]
    search_fields = ["subject"]
    autocomplete_fields = ["articles"]
    fieldsets = [
        (None, {"fields": ["subject"]}),
        (
            "Greeting",
            {
                "fields": ["greeting", "greeting_fallback"],
                "description": "The first line of every copy, before your note: the one "
                "place where the reader's name can go.",
            },
        ),
        (None, {"fields": ["body", "articles"]}),
        ("Sending", {"fields": ["status", "progress", "queued_at", "sent_at"]}),
    ]
    readonly_fields = ["status", "progress", "queued_at", "sent_at"]

    class Media:
        css = {"all": ["admin-smallbiz/issue-editor.css"]}

    def get_queryset(self, request):
        Status = Delivery.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=Status.SENT)),
                failed_count=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
                total_count=Count("deliveries"),
                resent_count=Count(
                    "deliveries",
                    filter=Q(deliveries__status=Status.SENT, deliveries__is_resend=True),
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft():
            return admin.utils.flatten_fieldsets(self.fieldsets)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft()) and super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request):
        """Start a new issue with this month's subject and the articles since the last issue."""
        initial = super().get_changeform_initial_data(request)
        last = Issue.objects.exclude(queued_at=None).order_by("-queued_at").first()
        since = last.queued_at if last else timezone.now() - timedelta(days=31)
        articles = Article.objects.published().filter(published_at__gt=since).newest_first()
        month = date_format(timezone.localdate(), "F Y")
        initial.setdefault("subject", f"{settings.SITE_NAME} e-zine, {month}")
        initial.setdefault("articles", list(articles.values_list("pk", flat=True)))
        return initial

    @admin.display(description="Progress")
    def progress(self, obj):
        if obj.pk is None or obj.is_draft():
            return "Not sent yet"
        sent, failed, total = obj.sent_count, obj.failed_count, obj.total_count
        progress = f"{sent} sent / {failed} failed / {total} total"
        if obj.resent_count:
            # Messages a stopped sender may have handed over already: see newsletter.sending.
            progress += f" ({obj.resent_count} sent again after a crash)"
        return progress

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {
            "can_send": request.user.has_perm("newsletter.send_issue"),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<path:object_id>/preview/email/",
                self.admin_site.admin_view(xframe_options_sameorigin(self.preview_email_view)),
                name="newsletter_issue_preview_email",
            ),
            path(
                "<path:object_id>/send-test/",
                self.admin_site.admin_view(self.send_test_view),
                name="newsletter_issue_send_test",
            ),
            path(
                "<path:object_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletter_issue_send",
            ),
            *super().get_urls(),
        ]

    def get_issue_or_404(self, request, object_id):
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404("No such issue.")
        return issue

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return redirect("admin:newsletter_issue_preview", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return redirect("admin:newsletter_issue_preview", obj.pk)
        return super().response_change(request, obj)

    def preview_view(self, request, object_id, test_form=None):
        """Show the issue's email as it is sent, HTML and text, with a form to send a test."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
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

    def send_view(self, request, object_id):
        """Ask, then send the issue to every confirmed subscriber (or resume an unfinished send)."""
        issue = self.get_issue_or_404(request, object_id)
        if not request.user.has_perm("newsletter.send_issue"):
            raise PermissionDenied
        if request.method == "POST":
            self.start_or_resume_sending(request, issue)
            return redirect("admin:newsletter_issue_change", issue.pk)
        if issue.is_draft():
            readers = Subscriber.objects.confirmed().count()
            question = f"Send “{issue}” to {readers} confirmed subscriber{pluralize(readers)} now?"
            button = "Send to subscribers"
        else:
            question = f"Resume sending “{issue}” to the subscribers it has not reached yet?"
            button = "Resume sending"
        return self.send_page(
            request,
            issue,
            title="Send this issue?",
            question=question,
            button=button,
            action=reverse("admin:newsletter_issue_send", args=[issue.pk]),
        )

    def start_or_resume_sending(self, request, issue):
        """Queue a draft and start sending it, or hand an unfinished send back to the workers."""
        if issue.is_draft():
            queued = tasks.start_sending(issue)
            self.message_user(
                request,
                f"“{issue}” is going out to {queued} subscriber{pluralize(queued)}. "
                "This page shows the progress.",
            )
        elif issue.status == Issue.Status.SENDING:
            tasks.resume_sending(issue)
            self.message_user(request, f"Sending “{issue}” resumed.")

    def send_page(self, request, issue, **context):
        """Render the page that asks before sending; its button POSTs to `action`."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "issue": issue,
            **context,
        }
        return TemplateResponse(request, "admin/newsletter/issue/send.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "issue",
        "subscriber_id",
        "status",
        "attempts",
        "sent_at",
        "is_resend",
        "error",
    ]
    list_filter = ["status", "is_resend", "issue"]
    list_select_related = ["issue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
