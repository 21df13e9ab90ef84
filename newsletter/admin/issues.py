"""Issues in the admin: write, send, and follow the progress (the preview and test copies
are newsletter/admin/preview.py's)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles.models import Article
from newsletter import checks, tasks
from newsletter.admin.preview import IssuePreviewMixin
from newsletter.models import Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)


@admin.register(Issue)
class IssueAdmin(IssuePreviewMixin, admin.ModelAdmin):
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
        css = {"all": ["newsletter/admin/issue-editor.css"]}

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
        issue = self.get_object(request, object_id) if request.method == "GET" else None
        if issue is not None and issue.is_draft() and (problem := checks.problem(issue)):
            self.message_user(
                request, f"This issue cannot be sent yet. {problem}", messages.WARNING
            )
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

    def send_view(self, request, object_id):
        """Ask, then send the issue to every confirmed subscriber (or resume an unfinished send)."""
        issue = self.get_issue_or_404(request, object_id)
        if not request.user.has_perm("newsletter.send_issue"):
            raise PermissionDenied
        problem = checks.problem(issue) if issue.is_draft() else ""
        if problem:
            # Asked again on POST: the articles may have changed since the page was shown.
            if request.method == "POST":
                self.message_user(request, f"Not sent. {problem}", messages.ERROR)
                return redirect("admin:newsletter_issue_change", issue.pk)
            return self.send_page(
                request, issue, title="This issue cannot be sent yet", problem=problem
            )
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
